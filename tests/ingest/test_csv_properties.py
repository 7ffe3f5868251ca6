"""Hypothesis-generated CSV files: whatever the delimiter, quoting, BOM or encoding, valid
files import exactly their rows, and a broken cell is reported at its true line and column."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from leadsift.domain.errors import InputFileError
from leadsift.domain.vocabulary import CHANNELS, TOUCH_KINDS
from leadsift.ingest.importer import NULL_TEXTS, ImportOptions, import_file
from leadsift.workspace.workspace import init_workspace

COLUMNS = ["touch_id", "campaign", "channel", "kind", "occurred_at", "email", "value"]
BASE = datetime(2026, 3, 1, tzinfo=UTC)

# Free text as marketing exports contain it: accents, quotes, delimiters and line breaks.
free_text = st.text(
    alphabet=st.characters(codec="cp1252", exclude_categories=("Cs", "Cc"))
    | st.sampled_from([",", ";", "\t", '"', "\n", "é", "ß"]),
    max_size=20,
)


@st.composite
def touch_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    count = draw(st.integers(min_value=1, max_value=30))
    rows = []
    for number in range(count):
        when = BASE + timedelta(seconds=draw(st.integers(0, 10_000_000)))
        stamp = draw(
            st.sampled_from(
                [
                    when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    when.isoformat(),
                    (when.astimezone(tz=None)).isoformat(),
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                ]
            )
        )
        rows.append(
            {
                "touch_id": f"id-{number}",
                "campaign": draw(free_text),
                "channel": draw(st.sampled_from(sorted(CHANNELS))),
                "kind": draw(st.sampled_from(sorted(TOUCH_KINDS))),
                "occurred_at": stamp,
                "email": draw(st.emails()),
                "value": draw(st.one_of(st.just(""), st.floats(-1e6, 1e6).map(repr))),
            }
        )
    return rows


def _write(rows: list[dict[str, str]], delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _valid_utf8_but_other_text(content: bytes) -> bool:
    try:
        return content.decode("utf-8") != content.decode("cp1252")
    except UnicodeDecodeError:
        return False


def _physical_line(content: str, delimiter: str, row_index: int) -> int:
    """The line a row starts on, counting the line breaks inside quoted cells."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    next(reader)
    line = reader.line_num
    for index, _ in enumerate(reader):
        if index == row_index:
            return line + 1
        line = reader.line_num
    raise AssertionError("row not found")


def _cell(text: str) -> str | None:
    """A cell as the importer reads it: trimmed, and tools' placeholders ("--") are empty."""
    text = text.strip()
    return None if not text or text in NULL_TEXTS else text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=touch_rows(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_valid_files_import_exactly_their_rows(
    tmp_path: Path, rows: list[dict[str, str]], delimiter: str, encoding: str
) -> None:
    content = _write(rows, delimiter, encoding)
    # Windows-1252 bytes that also happen to be valid UTF-8 ("Â\xa0" is C2 A0, UTF-8's
    # no-break space) are read as UTF-8, as any reader must: no file says which it is
    assume(encoding != "cp1252" or not _valid_utf8_but_other_text(content))
    folder = tmp_path / uuid.uuid4().hex
    workspace = init_workspace(folder)
    path = folder / "touches.csv"
    path.write_bytes(content)
    engine = workspace.connect()
    try:
        result = import_file(engine, "touches", path, ImportOptions(batch_rows=100))
        with engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT touch_id, campaign, kind, email FROM touches ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert result.rows_new == len(rows)
    expected = [(r["touch_id"], _cell(r["campaign"]), r["kind"], r["email"].strip()) for r in rows]
    assert sorted(tuple(s) for s in stored) == sorted(expected)
    if encoding == "cp1252" and content != content.decode("cp1252").encode("utf-8"):
        assert any("Windows-1252" in w or "Latin-1" in w for w in result.warnings)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=touch_rows(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    data=st.data(),
)
def test_a_broken_cell_is_reported_where_it_is(
    tmp_path: Path, rows: list[dict[str, str]], delimiter: str, data: st.DataObject
) -> None:
    victim = data.draw(st.integers(0, len(rows) - 1))
    column, bad_value = data.draw(
        st.sampled_from(
            [
                ("channel", "carrier-pigeon"),
                ("kind", "teleport"),
                ("occurred_at", "last week"),
                ("value", "lots"),
            ]
        )
    )
    rows[victim] = {**rows[victim], column: bad_value}
    content = _write(rows, delimiter, "utf-8")
    folder = tmp_path / uuid.uuid4().hex
    workspace = init_workspace(folder)
    path = folder / "touches.csv"
    path.write_bytes(content)
    engine = workspace.connect()
    try:
        with pytest.raises(InputFileError) as caught:
            import_file(engine, "touches", path, ImportOptions(batch_rows=7))
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM touches")).scalar_one() == 0
    finally:
        engine.dispose()
    problem = caught.value.problems[0]
    assert problem.column == column
    assert problem.line == _physical_line(content.decode(), delimiter, victim)
