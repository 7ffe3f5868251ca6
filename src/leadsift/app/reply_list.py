"""The replies taken in (`leadsift replies list`): newest first, by intent or by person, each
with how it was matched and what was done with it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from leadsift.app.errors import BadOption
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.outreach.intent import INTENTS
from leadsift.store import schema

BOUNCE = "bounce"  # a bounce is stored with no intent; this lists them


def _person(connection: sa.Connection, person: str) -> int:
    """A person by id or by an email address of theirs."""
    if person.strip().isdigit():
        return int(person)
    i = schema.identities
    found = connection.execute(
        sa.select(i.c.person_id).where(i.c.kind == "email", i.c.value == person.strip().lower())
    ).scalar()
    if found is None:
        raise LeadsiftError(f"no person with the email address {person!r}")
    return int(found)


def find_replies(
    session: Session, intent: str | None = None, person: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The latest replies (at most `limit`), of one intent (or `bounce`) and one person (an
    id or an email address) when given."""
    if intent is not None and intent not in (*INTENTS, BOUNCE):
        raise BadOption("--intent", f"{intent!r}: choose one of {', '.join((*INTENTS, BOUNCE))}")
    r = schema.replies
    query = sa.select(r).order_by(r.c.received_at.desc(), r.c.id.desc()).limit(limit)
    if intent == BOUNCE:
        query = query.where(r.c.intent.is_(None))
    elif intent is not None:
        query = query.where(r.c.intent == intent)
    with session.reading() as connection:
        if person is not None:
            query = query.where(r.c.person_id == _person(connection, person))
        rows = connection.execute(query).all()
    return [
        {
            "id": row.id, "received_at": row.received_at, "person_id": row.person_id,
            "from": row.from_address, "subject": row.subject,
            "intent": row.intent or BOUNCE, "confidence": row.confidence,
            "matched_by": row.matched_by, "return_date": row.return_date,
            "referral_email": row.referral_email, "routed": row.routed, "source": row.source,
        }
        for row in rows
    ]  # fmt: skip
