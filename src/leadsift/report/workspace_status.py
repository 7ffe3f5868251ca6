"""What a workspace holds: row counts per table and the import log."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from leadsift.store import schema

COUNTED_TABLES = (
    "accounts", "contacts", "campaigns", "spend", "campaign_metrics", "touches", "profiles",
    "outcomes", "persons",
)  # fmt: skip


def table_counts(connection: sa.Connection) -> dict[str, int]:
    counts = {}
    for name in COUNTED_TABLES:
        table = schema.metadata.tables[name]
        counts[name] = int(
            connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        )
    return counts


def import_log(connection: sa.Connection, limit: int = 50) -> list[dict[str, Any]]:
    log = schema.imports
    rows = connection.execute(
        sa.select(
            log.c.id,
            log.c.kind,
            log.c.file,
            log.c.format,
            log.c.column_map,
            log.c.rows_read,
            log.c.rows_new,
            log.c.finished_at,
            log.c.result,
            log.c.sha256,
            log.c.summary,
        )
        .order_by(log.c.id.desc())
        .limit(limit)
    )
    return [{**row._asdict(), "finished_at": row.finished_at.isoformat()} for row in rows]
