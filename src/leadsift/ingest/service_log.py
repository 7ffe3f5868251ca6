"""What the service writes appears in the import log, as files do.

Each move of the server's inbox into the workspace (and each webhook delivery) is one entry
in `imports`, and its rows carry that entry's id: the import log shows what came in over
HTTP beside what came in as files, and an incremental `leadsift score` finds the people
those rows touched the same way it finds a file's (rows from imports after its last run).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from leadsift.store import schema


def open_entry(connection: sa.Connection, what: str, identity: str) -> int:
    """A running entry for `what` ("leadsift serve: tracking calls"); `identity` is hashed
    into its sha256 so entries can be told apart."""
    now = datetime.now(UTC)
    values = {
        "kind": "several", "file": what, "sha256": hashlib.sha256(identity.encode()).hexdigest(),
        "format": "api", "column_map": None, "rows_read": 0, "rows_new": 0, "started_at": now,
        "finished_at": now, "result": "running",
    }  # fmt: skip
    inserted = connection.execute(schema.imports.insert().values(**values))
    key = inserted.inserted_primary_key
    assert key is not None, "an INSERT into imports returns its id"
    return int(key[0])


def close_entry(
    connection: sa.Connection, entry: int, calls: int, stored: dict[str, int], **summary: Any
) -> None:
    """Finish the entry; one that stored nothing (all repeats) is not kept."""
    if not any(stored.values()):
        connection.execute(schema.imports.delete().where(schema.imports.c.id == entry))
        return
    connection.execute(
        schema.imports.update()
        .where(schema.imports.c.id == entry)
        .values(
            rows_read=calls,
            rows_new=sum(stored.values()),
            finished_at=datetime.now(UTC),
            result="imported",
            summary={"tables": stored, **summary},
        )
    )
