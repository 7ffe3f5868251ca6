"""One writer at a time on a SQLite workspace, the others waiting their turn in line.

SQLite allows a single writer; a second one that finds the database locked gives up after
its busy timeout with "database is locked", which is no way to greet a user who started an
import while the nightly one runs. Writers (imports, scoring, merges) take an advisory lock
on a file beside the database first: a second writer waits for the first to finish, after
saying whom it waits for. Readers (report, leads, status) never take it; WAL lets them read
while a writer writes. The operating system releases the lock when its holder exits, even
when it is killed, so a crashed import never leaves the workspace locked.

PostgreSQL serialises its writers itself (row locks, ON CONFLICT), so it needs no lock here.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".leadsift-write.lock"


def _holder(descriptor: int) -> str:
    os.lseek(descriptor, 0, os.SEEK_SET)
    text = os.read(descriptor, 200).decode("utf-8", "replace").strip()
    return text or "another leadsift command"


@contextmanager
def exclusive_writer(
    lock_path: Path, activity: str, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the workspace's write lock for the with-block, waiting for it when another
    process holds it (`on_wait` is told who, once)."""
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for {_holder(descriptor)} to finish")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{activity} (process {os.getpid()})".encode())
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
