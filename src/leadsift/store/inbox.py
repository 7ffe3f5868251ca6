"""The service's inbox: what a request acknowledged, kept on disk until it is in the
workspace.

A SQLite workspace has one writer at a time, and an import or a scoring run may hold the
write lock for minutes; a tracking call cannot wait that long, and must not be lost either.
So the server writes what it accepts into this small SQLite file of its own (WAL,
synchronous=FULL: once the commit returns, a kill -9 or a power cut does not undo it) and
answers; one writer in the server moves it into the workspace when the lock is free, and
removes it from here only after the workspace has committed it. Moving it twice is
harmless: every call carries a message id that the workspace takes only once.

A delivery the workspace refuses at that point (which checks at the door make rare) is kept
in `refused` with the reason, never dropped.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

INBOX_FILE = ".leadsift-inbox.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    source TEXT NOT NULL,          -- what reads the payload: segment, sendgrid, ...
    api_key_id INTEGER,
    action TEXT NOT NULL,          -- for the audit log: "POST /v1/batch"
    payload TEXT NOT NULL          -- JSON: the calls as accepted
);
CREATE TABLE IF NOT EXISTS waiting_ids (
    message_id TEXT PRIMARY KEY,   -- ids of calls still here: a repeat is not queued twice
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS waiting_ids_seq ON waiting_ids (seq);
CREATE TABLE IF NOT EXISTS refused (
    seq INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    source TEXT NOT NULL,
    api_key_id INTEGER,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Delivery:
    seq: int
    received_at: datetime
    source: str
    api_key_id: int | None
    action: str
    payload: list[Any]


class Inbox:
    """One connection shared by the server's threads, behind a lock: the file is small and
    each statement short, and one connection keeps SQLite's own locking out of the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(
        self,
        source: str,
        api_key_id: int | None,
        action: str,
        calls: list[dict[str, Any]],
        message_ids: list[str],
    ) -> list[dict[str, Any]]:
        """Queue the calls whose message ids are not already waiting here; returns them.
        Durable when it returns."""
        now = datetime.now(UTC).isoformat()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO deliveries (received_at, source, api_key_id, action, payload) "
                    "VALUES (?, ?, ?, ?, '[]')",
                    (now, source, api_key_id, action),
                )
                seq = cursor.lastrowid
                kept = []
                for call, message_id in zip(calls, message_ids, strict=True):
                    new = self._db.execute(
                        "INSERT OR IGNORE INTO waiting_ids (message_id, seq) VALUES (?, ?)",
                        (message_id, seq),
                    ).rowcount
                    if new:
                        kept.append(call)
                if kept:
                    self._db.execute(
                        "UPDATE deliveries SET payload = ? WHERE seq = ?",
                        (json.dumps(kept, ensure_ascii=False), seq),
                    )
                else:
                    self._db.execute("DELETE FROM deliveries WHERE seq = ?", (seq,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return kept

    def oldest(self, limit_calls: int) -> list[Delivery]:
        """The oldest deliveries, up to about `limit_calls` calls (at least one delivery)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, received_at, source, api_key_id, action, payload FROM deliveries "
                "ORDER BY seq LIMIT 500"
            ).fetchall()
        out: list[Delivery] = []
        calls = 0
        for seq, received_at, source, key_id, action, payload in rows:
            items = json.loads(payload)
            if out and calls + len(items) > limit_calls:
                break
            calls += len(items)
            out.append(
                Delivery(seq, datetime.fromisoformat(received_at), source, key_id, action, items)
            )
        return out

    def done(self, seqs: list[int]) -> None:
        """The workspace has committed these deliveries: forget them."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            for seq in seqs:
                self._db.execute("DELETE FROM waiting_ids WHERE seq = ?", (seq,))
                self._db.execute("DELETE FROM deliveries WHERE seq = ?", (seq,))
            self._db.execute("COMMIT")

    def refuse(self, delivery: Delivery, reason: str) -> None:
        """Set a delivery aside with the reason the workspace gave."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT INTO refused (seq, received_at, refused_at, source, api_key_id, action, "
                "payload, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    delivery.seq, delivery.received_at.isoformat(),
                    datetime.now(UTC).isoformat(), delivery.source, delivery.api_key_id,
                    delivery.action, json.dumps(delivery.payload, ensure_ascii=False), reason,
                ),
            )  # fmt: skip
            self._db.execute("DELETE FROM waiting_ids WHERE seq = ?", (delivery.seq,))
            self._db.execute("DELETE FROM deliveries WHERE seq = ?", (delivery.seq,))
            self._db.execute("COMMIT")

    def counts(self) -> dict[str, int]:
        with self._lock:
            waiting = self._db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
            refused = self._db.execute("SELECT COUNT(*) FROM refused").fetchone()[0]
        return {"waiting": int(waiting), "refused": int(refused)}


def waiting_in(path: Path) -> dict[str, int] | None:
    """The counts of an inbox file, read without creating or changing it (None: none)."""
    if not path.exists():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        waiting = db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
        calls = db.execute("SELECT COUNT(*) FROM waiting_ids").fetchone()[0]
        refused = db.execute("SELECT COUNT(*) FROM refused").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        db.close()
    return {"deliveries": int(waiting), "calls": int(calls), "refused": int(refused)}
