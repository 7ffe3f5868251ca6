"""Each person's current attributes, drawn from their observations by one documented rule.

A person is seen many times: in the CRM export, at a webinar, on a lead form. For every
attribute the value comes from the highest-ranked source in `[identity] source_priority`
that has one (CRM before forms, say), and among equally ranked sources from the most recent
observation that has one; an empty cell never hides an older value. An observation's time is
its `observed_at` (the tool's own "last modified", "registered", "submitted" time), else the
time of the import that brought it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa

from leadsift.store import schema

ATTRIBUTES = (
    "email", "first_name", "last_name", "title", "phone", "company", "domain", "country", "city",
)  # fmt: skip
_IN_LIST = 5_000  # more ids than this are filtered after reading, not in an IN (...) list
_PROVENANCE = ("contact_id", "source_type", "source_id", "observed", "file", "column_map")


def observations(
    connection: sa.Connection, person_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Every observation of a person, with where and when it was made."""
    c, imports = schema.contacts, schema.imports
    query = (
        sa.select(
            c.c.person_id,
            c.c.id.label("contact_id"),
            *[c.c[name] for name in ATTRIBUTES],
            c.c.source_type,
            c.c.source_id,
            sa.func.coalesce(c.c.observed_at, imports.c.started_at).label("observed"),
            imports.c.file,
            imports.c.column_map,
        )
        .select_from(c.outerjoin(imports, imports.c.id == c.c.import_id))
        .where(c.c.person_id.is_not(None))
    )
    few = person_ids is not None and len(person_ids) <= _IN_LIST
    if few:
        assert person_ids is not None
        query = query.where(c.c.person_id.in_([int(p) for p in person_ids]))
    frame = pd.DataFrame(
        connection.execute(query).all(),
        columns=["person_id", "contact_id", *ATTRIBUTES, *_PROVENANCE[1:]],
    )
    if person_ids is not None and not few:
        frame = frame[frame["person_id"].isin(person_ids)]
    frame["observed"] = pd.to_datetime(frame["observed"], utc=True, errors="coerce")
    return frame


def _ranked(frame: pd.DataFrame, priority: Sequence[str]) -> pd.DataFrame:
    """Observations in the order the rule reads them: the winner of each attribute last."""
    rank = {source: len(priority) - position for position, source in enumerate(priority)}
    ordered = frame.assign(_rank=frame["source_type"].map(rank).fillna(0))
    return ordered.sort_values(
        ["person_id", "_rank", "observed", "contact_id"], kind="stable", na_position="first"
    )


def current_attributes(frame: pd.DataFrame, priority: Sequence[str]) -> pd.DataFrame:
    """One row per person (index person_id): each attribute's winning value."""
    if frame.empty:
        return pd.DataFrame(columns=list(ATTRIBUTES), index=pd.Index([], name="person_id"))
    # groupby().last() takes the last non-empty value column by column: the rule itself
    return _ranked(frame, priority).groupby("person_id")[list(ATTRIBUTES)].last()


def attribute_sources(frame: pd.DataFrame, priority: Sequence[str]) -> pd.DataFrame:
    """For each person and attribute: the value and the observation it came from."""
    ranked = _ranked(frame, priority)
    rows = []
    for attribute in ATTRIBUTES:
        present = ranked[ranked[attribute].notna()]
        winners = present.drop_duplicates("person_id", keep="last")
        rows.append(
            winners[["person_id", *_PROVENANCE]].assign(
                attribute=attribute, value=winners[attribute]
            )
        )
    return pd.concat(rows, ignore_index=True)[["person_id", "attribute", "value", *_PROVENANCE]]
