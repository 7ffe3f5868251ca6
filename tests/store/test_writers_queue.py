"""Two writers on one SQLite workspace: the second waits its turn, says for whom, and both
finish; nobody sees "database is locked". Real processes, as a user's two terminals."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from leadsift.store.write_lock import LOCK_FILE, exclusive_writer
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows

HEADER = "campaign,channel,kind,occurred_at,email\n"


def _touches(path: Path, rows: int, start: int) -> Path:
    lines = [
        f"spring,email,open,2026-04-02T14:{i % 60:02d}:{i // 60 % 60:02d}Z,p{start + i}@c.example\n"
        for i in range(rows)
    ]
    path.write_text(HEADER + "".join(lines))
    return path


def _leadsift(workspace: Workspace, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(workspace.root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_writer_waits_for_the_first(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    path = _touches(tmp_path / "a.csv", 50, 0)
    lock = sqlite_workspace.root / LOCK_FILE
    held, said, release = threading.Event(), threading.Event(), threading.Event()
    rows_while_held: list[int] = []

    def hold() -> None:
        # held until the second writer says it waits (however slowly it starts on a busy
        # machine), then a moment longer
        with exclusive_writer(lock, "the nightly import"):
            held.set()
            release.wait(120)
            time.sleep(0.5)
            rows_while_held.append(count_rows(sqlite_workspace, "touches"))

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    process = _leadsift(sqlite_workspace, "import", "touches", str(path))
    assert process.stderr is not None
    err = []
    for line in process.stderr:
        err.append(line)
        if "waiting for the nightly import" in line:
            said.set()
            release.set()
    release.set()
    process.wait(timeout=120)
    holder.join()
    assert process.returncode == 0, "".join(err)
    assert said.is_set(), "".join(err)
    assert rows_while_held == [0], "the import must not write while the lock is held"
    assert count_rows(sqlite_workspace, "touches") == 50


def test_imports_and_scoring_at_once_all_succeed(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    files = [_touches(tmp_path / f"t{n}.csv", 20_000, n * 20_000) for n in range(3)]
    processes = [_leadsift(sqlite_workspace, "import", "touches", str(f)) for f in files]
    processes.append(_leadsift(sqlite_workspace, "score"))
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "locked" not in err
    assert count_rows(sqlite_workspace, "touches") == 60_000
