"""Every source record with the person it was resolved to, and for each observation of a
person where and when it was made, for review and export."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from leadsift.store import schema

EXPORT_COLUMNS = (
    "person_id", "source", "source_row", "email", "phone", "handle", "first_name",
    "last_name", "company", "title", "source_type", "source_id", "observed_at", "file",
    "column_map",
)  # fmt: skip


def source_records(connection: sa.Connection) -> pd.DataFrame:
    """One row per contact row and per distinct identifier combination seen in touches."""
    c, imports = schema.contacts, schema.imports
    observed = sa.func.coalesce(c.c.observed_at, imports.c.started_at)
    contacts = pd.DataFrame(
        connection.execute(
            sa.select(
                c.c.person_id, c.c.id, c.c.email, c.c.phone, c.c.first_name, c.c.last_name,
                c.c.company, c.c.title, c.c.source_type, c.c.source_id, observed, imports.c.file,
                imports.c.column_map,
            )
            .select_from(c.outerjoin(imports, imports.c.id == c.c.import_id))
            .order_by(c.c.id)
        ).all(),
        columns=["person_id", "source_row", "email", "phone", "first_name", "last_name", "company",
                 "title", "source_type", "source_id", "observed_at", "file", "column_map"],
    )  # fmt: skip
    contacts["source"] = "contacts"
    contacts["handle"] = None
    t = schema.touches
    handle = sa.case(
        (t.c.handle.is_not(None), sa.func.coalesce(t.c.platform, "social") + ":" + t.c.handle)
    )
    touches = pd.DataFrame(
        connection.execute(
            sa.select(
                t.c.person_id, sa.func.min(t.c.id).label("first_touch"), t.c.email, t.c.phone,
                handle.label("handle"),
            )
            .where(t.c.person_id.is_not(None))
            .group_by(t.c.person_id, t.c.email, t.c.phone, handle)
            .order_by("first_touch")
        ).all(),
        columns=["person_id", "source_row", "email", "phone", "handle"],
    )  # fmt: skip
    touches["source"] = "touches"
    records = pd.concat([contacts, touches], ignore_index=True)
    for column in EXPORT_COLUMNS:
        if column not in records:
            records[column] = None
    records["person_id"] = records["person_id"].astype("Int64")
    return records[list(EXPORT_COLUMNS)]
