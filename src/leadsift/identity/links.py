"""Accepted and rejected probabilistic matches between contact records.

`propose_links` stores splink's pairs as active links (with their probability and evidence);
`leadsift score` then joins linked records into one person. `split_person` rejects every
link of a person, so the next score separates the records again, and the pair is never
proposed again. Nothing is deleted, so every merge can be explained and undone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from leadsift.identity.probabilistic import contact_pairs
from leadsift.store import schema

_CONTACT_COLUMNS = ["id", "email", "first_name", "last_name", "title", "phone", "company", "domain"]


def load_contacts(connection: sa.Connection) -> pd.DataFrame:
    c = schema.contacts
    return pd.DataFrame(
        connection.execute(sa.select(*[c.c[name] for name in _CONTACT_COLUMNS])).all(),
        columns=_CONTACT_COLUMNS,
    )


def propose_links(connection: sa.Connection, threshold: float = 0.99) -> int:
    """Store new pairs at or above `threshold` as active links; returns how many were new."""
    pairs = contact_pairs(load_contacts(connection), threshold=threshold)
    if pairs.empty:
        return 0
    links = schema.person_links
    known = {
        (int(left), int(right))
        for left, right in connection.execute(sa.select(links.c.contact_id_l, links.c.contact_id_r))
    }
    gammas = [column for column in pairs.columns if column.startswith("gamma_")]
    now = datetime.now(UTC)
    rows = []
    for record in pairs.to_dict("records"):
        left, right = sorted((int(record["unique_id_l"]), int(record["unique_id_r"])))
        if (left, right) in known:
            continue
        known.add((left, right))
        rows.append(
            {
                "contact_id_l": left,
                "contact_id_r": right,
                "match_probability": float(record["match_probability"]),
                "evidence": {g.removeprefix("gamma_"): int(record[g]) for g in gammas},
                "status": "active",
                "created_at": now,
            }
        )
    if rows:
        connection.execute(links.insert(), rows)
    return len(rows)


def split_person(connection: sa.Connection, person_id: int) -> int:
    """Reject every active link that touches one of this person's contact records."""
    links = schema.person_links
    c = schema.contacts
    theirs = sa.select(c.c.id).where(c.c.person_id == person_id)
    result = connection.execute(
        links.update()
        .where(
            links.c.status == "active",
            sa.or_(links.c.contact_id_l.in_(theirs), links.c.contact_id_r.in_(theirs)),
        )
        .values(status="rejected", decided_at=datetime.now(UTC))
    )
    return int(result.rowcount or 0)
