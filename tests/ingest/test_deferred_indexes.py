"""A load as large as its table builds the secondary indexes once at the end: they are all
there afterwards, used by queries, and a rejected file leaves them as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from leadsift.domain.errors import InputFileError
from leadsift.ingest import importer
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace

HEADER = "touch_id,campaign,channel,kind,occurred_at,email\n"


def _indexes(workspace: Workspace) -> set[str]:
    database = next(workspace.root.glob("*.db"))
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'touches'"
        ).fetchall()
    return {name for (name,) in rows}


def _file(tmp_path: Path, rows: int, bad_line: int | None = None) -> Path:
    lines = [f"t{i},spring,email,open,2026-04-02T14:03:11Z,p{i}@c.example\n" for i in range(rows)]
    if bad_line is not None:
        lines[bad_line] = "tx,spring,email,open,yesterday,p@c.example\n"
    path = tmp_path / f"touches-{rows}-{bad_line}.csv"
    path.write_text(HEADER + "".join(lines))
    return path


def test_indexes_are_rebuilt_after_a_large_load(
    sqlite_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _indexes(sqlite_workspace)
    assert "ix_touches_email" in before
    monkeypatch.setattr(importer, "_DEFER_INDEXES_AT", 10)
    with sqlite_workspace.opened() as engine:
        with pytest.raises(InputFileError):
            import_file(
                engine, "touches", _file(tmp_path, 300, bad_line=250), ImportOptions(batch_rows=100)
            )
        assert _indexes(sqlite_workspace) == before
        result = import_file(engine, "touches", _file(tmp_path, 300), ImportOptions(batch_rows=100))
    assert result.rows_new == 300
    assert _indexes(sqlite_workspace) == before
    database = next(sqlite_workspace.root.glob("*.db"))
    with sqlite3.connect(database) as connection:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM touches WHERE email = 'p7@c.example'"
        ).fetchall()
        assert "ix_touches_email" in " ".join(str(step) for step in plan)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
