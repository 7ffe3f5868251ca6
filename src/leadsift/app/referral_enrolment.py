"""Colleagues a reply named ("talk to Ann, she runs this"), enrolled in the sequence that
reached the referrer when that sequence says `enrol_referrals = true`.

A referral becomes an observation when the reply is routed (app/reply_routing.py), and a
person only once it is scored; so each outreach run enrols the referrals that have become
people since, once: never someone who was ever in that sequence, and never anyone the
enrolment checks leave out (suppressed, unsubscribed, in another sequence)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa

from leadsift.app.enrolment import Selection, enrol
from leadsift.app.leads import select
from leadsift.app.session import Session
from leadsift.outreach.sequence_files import SequenceError, read_sequence, sequence_path
from leadsift.scoring.leads import LeadFilter
from leadsift.store import schema


def enrol_referrals(session: Session, now: datetime) -> int:
    """Enrol the referrals now scored; returns how many were enrolled."""
    r, s, e = schema.replies, schema.outreach_steps, schema.enrolments
    with session.reading() as connection:
        named = connection.execute(
            sa.select(sa.func.lower(r.c.referral_email), e.c.sequence)
            .join(s, s.c.id == r.c.step_id).join(e, e.c.id == s.c.enrolment_id)
            .where(r.c.intent == "referral", r.c.referral_email.is_not(None))
        ).all()  # fmt: skip
        if not named:
            return 0
        ever = {(int(p), str(q)) for p, q in connection.execute(
            sa.select(e.c.person_id, e.c.sequence))}  # fmt: skip
    wanted: dict[str, set[str]] = defaultdict(set)
    for email, sequence in named:
        wanted[str(sequence)].add(str(email))
    people = {(lead.email or "").lower(): lead.person_id for lead in select(session, LeadFilter())}
    enrolled = 0
    for name, emails in sorted(wanted.items()):
        try:
            if not read_sequence(sequence_path(session.workspace.root, name)).enrol_referrals:
                continue
        except SequenceError:
            continue  # the run reports the sequence's error
        ready = sorted(
            str(people[m]) for m in emails if m in people and (people[m], name) not in ever
        )
        if ready:
            plan = enrol(session, name, Selection(people=tuple(ready)), write=True, now=now,
                         by="referral in a reply")  # fmt: skip
            enrolled += len(plan.enrolled)
    return enrolled
