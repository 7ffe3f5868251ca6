"""Every kind of bad input ends in one clear, located error and an unchanged workspace."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from leadsift.domain.errors import InputFileError
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, snapshot

HEADER = "touch_id,campaign,channel,kind,occurred_at,email\n"
GOOD_ROW = "t1,spring,email,open,2026-04-02T14:03:11Z,ann@clinic.example\n"


def _import(workspace: Workspace, path: Path, kind: str = "touches") -> None:
    engine = workspace.connect()
    try:
        import_file(engine, kind, path, ImportOptions())
    finally:
        engine.dispose()


def _rejected(workspace: Workspace, path: Path, kind: str = "touches") -> InputFileError:
    before = snapshot(workspace)
    with pytest.raises(InputFileError) as caught:
        _import(workspace, path, kind)
    assert snapshot(workspace) == before, "a rejected file must leave the workspace unchanged"
    return caught.value


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            "t2,spring,emale,open,2026-04-02T14:03:11Z,a@b.example",
            "channel",
            "did you mean 'email'",
        ),
        ("t2,spring,email,opned,2026-04-02T14:03:11Z,a@b.example", "kind", "did you mean 'open'"),
        ("t2,spring,email,open,02/04/2026 2pm,a@b.example", "occurred_at", "ISO 8601"),
        ("t2,spring,email,open,,a@b.example", "occurred_at", "a value is required"),
        ("t2,spring,email,open,2026-02-30T10:00:00Z,a@b.example", "occurred_at", "ISO 8601"),
    ],
)
def test_a_bad_value_names_line_column_and_reason(
    workspace: Workspace, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + GOOD_ROW + row + "\n", encoding="utf-8")
    error = _rejected(workspace, path)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.line, problem.column) == (3, column)
    assert reason in problem.reason
    assert f"{path}:3: column '{column}'" in error.render()


def test_a_bad_last_row_leaves_nothing_behind(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        f"t{i},spring,email,open,2026-04-02T14:03:11Z,p{i}@clinic.example\n" for i in range(500)
    ]
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + "".join(rows) + "t999,spring,email,open,not-a-date,x@y.example\n")
    engine = sqlite_workspace.connect()
    try:
        with pytest.raises(InputFileError) as caught:
            import_file(engine, "touches", path, ImportOptions(batch_rows=100))
    finally:
        engine.dispose()
    assert caught.value.problems[0].line == 502
    assert count_rows(sqlite_workspace, "touches") == 0
    assert count_rows(sqlite_workspace, "imports") == 0


def test_only_the_first_twenty_problems_are_listed_then_a_count(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    rows = [f"t{i},spring,email,opem,2026-04-02T14:03:11Z,p{i}@c.example\n" for i in range(45)]
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + "".join(rows))
    error = _rejected(sqlite_workspace, path)
    assert error.total == 45
    rendered = error.render().splitlines()
    assert len(rendered) == 1 + 20 + 1
    assert rendered[-1].strip() == "... and 25 more problem(s)"


def test_duplicate_keys_inside_one_file_are_rejected(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + GOOD_ROW + GOOD_ROW.replace("open", "click"))
    error = _rejected(sqlite_workspace, path)
    assert error.problems[0].line == 3
    assert "duplicate key" in error.problems[0].reason
    assert "line 2" in error.problems[0].reason


def test_identical_rows_without_touch_id_are_duplicates(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "touches.csv"
    row = "spring,email,open,2026-04-02T14:03:11Z,ann@clinic.example\n"
    path.write_text("campaign,channel,kind,occurred_at,email\n" + row + row)
    error = _rejected(sqlite_workspace, path)
    assert error.problems[0].line == 3


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (HEADER.encode(), "no data rows"),
        (b"\x00\x01\x02binary\x00junk", "binary"),
        (gzip.compress((HEADER + GOOD_ROW).encode()), "gzip"),
        (b"PK\x03\x04 pretend workbook", "ZIP"),
        (b"campaign,channel\nspring,email\n", "missing required column(s) kind, occurred_at"),
        (b"a,b,a\n1,2,3\n", "twice"),
        ((HEADER + "t1,spring,email\n").encode(), "has 3 fields, the header has 6"),
    ],
)
def test_broken_files_get_one_clear_message(
    sqlite_workspace: Workspace, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "touches.csv"
    path.write_bytes(content)
    error = _rejected(sqlite_workspace, path)
    assert reason in error.render()


def test_parquet_named_csv_says_what_it_really_is(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    real = tmp_path / "real.parquet"
    pq.write_table(pa.table({"kind": ["open"]}), real)
    fake = tmp_path / "touches.csv"
    fake.write_bytes(real.read_bytes())
    assert "Parquet" in _rejected(sqlite_workspace, fake).render()
    text = tmp_path / "touches.parquet"
    text.write_text(HEADER + GOOD_ROW)
    assert "not a Parquet file" in _rejected(sqlite_workspace, text).render()


def test_json_lines_errors_name_the_line(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "touches.jsonl"
    path.write_text(
        '{"touch_id": "a", "channel": "email", "kind": "open", "occurred_at": "2026-04-02"}\n'
        '{"touch_id": "b", "channel": "email", "kind": "open", "occurred_at": \n'
        '["not", "an", "object"]\n'
    )
    error = _rejected(sqlite_workspace, path)
    assert [p.line for p in error.problems] == [2, 3]
    assert "invalid JSON" in error.problems[0].reason


def test_a_file_that_is_not_json_lines(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "touches.jsonl"
    path.write_text(HEADER + GOOD_ROW)
    assert "not JSON Lines" in _rejected(sqlite_workspace, path).render()


def test_check_only_validates_without_writing(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + GOOD_ROW)
    engine = sqlite_workspace.connect()
    try:
        result = import_file(engine, "touches", path, ImportOptions(check_only=True))
    finally:
        engine.dispose()
    assert (result.status, result.rows_read) == ("checked", 1)
    assert count_rows(sqlite_workspace, "touches") == 0
    assert count_rows(sqlite_workspace, "imports") == 0


def test_duplicates_across_batches_name_both_lines(workspace: Workspace, tmp_path: Path) -> None:
    rows = [f"t{i},spring,email,open,2026-04-02T14:03:11Z,p{i}@c.example\n" for i in range(250)]
    rows[230] = rows[5]  # line 232 repeats line 7, two batches later
    path = tmp_path / "touches.csv"
    path.write_text(HEADER + "".join(rows))
    before = snapshot(workspace)
    with workspace.opened() as engine, pytest.raises(InputFileError) as caught:
        import_file(engine, "touches", path, ImportOptions(batch_rows=100))
    assert snapshot(workspace) == before
    assert [(p.line, p.reason) for p in caught.value.problems] == [
        (232, "duplicate key (touch_id (or content)) of line 7")
    ]
