"""Outreach as the dashboard shows it: the whole workspace's enrolments, open tasks and
latest replies on one page (filtered by sequence and status), and one person's enrolments
and replies for their page.

Built on `outreach_status` and `find_replies` so that the page and `leadsift outreach
status` / `leadsift replies list` never disagree; what those leave out (a reply's cleaned
text, one person's enrolments without loading everyone's) is read here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from leadsift.app.errors import BadOption
from leadsift.app.outreach_status import EnrolmentState, outreach_status
from leadsift.app.reply_list import find_replies
from leadsift.app.session import Session
from leadsift.domain.moments import in_utc
from leadsift.outreach.sequence_files import (
    SequenceError,
    read_sequence,
    sequence_names,
    sequence_path,
)
from leadsift.store import schema

STATUSES = ("active", "paused", "finished", "stopped")  # an enrolment's, in the order shown
TASKS_SHOWN = 50
REPLIES_SHOWN = 20
TEXT_SHOWN = 400  # characters of a reply's text; a page of replies stays a page


@dataclass(frozen=True)
class ReplyView:
    """A reply as a page lists it: its cleaned text (quoted original and signature already
    removed when it was taken in) cut to TEXT_SHOWN characters, `cut` saying so."""

    reply_id: int
    received_at: datetime
    person_id: int | None
    sender: str | None
    subject: str | None
    intent: str  # one of outreach.intent.INTENTS, or "bounce"
    confidence: float | None
    text: str
    cut: bool
    routed: str | None


@dataclass(frozen=True)
class OutreachPage:
    """What the Outreach page shows. Counts and the unknown-fate warning are the whole
    workspace's, whatever the filter: they are what someone opening the page must see."""

    by_status: dict[str, int]  # every status of STATUSES, 0 when none
    unknown: int  # emails whose fate is unknown (the connection dropped mid-send)
    sequences: list[str]  # the sequence files and the sequences people are enrolled in
    enrolments: list[EnrolmentState]  # the filter's, live ones first as outreach_status sorts
    tasks: list[dict[str, Any]]  # open call/social tasks (of the sequence asked), oldest first
    tasks_total: int
    replies: list[ReplyView]
    replies_total: int


@dataclass(frozen=True)
class PersonEnrolment:
    sequence: str
    status: str
    next_step: str  # "2: email" while live, "" once ended
    due_at: datetime | None  # while live
    stop_reason: str | None
    enrolled_at: datetime
    ended_at: datetime | None
    emails_sent: int


@dataclass(frozen=True)
class PersonOutreach:
    enrolments: list[PersonEnrolment]  # newest first
    replies: list[ReplyView]  # newest first, at most REPLIES_SHOWN


def _cut(text: str | None) -> tuple[str, bool]:
    """The text on one line (a preview, not the message), at most TEXT_SHOWN characters,
    cut at a word where there is one."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= TEXT_SHOWN:
        return flat, False
    head = flat[:TEXT_SHOWN]
    return (head.rsplit(" ", 1)[0] if " " in head[TEXT_SHOWN // 2 :] else head) + "…", True


def _replies(session: Session, person: str | None, limit: int) -> list[ReplyView]:
    found = find_replies(session, person=person, limit=limit)
    r = schema.replies
    with session.reading() as connection:
        texts = dict(
            connection.execute(
                sa.select(r.c.id, r.c.text).where(r.c.id.in_([x["id"] for x in found]))
            ).all()
        )
    views = []
    for x in found:
        text, cut = _cut(texts.get(x["id"]))
        views.append(ReplyView(
            int(x["id"]), in_utc(x["received_at"]) or x["received_at"], x["person_id"],
            x["from"], x["subject"], str(x["intent"]), x["confidence"], text, cut, x["routed"],
        ))  # fmt: skip
    return views


def outreach_page(
    session: Session, sequence: str | None = None, status: str | None = None
) -> OutreachPage:
    """The Outreach page's content. An unknown status or sequence is a BadOption naming the
    choices: a filter that silently matched nothing would read as "nobody is enrolled"."""
    if status is not None and status not in STATUSES:
        raise BadOption("--status", f"{status!r}: choose one of {', '.join(STATUSES)}")
    every = outreach_status(session)
    sequences = sorted(
        set(sequence_names(session.workspace.root)) | {x.sequence for x in every.enrolments}
    )
    if sequence is not None and sequence not in sequences:
        known = ", ".join(sequences) or "none yet"
        raise BadOption("--sequence", f"{sequence!r} is not a sequence here ({known})")
    shown = [
        x
        for x in every.enrolments
        if (sequence is None or x.sequence == sequence) and (status is None or x.status == status)
    ]
    emails = {x.person_id: x.email for x in every.enrolments}
    tasks = [
        {**t, "email": emails.get(t["person_id"])}
        for t in every.open_tasks
        if sequence is None or t["sequence"] == sequence
    ]
    with session.reading() as connection:
        replies_total = int(
            connection.execute(sa.select(sa.func.count()).select_from(schema.replies)).scalar_one()
        )
    return OutreachPage(
        by_status={s: every.by_status.get(s, 0) for s in STATUSES},
        unknown=every.unknown,
        sequences=sequences,
        enrolments=shown,
        tasks=tasks[:TASKS_SHOWN],
        tasks_total=len(tasks),
        replies=_replies(session, None, REPLIES_SHOWN),
        replies_total=replies_total,
    )


def _step_kinds(session: Session, sequence: str) -> list[str]:
    try:
        found = read_sequence(sequence_path(session.workspace.root, sequence))
    except SequenceError:
        return []  # the file was removed or broken since: the step is shown as "?"
    return [step.kind for step in found.steps]


def person_outreach(session: Session, person_id: int) -> PersonOutreach:
    """One person's enrolments (every one, ended too: why a sequence stopped is what sales
    asks first) and their latest replies, for the person page."""
    e, s = schema.enrolments, schema.outreach_steps
    with session.reading() as connection:
        rows = connection.execute(
            sa.select(e).where(e.c.person_id == person_id).order_by(e.c.enrolled_at.desc())
        ).all()
        sent = Counter(
            int(enrolment_id)
            for (enrolment_id,) in connection.execute(
                sa.select(s.c.enrolment_id).where(
                    s.c.person_id == person_id, s.c.kind == "email", s.c.status == "sent"
                )
            )
        )
    enrolments = []
    for row in rows:
        live = row.status in ("active", "paused")
        label = ""
        if live:
            kinds = _step_kinds(session, str(row.sequence))
            position = int(row.next_step)
            label = f"{position}: {kinds[position - 1] if 0 < position <= len(kinds) else '?'}"
        enrolments.append(PersonEnrolment(
            str(row.sequence), str(row.status), label, in_utc(row.due_at) if live else None,
            row.stop_reason, in_utc(row.enrolled_at) or row.enrolled_at, in_utc(row.ended_at),
            sent[int(row.id)],
        ))  # fmt: skip
    return PersonOutreach(enrolments, _replies(session, str(person_id), REPLIES_SHOWN))
