"""The service's outreach worker (api/outreach_worker.py): it starts `leadsift outreach run`
in a real child process, only while someone is in a live sequence, one run at a time, never
when `[service] outreach_every_seconds` is 0, with the child's output in the workspace's
log; and `leadsift serve` starts it.

The runs here are of a fake interpreter (a script that notes the arguments it was given), so
that what is checked is the command line the worker launches, not what a run does."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from leadsift.api.outreach_worker import OUTREACH_LOG, OutreachWorker, outreach_command
from leadsift.store import schema
from leadsift.workspace.workspace import Workspace, find_workspace
from tests.helpers import serving
from tests.web.test_unsubscribe import seed

RUN = ["outreach", "run"]


def fake_python(folder: Path, exit_code: int = 0, hold: Path | None = None) -> Path:
    """An executable standing in for the interpreter: it appends its arguments to
    `calls.jsonl` beside it, prints a line, waits while `hold` exists, and exits."""
    script = folder / "fake-python"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys, time\n"
        f"calls = pathlib.Path({str(folder / 'calls.jsonl')!r})\n"
        "with calls.open('a') as out:\n"
        "    out.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "print('fake outreach run', flush=True)\n"
        f"hold = {str(hold) if hold else ''!r}\n"
        "while hold and pathlib.Path(hold).exists():\n"
        "    time.sleep(0.05)\n"
        f"sys.exit({exit_code})\n"
    )
    script.chmod(0o755)
    return script


def calls(folder: Path) -> list[list[str]]:
    path = folder / "calls.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def set_status(workspace: Workspace, status: str) -> None:
    with workspace.opened() as engine, engine.begin() as c:
        c.execute(schema.enrolments.update().values(status=status))


@pytest.fixture
def engine(sqlite_workspace: Workspace) -> Iterator[sa.Engine]:
    with sqlite_workspace.opened() as opened:
        yield opened


def worker_of(
    workspace: Workspace, engine: sa.Engine, python: Path, every: float = 60
) -> OutreachWorker:
    return OutreachWorker(workspace, engine, every, outreach_command(workspace.root, str(python)))


def test_a_tick_launches_outreach_run_on_the_workspace(
    sqlite_workspace: Workspace, engine: sa.Engine, tmp_path: Path
) -> None:
    seed(sqlite_workspace)
    worker = worker_of(sqlite_workspace, engine, fake_python(tmp_path))
    assert worker.tick() is True
    assert worker.wait_for_run(30) == 0
    root = str(sqlite_workspace.root)
    assert calls(tmp_path) == [["-m", "leadsift", "--workspace", root, *RUN]]
    log = (sqlite_workspace.root / OUTREACH_LOG).read_text()
    header, said = log.splitlines()
    assert header.startswith("--- ") and header.endswith(
        f"-m leadsift --workspace {root} outreach run"
    )
    assert said == "fake outreach run"
    # by default the command is this interpreter's leadsift
    default = OutreachWorker(sqlite_workspace, engine, 60).command
    assert default == [sys.executable, "-m", "leadsift", "--workspace", root, *RUN]


@pytest.mark.parametrize("status", ["finished", "stopped"])
def test_no_run_while_nobody_is_in_a_live_sequence(
    sqlite_workspace: Workspace, engine: sa.Engine, tmp_path: Path, status: str
) -> None:
    worker = worker_of(sqlite_workspace, engine, fake_python(tmp_path))
    assert worker.tick() is False  # an empty workspace
    seed(sqlite_workspace)
    set_status(sqlite_workspace, status)
    assert worker.tick() is False
    assert calls(tmp_path) == [] and not (sqlite_workspace.root / OUTREACH_LOG).exists()
    set_status(sqlite_workspace, "paused")  # a paused sequence is live: its run resumes it
    assert worker.tick() is True and worker.wait_for_run(30) == 0
    assert len(calls(tmp_path)) == 1 and worker.state.checks == 3


def test_one_run_at_a_time(sqlite_workspace: Workspace, engine: sa.Engine, tmp_path: Path) -> None:
    seed(sqlite_workspace)
    hold = tmp_path / "hold"
    hold.touch()
    worker = worker_of(sqlite_workspace, engine, fake_python(tmp_path, hold=hold))
    assert worker.tick() is True
    deadline = time.monotonic() + 30
    while not calls(tmp_path):  # the first run is under way
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert [worker.tick(), worker.tick()] == [False, False]
    hold.unlink()
    assert worker.wait_for_run(30) == 0
    assert worker.tick() is True and worker.wait_for_run(30) == 0
    assert len(calls(tmp_path)) == 2 and worker.state.runs_started == 2


def test_a_failed_run_is_counted_and_the_next_tick_runs_again(
    sqlite_workspace: Workspace, engine: sa.Engine, tmp_path: Path
) -> None:
    seed(sqlite_workspace)
    worker = worker_of(sqlite_workspace, engine, fake_python(tmp_path, exit_code=3))
    assert worker.tick() is True and worker.wait_for_run(30) == 3
    assert worker.state.runs_failed == 1
    assert worker.tick() is True and worker.wait_for_run(30) == 3
    assert worker.state.runs_failed == 2 and len(calls(tmp_path)) == 2


def test_the_thread_ticks_on_its_own_and_zero_starts_nothing(
    sqlite_workspace: Workspace, engine: sa.Engine, tmp_path: Path
) -> None:
    seed(sqlite_workspace)
    off = worker_of(sqlite_workspace, engine, fake_python(tmp_path), every=0)
    off.start()
    on = worker_of(sqlite_workspace, engine, fake_python(tmp_path), every=0.1)
    on.start()
    try:
        deadline = time.monotonic() + 30
        while len(calls(tmp_path)) < 2:  # the first run at once, the next a tick after it
            assert time.monotonic() < deadline, "the worker's thread started no run"
            time.sleep(0.05)
    finally:
        on.stop()
        off.stop()
    assert off.state.checks == 0 and off.state.runs_started == 0
    assert on.state.runs_started >= 2


def _every(workspace: Workspace, seconds: float) -> Workspace:
    text = workspace.settings_path.read_text()
    assert "[service]\n" in text
    text = text.replace("[service]\n", f"[service]\noutreach_every_seconds = {seconds}\n", 1)
    workspace.settings_path.write_text(text)
    return find_workspace(workspace.root)


def test_leadsift_serve_runs_outreach(sqlite_workspace: Workspace) -> None:
    workspace = _every(sqlite_workspace, 1)
    seed(workspace)
    log = workspace.root / OUTREACH_LOG
    command = f"-m leadsift --workspace {workspace.root} outreach run"
    with serving(workspace):
        deadline = time.monotonic() + 30
        while not (log.exists() and command in log.read_text()):
            assert time.monotonic() < deadline, "leadsift serve started no outreach run"
            time.sleep(0.1)
    headers = [line for line in log.read_text().splitlines() if line.startswith("--- ")]
    assert headers and all(line.endswith(f"{sys.executable} {command}") for line in headers)


@pytest.mark.parametrize(("every", "live"), [(0, True), (0.5, False)])
def test_leadsift_serve_runs_no_outreach_when_off_or_idle(
    sqlite_workspace: Workspace, every: float, live: bool
) -> None:
    workspace = _every(sqlite_workspace, every)
    if live:
        seed(workspace)
    with serving(workspace):
        time.sleep(2.0)  # four ticks' worth at 0.5 s
    assert not (workspace.root / OUTREACH_LOG).exists()
