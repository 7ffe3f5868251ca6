"""The service's outreach worker: `leadsift serve` runs `leadsift outreach run` every
`[service] outreach_every_seconds` (default 60; 0 turns it off), so that due steps go out
and replies are read without anyone running a command.

Each run is a child process, as the background score is (api/background.py): the run holds
SMTP and IMAP connections and renders templates, none of which belongs in the server's
interpreter, and it takes the workspace's write lock as any other writer does, so the
service stays one writer at a time. One run at a time: a tick that finds the last run still
going waits for the next. A tick first asks the database one cheap question (is anyone in
an `active` or `paused` enrolment?) and starts nothing when nobody is, which is most
workspaces most of the time. What a run prints is appended to OUTREACH_LOG in the
workspace folder, each run under a line saying when it started.

Stopping the server does not end a run in progress: a run marks an email `sending` before
handing it over, and ending it there would leave that email's fate unknown; it finishes on
its own, as a scoring run does.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from leadsift.workspace.workspace import Workspace

log = logging.getLogger("leadsift.serve")

OUTREACH_LOG = ".leadsift-outreach.log"  # what the service's outreach runs printed
LIVE_QUERY = "SELECT 1 FROM enrolments WHERE status IN ('active','paused') LIMIT 1"


def outreach_command(root: Path, python: str = sys.executable) -> list[str]:
    """The command line of one run: this interpreter's leadsift on this workspace."""
    return [python, "-m", "leadsift", "--workspace", str(root), "outreach", "run"]


@dataclass
class WorkerState:
    checks: int = 0
    runs_started: int = 0
    runs_failed: int = 0
    last_exit: int | None = None


class OutreachWorker:
    """A thread beside the server that starts the runs; `command` replaces the run's
    command line (tests)."""

    def __init__(
        self,
        workspace: Workspace,
        engine: sa.Engine,
        every: float,
        command: Sequence[str] | None = None,
    ) -> None:
        self.workspace, self.engine, self.every = workspace, engine, every
        self.command = list(command) if command else outreach_command(workspace.root)
        self.log_path = workspace.root / OUTREACH_LOG
        self.state = WorkerState()
        self._stopping = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.every > 0

    def start(self) -> None:
        if not self.enabled:
            return
        self._thread = threading.Thread(target=self._run, name="leadsift-outreach", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop ticking; a run in progress is left to finish (see the module's docstring)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.tick()
            except Exception:  # the next tick tries again
                log.exception("the outreach worker's tick failed")
            self._stopping.wait(self.every)

    def running(self) -> bool:
        """Whether a run is still going (noting how the last one ended when it has)."""
        if self._child is None:
            return False
        code = self._child.poll()
        if code is None:
            return True
        self.state.last_exit = code
        if code != 0:
            self.state.runs_failed += 1
            log.error("leadsift outreach run exited with %s (see %s)", code, self.log_path)
        self._child = None
        return False

    def has_live_enrolments(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(sa.text(LIVE_QUERY)).first() is not None

    def tick(self) -> bool:
        """Start a run if none is going and someone is in a live sequence; True if it did."""
        self.state.checks += 1
        if self.running() or not self.has_live_enrolments():
            return False
        with self.log_path.open("ab") as out:
            out.write(f"--- {datetime.now(UTC).isoformat()} {shlex.join(self.command)}\n".encode())
            out.flush()
            self._child = subprocess.Popen(
                self.command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.workspace.root,
            )  # fmt: skip
        self.state.runs_started += 1
        return True

    def wait_for_run(self, timeout: float = 30.0) -> int | None:
        """Block until the current run ends; its exit code (None: no run, or still going)."""
        child = self._child
        if child is None:
            return None
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self.running()
        return self.state.last_exit
