"""Enrolments and their steps as rows: the state changes every part of outreach shares (a
run advancing a step, a reply stopping a sequence, an unsubscribe link, an out-of-office
pausing one), each a statement in the caller's transaction.

An enrolment is live while `active` or `paused`; it ends `finished` (its last step ran) or
`stopped` with a reason (STOP_REASONS). A person has at most one live enrolment (a unique
index says so), so "stop this person's sequence" is one row."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from leadsift.ingest.service_log import close_entry, open_entry
from leadsift.store import schema

LIVE = ("active", "paused")
STOP_REASONS = (
    "reply", "meeting", "unsubscribe", "bounce", "suppressed", "colleague_reply", "erased",
    "wrong_person", "not_eligible", "removed",
)  # fmt: skip

e, s = schema.enrolments, schema.outreach_steps


def token_hash(token: str) -> str:
    """What is stored of an unsubscribe token: its SHA-256 (the link holds the token)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def live_people(connection: sa.Connection, people: Iterable[int] | None = None) -> set[int]:
    """Of these people (None: everyone), those in a live enrolment."""
    query = sa.select(e.c.person_id).where(e.c.status.in_(LIVE))
    if people is not None:
        wanted = sorted(set(people))
        if not wanted:
            return set()
        query = query.where(e.c.person_id.in_(wanted))
    return {int(r[0]) for r in connection.execute(query)}


def stop(connection: sa.Connection, people: Sequence[int], reason: str, at: datetime) -> list[int]:
    """End these people's live enrolments with the reason; returns the enrolments ended."""
    if reason not in STOP_REASONS:
        raise ValueError(f"stop reason must be one of {STOP_REASONS}")
    if not people:
        return []
    ended = [
        int(r[0])
        for r in connection.execute(
            sa.select(e.c.id).where(e.c.person_id.in_(sorted(set(people))), e.c.status.in_(LIVE))
        )
    ]
    if ended:
        connection.execute(
            e.update()
            .where(e.c.id.in_(ended))
            .values(status="stopped", stop_reason=reason, ended_at=at)
        )
    return ended


def stop_colleagues(
    connection: sa.Connection, account: str | None, person_id: int, at: datetime
) -> list[int]:
    """End the live enrolments of the person's colleagues (same account) whose sequences
    stop on a colleague's reply; the sequence's setting is read by the caller, which passes
    the account only when it applies."""
    if not account:
        return []
    colleagues = [
        int(r[0])
        for r in connection.execute(
            sa.select(e.c.person_id).where(
                e.c.account == account, e.c.status.in_(LIVE), e.c.person_id != person_id
            )
        )
    ]
    return stop(connection, colleagues, "colleague_reply", at)


def pause(connection: sa.Connection, person_id: int, until: datetime) -> bool:
    """Hold the person's active sequence until `until` (an out-of-office's return): its next
    step becomes due then, not before. False when they are in no active sequence."""
    result = connection.execute(
        e.update()
        .where(e.c.person_id == person_id, e.c.status.in_(LIVE))
        .values(status="paused", due_at=until)
    )
    return bool(result.rowcount)


def live_enrolment(connection: sa.Connection, person_id: int) -> Any | None:
    return connection.execute(
        sa.select(e).where(e.c.person_id == person_id, e.c.status.in_(LIVE))
    ).first()


def step_by_token(connection: sa.Connection, token: str) -> Any | None:
    """The sent email whose unsubscribe link holds this token, or None."""
    return connection.execute(sa.select(s).where(s.c.token_hash == token_hash(token))).first()


def steps_by_message_ids(connection: sa.Connection, message_ids: Sequence[str]) -> list[Any]:
    """Our emails with these Message-IDs (as written, with the angle brackets)."""
    wanted = sorted({m.strip() for m in message_ids if m and m.strip()})
    if not wanted:
        return []
    return list(connection.execute(sa.select(s).where(s.c.message_id.in_(wanted))))


def last_step_to(connection: sa.Connection, address: str) -> Any | None:
    """Our latest email to this address: a reply whose threading headers were lost is
    matched to it by its sender."""
    return connection.execute(
        sa.select(s)
        .where(sa.func.lower(s.c.to_address) == address.strip().lower(), s.c.kind == "email")
        .order_by(s.c.sent_at.desc().nulls_last(), s.c.id.desc())
        .limit(1)
    ).first()


def touch_key(kind: str, key: str) -> str:
    """The touch key of an outreach event: `key` names the event (a Message-ID, a token)."""
    return hashlib.blake2b(f"outreach\x1f{kind}\x1f{key}".encode(), digest_size=16).hexdigest()


def add_touches(connection: sa.Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Email touches of outreach (sent, reply, bounce, unsubscribe), each stored once
    however often it is seen. A row holds `key`, `kind`, `at`, `email`, `person_id`,
    `campaign` and optionally `touch_id`, `value`, `noise`, `attributes`. Returns how many
    were new.

    The new touches are one entry of the import log, as the service's deliveries are, so
    that an incremental `leadsift score` finds the people they touched."""
    t = schema.touches
    keyed = {touch_key(r["kind"], r["key"]): r for r in rows}
    known: set[str] = set()
    wanted = sorted(keyed)
    for start in range(0, len(wanted), 2_000):
        chunk = wanted[start : start + 2_000]
        known |= {r[0] for r in connection.execute(
            sa.select(t.c.touch_key).where(t.c.touch_key.in_(chunk)))}  # fmt: skip
    new = [
        {"touch_key": k, "touch_id": r.get("touch_id"), "campaign": r["campaign"],
         "channel": "email", "kind": r["kind"], "occurred_at": r["at"], "email": r["email"],
         "person_id": r["person_id"], "value": r.get("value"), "noise": r.get("noise"),
         "attributes": r.get("attributes")}
        for k, r in keyed.items() if k not in known
    ]  # fmt: skip
    if new:
        kinds = sorted({r["kind"] for r in new})
        entry = open_entry(
            connection, f"leadsift outreach: {', '.join(kinds)}", new[0]["touch_key"]
        )
        connection.execute(t.insert(), [{**r, "import_id": entry} for r in new])
        close_entry(connection, entry, len(new), {"touches": len(new)})
    return len(new)


def add_touch(connection: sa.Connection, **row: Any) -> bool:
    """One touch (add_touches' row as keywords); False when it was already stored."""
    return add_touches(connection, [row]) == 1


def sequence_campaign(sequence: str) -> str:
    """The campaign outreach touches count under: one per sequence."""
    return f"sequence:{sequence}"
