"""Small helpers for tests: run the CLI in-process, count rows."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(workspace: Workspace) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real `leadsift serve` on a free port, answering; killed at the end."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(workspace.root),
         "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
