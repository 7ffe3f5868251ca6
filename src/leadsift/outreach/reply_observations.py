"""The observations (`contacts` rows) a reply changes: a colleague it refers us to becomes
one, and an address that is "not the person we meant" is marked stale. Statements in the
caller's transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from leadsift.privacy.identifiers import email_forms
from leadsift.privacy.suppression import SuppressionFilter
from leadsift.store import schema

REFERRAL_KEY_PREFIX = "referral:"  # imported contact keys are bare hex: never the same


def account_of(connection: sa.Connection, person_id: int) -> Any | None:
    """The person's account (name, domain, country): the one scoring matched, else the one
    linked to the person."""
    p, a, ps = schema.persons, schema.accounts, schema.person_scores
    matched = sa.select(ps.c.account_id).where(ps.c.person_id == person_id).scalar_subquery()
    linked = sa.select(p.c.account_id).where(p.c.id == person_id).scalar_subquery()
    return connection.execute(
        sa.select(a.c.name, a.c.domain, a.c.country).where(
            a.c.id == sa.func.coalesce(matched, linked)
        )
    ).first()


def add_referral(
    connection: sa.Connection, reply_key: str, address: str, referred_by: int, at: datetime
) -> str:
    """The referred address as an observation (source "referral") at the referrer's
    account, once per reply: "added", "known" (this reply's was added before) or
    "suppressed" (an address on the suppression list never comes back)."""
    address = address.strip().lower()
    listed = SuppressionFilter.load(connection)
    if listed is not None and listed.listed("email", email_forms(address)):
        return "suppressed"
    c, i = schema.contacts, schema.identities
    digest = hashlib.blake2b(f"{reply_key}\x1f{address}".encode(), digest_size=16)
    key = REFERRAL_KEY_PREFIX + digest.hexdigest()
    if connection.execute(sa.select(c.c.id).where(c.c.contact_key == key)).first():
        return "known"
    account = account_of(connection, referred_by)
    known = connection.execute(
        sa.select(i.c.person_id).where(i.c.kind == "email", i.c.value == address)
    ).scalar()
    connection.execute(
        c.insert().values(
            contact_key=key, email=address, source="referral", source_type="email",
            company=account.name if account else None,
            domain=(account.domain if account else None) or address.split("@")[-1],
            person_id=known, observed_at=at, attributes={"referred_by_person": referred_by},
        )
    )  # fmt: skip
    return "added"


def mark_stale(
    connection: sa.Connection, person_id: int, addresses: Iterable[str | None], at: datetime
) -> int:
    """Mark the person's observations with these addresses stale; returns how many."""
    c = schema.contacts
    wanted = sorted({a.strip().lower() for a in addresses if a})
    if not wanted:
        return 0
    return connection.execute(
        c.update()
        .where(
            c.c.person_id == person_id, sa.func.lower(c.c.email).in_(wanted),
            c.c.stale_at.is_(None),
        )
        .values(stale_at=at)
    ).rowcount  # fmt: skip
