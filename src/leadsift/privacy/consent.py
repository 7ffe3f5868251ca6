"""Each person's consent and lawful basis, drawn from what their observations' sources
stated (domain/consent.py): the basis the latest statement names, the latest opt-in (time
and address), and whether consent stands or was withdrawn.

Withdrawn or standing is decided by the latest event: an opt-in (consent_at), a withdrawal
(consent_withdrawn_at, e.g. Mailchimp's UNSUB_TIME), or an email opt-out flag (Salesforce's
Email Opt Out: true withdraws, false restores, at the time the observation was made). A
person whose latest event is a withdrawal is never exported or contacted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from leadsift.store import schema

_CHUNK = 2_000  # ids per IN (...) list


@dataclass(frozen=True)
class Consent:
    basis: str | None = None  # domain/consent.LAWFUL_BASES
    basis_source: str | None = None  # the kind of source that stated it (crm, list, ...)
    basis_observed_at: datetime | None = None
    consent_at: datetime | None = None  # the latest opt-in
    consent_ip: str | None = None  # the address it was given from, as the source recorded
    withdrawn_at: datetime | None = None  # the latest withdrawal or opt-out
    withdrawn: bool = False  # the latest event is a withdrawal

    def as_dict(self) -> dict[str, Any]:
        return {
            "basis": self.basis, "basis_source": self.basis_source,
            "basis_observed_at": _iso(self.basis_observed_at),
            "consent_at": _iso(self.consent_at), "consent_ip": self.consent_ip,
            "withdrawn_at": _iso(self.withdrawn_at), "withdrawn": self.withdrawn,
        }  # fmt: skip


NO_STATEMENT = Consent()


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _statements(connection: sa.Connection, person_ids: Sequence[int] | None) -> list[Any]:
    c = schema.contacts
    stated = sa.or_(
        c.c.lawful_basis.is_not(None), c.c.consent_at.is_not(None),
        c.c.consent_withdrawn_at.is_not(None), c.c.email_opt_out.is_not(None),
    )  # fmt: skip
    query = sa.select(
        c.c.person_id, c.c.lawful_basis, c.c.consent_at, c.c.consent_ip,
        c.c.consent_withdrawn_at, c.c.email_opt_out, c.c.source_type,
        sa.func.coalesce(c.c.observed_at, c.c.created_at).label("seen_at"), c.c.id,
    ).where(stated, c.c.person_id.is_not(None))  # fmt: skip
    if person_ids is None:
        return list(connection.execute(query))
    ids = sorted({int(p) for p in person_ids})
    rows: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows += connection.execute(query.where(c.c.person_id.in_(chunk))).all()
    return rows


def _when(value: datetime | None) -> tuple[int, datetime | None]:
    # an observation without a time sorts before every dated one
    return (0, None) if value is None else (1, value)


def consents(
    connection: sa.Connection, person_ids: Sequence[int] | None = None
) -> dict[int, Consent]:
    """Consent of each person (all people when `person_ids` is None) whose sources said
    anything about it; people absent from the answer have no statement (Consent())."""
    by_person: dict[int, list[Any]] = {}
    for row in _statements(connection, person_ids):
        by_person.setdefault(int(row.person_id), []).append(row)
    return {person: _consent(rows) for person, rows in by_person.items()}


def _consent(rows: list[Any]) -> Consent:
    ordered = sorted(rows, key=lambda r: (_when(r.seen_at), r.id))
    basis_row = next((r for r in reversed(ordered) if r.lawful_basis is not None), None)
    opt_ins = [r for r in ordered if r.consent_at is not None]
    latest_in = max(opt_ins, key=lambda r: (r.consent_at, r.id)) if opt_ins else None
    events: list[tuple[datetime, int, bool]] = []  # (when, order, withdraws)
    for r in ordered:
        if r.consent_at is not None:
            events.append((r.consent_at, r.id, False))
        if r.consent_withdrawn_at is not None:
            events.append((r.consent_withdrawn_at, r.id, True))
        if r.email_opt_out is not None and r.seen_at is not None:
            events.append((r.seen_at, r.id, bool(r.email_opt_out)))
    undated_opt_out = any(r.email_opt_out and r.seen_at is None for r in ordered)
    withdrawals = [when for when, _, withdraws in events if withdraws]
    # at the same moment a withdrawal outweighs an opt-in: the safe reading
    latest = max(events, key=lambda e: (e[0], e[2], e[1])) if events else None
    return Consent(
        basis=None if basis_row is None else str(basis_row.lawful_basis),
        basis_source=None if basis_row is None else basis_row.source_type,
        basis_observed_at=None if basis_row is None else basis_row.seen_at,
        consent_at=None if latest_in is None else latest_in.consent_at,
        consent_ip=None if latest_in is None else latest_in.consent_ip,
        withdrawn_at=max(withdrawals) if withdrawals else None,
        # an opt-out whose time is unknown is never outweighed: the safe reading
        withdrawn=bool(latest and latest[2]) or undated_opt_out,
    )
