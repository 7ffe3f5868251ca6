"""The server's one writer: it moves what requests acknowledged from the inbox into the
workspace, and scores the workspace again when new data has come in.

Requests never write to the workspace themselves; they check what they are sent, put it in
the inbox (store/inbox.py) and answer. This thread takes the inbox's oldest deliveries in
one transaction under the workspace's write lock, so the server is a single writer whatever
its request concurrency, and a CLI import or scoring run holding the lock only delays the
moving, never a request.

New data starts an incremental `leadsift score` in a child process once the deliveries have
paused for `quiet` seconds (or after `longest` seconds of steady traffic), one run at a
time: a child keeps the scoring's memory and CPU out of the server process, and its own
write lock keeps it in line with every other writer.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import multiprocessing.process
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from leadsift.access.audit import record
from leadsift.app.unsubscribe import apply_unsubscribes
from leadsift.ingest.calls import take_calls
from leadsift.ingest.segment import EventError
from leadsift.ingest.service_log import close_entry, open_entry
from leadsift.privacy.suppression import SuppressionFilter
from leadsift.store import schema
from leadsift.store.inbox import INBOX_FILE, Delivery, Inbox
from leadsift.workspace.workspace import Workspace, find_workspace

log = logging.getLogger("leadsift.serve")

SCORE_LOG = ".leadsift-background-score.log"  # what the last background runs printed
_GATHER_SECONDS = 0.02

# What reads each kind of delivery: (connection, payload, workspace, import log entry) ->
# what it did, with "stored": rows per table
Applier = Callable[[sa.Connection, list[Any], Workspace, int], dict[str, Any]]


def _segment(
    connection: sa.Connection, payload: list[Any], workspace: Workspace, entry: int
) -> dict[str, Any]:
    erased = erased_filter(connection)
    result = take_calls(
        connection, payload, workspace.settings.service.events, entry,
        suppressed=None if erased is None else erased.rows,
    )  # fmt: skip
    return {
        "received": result.received, "repeated": result.repeated, "stored": result.stored,
        "suppressed": result.suppressed,
    }  # fmt: skip


_ERASED: dict[tuple[Any, ...], SuppressionFilter | None] = {}


def erased_filter(connection: sa.Connection) -> SuppressionFilter | None:
    """The erased people's digests, read again only when the list has changed (calls come
    in batches many times a second; the list changes with an erasure)."""
    s = schema.suppressions
    version = tuple(connection.execute(
        sa.select(sa.func.count(), sa.func.max(s.c.created_at)).where(s.c.reason == "erased")
    ).one())  # fmt: skip
    if version not in _ERASED:
        _ERASED.clear()
        _ERASED[version] = SuppressionFilter.load(connection, reasons=("erased",))
    return _ERASED[version]


APPLIERS: dict[str, Applier] = {"segment": _segment, "unsubscribe": apply_unsubscribes}


@dataclass
class ScoreSchedule:
    quiet: float = 10.0  # seconds without new data before scoring
    longest: float = 120.0  # score at least this often while data keeps coming
    enabled: bool = True


@dataclass
class WriterState:
    moved_calls: int = 0
    deliveries: int = 0
    refused: int = 0
    scores_started: int = 0
    scores_failed: int = 0
    last_score: dict[str, Any] = field(default_factory=dict)


class Writer:
    """The loop that moves the inbox into the workspace and starts background scoring. It
    runs where its host puts it (WriterHost): a child process under `leadsift serve`, so
    its pandas work never holds the server's interpreter lock while requests wait, or a
    thread for the service in process (tests)."""

    def __init__(
        self,
        workspace: Workspace,
        engine: sa.Engine,
        inbox: Inbox,
        schedule: ScoreSchedule,
        wake: EventLike,
        stopping: EventLike,
        batch_calls: int = 2_000,
    ) -> None:
        self.workspace, self.engine, self.inbox = workspace, engine, inbox
        self.schedule = schedule
        self.batch_calls = batch_calls
        self.state = WriterState()
        self._wake, self._stopping = wake, stopping
        self._dirty_since: float | None = None
        self._last_data = 0.0
        self._child: subprocess.Popen[bytes] | None = None

    def run(self) -> None:
        self._run()

    def _run(self) -> None:
        while True:
            if self._wake.wait(0.5):
                # a call rarely comes alone: a moment's wait lets the ones behind it join
                # the same move, which costs about what a move of one does
                time.sleep(_GATHER_SECONDS)
            self._wake.clear()
            try:
                moved = self._move_all()
            except Exception:  # the next round retries; the inbox still holds everything
                log.exception("moving the inbox into the workspace failed; retrying")
                moved = False
                time.sleep(1.0)
            if self._stopping.is_set():
                return
            if moved:
                now = time.monotonic()
                self._last_data = now
                self._dirty_since = self._dirty_since or now
            self._maybe_score()

    def _move_all(self) -> bool:
        moved = False
        while True:
            deliveries = self.inbox.oldest(self.batch_calls)
            if not deliveries:
                if moved:
                    _give_back_memory()
                return moved
            self._move(deliveries)
            moved = True

    def _move(self, deliveries: list[Delivery]) -> None:
        try:
            self._apply(deliveries)
        except (EventError, ValueError) as error:
            if len(deliveries) == 1:
                self.inbox.refuse(deliveries[0], str(error))
                self.state.refused += 1
                log.error("a delivery was refused by the workspace: %s", error)
                return
            for delivery in deliveries:  # find the one that is refused; take the others
                self._move([delivery])
            return
        self.inbox.done([d.seq for d in deliveries])
        self.state.deliveries += len(deliveries)
        self.state.moved_calls += sum(len(d.payload) for d in deliveries)

    def _apply(self, deliveries: list[Delivery]) -> None:
        with self.workspace.writing("leadsift serve"), self.engine.begin() as connection:
            seqs = f"{deliveries[0].seq}-{deliveries[-1].seq}@{self.inbox.path}"
            entry = open_entry(connection, "leadsift serve: tracking calls", seqs)
            stored: Counter[str] = Counter()
            for delivery in deliveries:
                applier = APPLIERS[delivery.source]
                detail = applier(connection, delivery.payload, self.workspace, entry)
                detail["received_at"] = delivery.received_at.isoformat()
                stored.update(detail.get("stored", {}))
                record(connection, delivery.api_key_id, delivery.action, detail)
            calls = sum(len(d.payload) for d in deliveries)
            close_entry(connection, entry, calls, dict(stored), deliveries=len(deliveries))

    def _maybe_score(self) -> None:
        if self._child is not None:
            code = self._child.poll()
            if code is None:
                return
            if code != 0:
                self.state.scores_failed += 1
                log.error("background scoring exited with %s", code)
            self._child = None
        if not self.schedule.enabled or self._dirty_since is None:
            return
        now = time.monotonic()
        quiet = now - self._last_data >= self.schedule.quiet
        overdue = now - self._dirty_since >= self.schedule.longest
        if quiet or overdue:
            self._dirty_since = None
            self.state.scores_started += 1
            with (self.workspace.root / SCORE_LOG).open("ab") as out:
                self._child = subprocess.Popen(
                    [
                        sys.executable, "-m", "leadsift", "--workspace",
                        str(self.workspace.root), "score", "--json",
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )  # fmt: skip


def _give_back_memory() -> None:
    """Hand freed heap back to the system after a busy spell: glibc keeps what pandas
    frees in its arenas, and the writer's memory would only grow with the traffic."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class EventLike(Protocol):
    def set(self) -> None: ...
    def clear(self) -> None: ...
    def is_set(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> bool: ...


def _writer_process(root: str, schedule: ScoreSchedule, wake: Any, stopping: Any) -> None:
    workspace = find_workspace(Path(root))
    engine = workspace.connect()
    inbox = Inbox(workspace.root / INBOX_FILE)
    try:
        Writer(workspace, engine, inbox, schedule, wake, stopping).run()
    finally:
        inbox.close()
        engine.dispose()


class WriterHost:
    """Starts the writer beside the server and stops it with it."""

    def __init__(
        self,
        workspace: Workspace,
        engine: sa.Engine,
        inbox: Inbox,
        schedule: ScoreSchedule,
        child_process: bool,
    ) -> None:
        self.inbox = inbox
        self._worker: threading.Thread | multiprocessing.process.BaseProcess
        self._wake: EventLike
        self._stopping: EventLike
        if child_process:
            spawn = multiprocessing.get_context("spawn")  # no fork of a threaded server
            self._wake, self._stopping = spawn.Event(), spawn.Event()
            self._worker = spawn.Process(
                target=_writer_process,
                args=(str(workspace.root), schedule, self._wake, self._stopping),
                name="leadsift-writer", daemon=True,
            )  # fmt: skip
        else:
            self._wake, self._stopping = threading.Event(), threading.Event()
            writer = Writer(workspace, engine, inbox, schedule, self._wake, self._stopping)
            self._worker = threading.Thread(target=writer.run, name="leadsift-writer", daemon=True)

    def start(self) -> None:
        self._worker.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Move what is waiting (within `timeout`), then stop; what is left stays in the
        inbox for the next start (a child still inside a move is ended, and its transaction
        with it). A scoring run is left to finish on its own."""
        self._stopping.set()
        self._wake.set()
        self._worker.join(timeout)
        child = self._worker
        if isinstance(child, multiprocessing.process.BaseProcess) and child.is_alive():
            child.terminate()
            child.join(5)

    def wait_until_moved(self, timeout: float = 30.0) -> bool:
        """Block until the inbox is empty (tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while self.inbox.counts()["waiting"]:
            if time.monotonic() > deadline:
                return False
            self._wake.set()
            time.sleep(0.05)
        return True
