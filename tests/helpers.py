"""Small helpers for tests: run the CLI in-process, count rows."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
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
def serving(
    workspace: Workspace | Path, log: Path | None = None, options: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real `leadsift serve` on a free port, answering; stopped at the end (SIGTERM, then
    killed if it does not stop in 10 s). Its output goes to `log` when given; `options`
    are more of serve's options."""
    root = workspace.root if isinstance(workspace, Workspace) else workspace
    port = free_port()
    out = log.open("wb") if log is not None else None
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(root),
         "serve", "--port", str(port), *options],
        stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT if out else subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                said = log.read_text() if log is not None else ""
                assert process.poll() is None, f"leadsift serve stopped: {said}"
                assert time.monotonic() < deadline, "leadsift serve did not answer in 30 s"
                time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if out is not None:
            out.close()


def import_texts(session: Any, folder: Path, files: Sequence[tuple[str, str]]) -> list[Any]:
    """Write each (kind, CSV text) to `folder` and import it into the session's workspace
    through the application API; every file must be taken. Returns the files' results."""
    from leadsift.app.imports import import_files

    results = []
    for kind, text in files:
        path = folder / f"{kind}.csv"
        path.write_text(text)
        outcome = import_files(session, kind, [path])
        assert outcome.rejected == [], outcome.as_dict()
        results += outcome.as_dict()["files"]
    return results
