"""One person as `leadsift people show` presents them: who they are now and where each value
came from, every observation of them, their identifiers, and how they are scored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.domain.errors import LeadsiftError
from leadsift.identity import normalise
from leadsift.identity.attributes import attribute_sources, observations
from leadsift.store import schema


class NoSuchPerson(LeadsiftError):
    """The person id or email names no one in the workspace."""


@dataclass(frozen=True)
class PersonProfile:
    person_id: int
    attributes: list[dict[str, Any]]  # attribute, value, and the observation it came from
    observations: list[dict[str, Any]]
    identities: list[dict[str, Any]]
    score: dict[str, Any] | None
    touches: dict[str, int]  # per kind, authentic only


def find_person(connection: sa.Connection, person: str) -> int:
    """A person id, or the person an email address belongs to."""
    if person.isdigit():
        found = connection.execute(
            sa.select(schema.persons.c.id).where(schema.persons.c.id == int(person))
        ).scalar()
    else:
        email = normalise.emails(pd.Series([person])).iloc[0]
        i = schema.identities
        found = connection.execute(
            sa.select(i.c.person_id).where(i.c.kind == "email", i.c.value == email)
        ).scalar()
    if found is None:
        raise NoSuchPerson(f"no person {person!r} in this workspace (run `leadsift score` first?)")
    return int(found)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    rows: list[dict[str, Any]] = [
        {str(k): v for k, v in record.items()} for record in clean.to_dict("records")
    ]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, pd.Timestamp):
                row[key] = value.isoformat()
    return rows


def person_profile(
    connection: sa.Connection, person: str, source_priority: Sequence[str]
) -> PersonProfile:
    person_id = find_person(connection, person)
    seen = observations(connection, [person_id])
    sources = attribute_sources(seen, source_priority) if len(seen) else pd.DataFrame()
    i = schema.identities
    identities = pd.DataFrame(
        connection.execute(
            sa.select(i.c.kind, i.c.value).where(i.c.person_id == person_id).order_by(i.c.kind)
        ).all(),
        columns=["kind", "value"],
    )
    ps = schema.person_scores
    score = connection.execute(
        sa.select(
            ps.c.stage, ps.c.fit, ps.c.grade, ps.c.intent, ps.c.probability, ps.c.in_target,
            ps.c.reasons,
        ).where(ps.c.person_id == person_id)
    ).mappings().first()  # fmt: skip
    t = schema.touches
    touches = connection.execute(
        sa.select(t.c.kind, sa.func.count())
        .where(t.c.person_id == person_id, t.c.noise.is_(None))
        .group_by(t.c.kind)
    ).all()
    return PersonProfile(
        person_id=person_id,
        attributes=_records(sources.drop(columns=["person_id"])) if len(sources) else [],
        observations=_records(seen.drop(columns=["person_id"]).sort_values("observed")),
        identities=_records(identities),
        score=dict(score) if score is not None else None,
        touches={str(kind): int(count) for kind, count in touches},
    )
