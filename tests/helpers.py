"""Small helpers for tests: run the CLI in-process, count rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from leadsift.cli.main import run
from leadsift.workspace.workspace import Workspace


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def invoke(capsys: pytest.CaptureFixture[str], *args: str) -> CliResult:
    """Run `leadsift ARGS` as the console script would, and capture what it printed."""
    capsys.readouterr()
    code = 0
    try:
        run(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return CliResult(code, captured.out, captured.err)


def query(workspace: Workspace, sql: str) -> list[Any]:
    with workspace.opened() as engine, engine.connect() as connection:
        return list(connection.execute(sa.text(sql)))


def count_rows(workspace: Workspace, table: str) -> int:
    return int(query(workspace, f'SELECT count(*) FROM "{table}"')[0][0])


def snapshot(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove that a rejected import changed nothing."""
    from leadsift.store.schema import metadata

    engine = workspace.connect()
    try:
        with engine.connect() as connection:
            return {
                name: sorted(
                    (tuple(str(v) for v in row) for row in connection.execute(table.select())),
                )
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()
