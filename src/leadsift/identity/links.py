"""Accepted and rejected probabilistic matches between contact records.

`resolve_links` (run by `leadsift score` and `leadsift people resolve`) stores splink's pairs
as active links, with their probability and evidence; linked records become one person.
`split_person` rejects every link of a person, so the next score separates the records
again, and the pair is never proposed again. Nothing is deleted, so every merge can be
explained and undone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.config.identity import IdentitySettings
from leadsift.store import schema

_CONTACT_COLUMNS = [
    "id", "email", "first_name", "last_name", "title", "phone", "company", "domain", "city",
]  # fmt: skip


@dataclass(frozen=True)
class ResolveSummary:
    contacts: int
    pairs: int  # at or above the threshold, new or known
    new_links: int
    trained: bool


def load_contacts(connection: sa.Connection, attributes: Sequence[str] = ()) -> pd.DataFrame:
    """The contact records the matcher compares, with the named attributes (from each
    record's attribute columns) as `attr_<name>` columns."""
    from leadsift.identity.probabilistic import attribute_column

    c = schema.contacts
    selected = [*_CONTACT_COLUMNS, "attributes"] if attributes else _CONTACT_COLUMNS
    frame = pd.DataFrame(
        connection.execute(sa.select(*[c.c[name] for name in selected])).all(), columns=selected
    )
    if attributes:
        held = frame.pop("attributes").map(_as_object)
        for name in attributes:
            frame[attribute_column(name)] = held.map(lambda a, n=name: _text(a.get(n)))
    return frame


def _as_object(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def stored_model(
    connection: sa.Connection, contacts: int, settings: IdentitySettings
) -> dict[str, Any] | None:
    """The latest matcher parameters, unless the contacts have outgrown them."""
    from leadsift.identity.probabilistic import MODEL_VERSION, comparison_names

    m = schema.match_models
    row = connection.execute(
        sa.select(m.c.records, m.c.model)
        .where(m.c.version == MODEL_VERSION)
        .order_by(m.c.id.desc())
        .limit(1)
    ).first()
    if row is None or contacts > row.records * settings.retrain_growth:
        return None
    model: dict[str, Any] = row.model
    if comparison_names(model) != _expected_comparisons(settings):
        return None  # [identity] match_attributes changed since it was estimated
    return model


def _expected_comparisons(settings: IdentitySettings) -> set[str]:
    from leadsift.identity.probabilistic import attribute_column, contact_matcher

    matcher = contact_matcher(settings.match_attributes)
    names = {str(c.get_comparison("duckdb").output_column_name) for c in matcher.comparisons}
    assert names >= {attribute_column(n) for n in settings.match_attributes}
    return names


def likely_duplicates(
    connection: sa.Connection, settings: IdentitySettings, threshold: float, limit: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The most probable pairs of contact records at or above `threshold` (stored parameters
    when they still fit, else estimated now), and the contacts they refer to."""
    from leadsift.identity.probabilistic import contact_pairs

    contacts = load_contacts(connection, list(settings.match_attributes))
    model = stored_model(connection, len(contacts), settings)
    pairs, _ = contact_pairs(
        contacts, threshold, model, settings.phone_region, settings.match_attributes
    )
    return pairs.head(limit), contacts


def resolve_links(
    connection: sa.Connection,
    settings: IdentitySettings,
    *,
    threshold: float | None = None,
    retrain: bool = False,
) -> ResolveSummary:
    """Score candidate pairs of contact records and store new ones at or above the threshold
    as active links (with probability and evidence). The matcher's parameters are estimated
    from the contacts when none are stored, when `retrain`, or when the contacts have grown
    past `settings.retrain_growth`; otherwise the stored ones are reused."""
    # splink takes most of a second to import: only when matching runs
    from leadsift.identity.probabilistic import MODEL_VERSION, contact_pairs

    contacts = load_contacts(connection, list(settings.match_attributes))
    stored = None if retrain else stored_model(connection, len(contacts), settings)
    pairs, model = contact_pairs(
        contacts,
        threshold=settings.match_threshold if threshold is None else threshold,
        model=stored,
        region=settings.phone_region,
        attributes=settings.match_attributes,
    )
    trained = stored is None and model is not None
    if trained:
        connection.execute(
            schema.match_models.insert().values(
                version=MODEL_VERSION, trained_at=datetime.now(UTC), records=len(contacts),
                model=model,
            )
        )  # fmt: skip
    return ResolveSummary(len(contacts), len(pairs), _store_links(connection, pairs), trained)


def _store_links(connection: sa.Connection, pairs: pd.DataFrame) -> int:
    """Insert the pairs not seen before (rejected ones stay rejected); returns how many."""
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


def active_links(connection: sa.Connection, person_id: int) -> list[dict[str, Any]]:
    """The active probabilistic links that joined this person's contact records: the two
    records (id, email, name), the match probability and the evidence (comparison levels)."""
    links, c = schema.person_links, schema.contacts
    left, right = c.alias("l"), c.alias("r")
    theirs = sa.select(c.c.id).where(c.c.person_id == person_id)
    rows = connection.execute(
        sa.select(
            links.c.id, links.c.match_probability, links.c.evidence,
            left.c.id.label("l_id"), left.c.email.label("l_email"),
            left.c.first_name.label("l_first"), left.c.last_name.label("l_last"),
            right.c.id.label("r_id"), right.c.email.label("r_email"),
            right.c.first_name.label("r_first"), right.c.last_name.label("r_last"),
        )
        .join(left, left.c.id == links.c.contact_id_l)
        .join(right, right.c.id == links.c.contact_id_r)
        .where(
            links.c.status == "active",
            sa.or_(links.c.contact_id_l.in_(theirs), links.c.contact_id_r.in_(theirs)),
        )
        .order_by(links.c.match_probability.desc(), links.c.id)
    ).all()  # fmt: skip

    def record(prefix: str, row: Any) -> dict[str, Any]:
        name = " ".join(v for v in (row[f"{prefix}_first"], row[f"{prefix}_last"]) if v)
        return {"contact_id": row[f"{prefix}_id"], "email": row[f"{prefix}_email"], "name": name}

    found = []
    for row in rows:
        evidence = row.evidence
        if isinstance(evidence, str):
            evidence = json.loads(evidence)
        found.append({
            "link_id": row.id, "probability": float(row.match_probability),
            "evidence": evidence or {},
            "records": [record("l", row._mapping), record("r", row._mapping)],
        })  # fmt: skip
    return found


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
