"""The audit log: every write through the service, with the key that made it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from leadsift.store import schema


def record(
    connection: sa.Connection, key_id: int | None, action: str, detail: dict[str, Any]
) -> None:
    """One entry, in the transaction of the write it describes: both land or neither."""
    connection.execute(
        schema.audit_log.insert().values(
            at=datetime.now(UTC), api_key_id=key_id, action=action, detail=detail
        )
    )
