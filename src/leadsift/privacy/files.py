"""What leadsift wrote outside its database that may name an erased person: the service's
inbox of acknowledged events, the kept reports, exports and other files in the workspace
folder. Each is cleaned in place so that the person's bytes are gone from the disk too."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

CACHE_FOLDER = ".leadsift-cache"
INBOX_FILE = ".leadsift-inbox.db"
# the database and its journals are cleaned by the engine (secure delete and a checkpoint)
_DATABASE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".lock")


def scrub_inbox(path: Path, forms: Iterable[str]) -> int:
    """Delete the inbox's deliveries (waiting or refused) whose payload holds any form;
    freed pages are zeroed and the file compacted. Returns deliveries removed."""
    if not path.exists():
        return 0
    needles = sorted({f.lower() for f in forms if f})
    removed = 0
    with sqlite3.connect(path, timeout=60) as db:
        db.execute("PRAGMA secure_delete = ON")
        for table in ("deliveries", "refused"):
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if not exists:
                continue
            for needle in needles:
                cursor = db.execute(
                    f"DELETE FROM {table} WHERE instr(lower(payload), ?) > 0", (needle,)
                )
                removed += cursor.rowcount
        if exists_waiting(db):
            db.execute("DELETE FROM waiting_ids WHERE seq NOT IN (SELECT seq FROM deliveries)")
    with sqlite3.connect(path, timeout=60) as db:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return removed


def exists_waiting(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'waiting_ids'").fetchone()
    return found is not None


def scrub_folder(root: Path, forms: Iterable[str]) -> list[str]:
    """The kept reports removed (they are computed again), and every other file under the
    workspace folder that holds a form: a text file (an export, a CSV) rewritten without
    its lines that hold one, any other file deleted. Returns the files changed, relative."""
    changed: list[str] = []
    cache = root / CACHE_FOLDER
    if cache.exists():
        shutil.rmtree(cache, ignore_errors=True)
        changed.append(CACHE_FOLDER + "/")
    needles = [f.lower().encode() for f in forms if f]
    if not needles:
        return changed
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.endswith(_DATABASE_SUFFIXES):
            continue
        if path.name.startswith(INBOX_FILE) or path.name == "leadsift.toml":
            continue
        try:
            content = path.read_bytes()
        except OSError:
            continue
        lowered = content.lower()
        if not any(n in lowered for n in needles):
            continue
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            path.unlink()
        else:
            kept = [
                line for line in text.splitlines(keepends=True)
                if not any(n in line.lower().encode() for n in needles)
            ]  # fmt: skip
            path.write_text("".join(kept), encoding="utf-8")
        changed.append(str(path.relative_to(root)))
    return changed
