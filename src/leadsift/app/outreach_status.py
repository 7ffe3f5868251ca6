"""`leadsift outreach status`: every enrolment, where it stands and what it does next, and
the tasks (calls, social) waiting for a person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from leadsift.app.leads import select
from leadsift.app.session import Session
from leadsift.domain.moments import in_utc
from leadsift.outreach.sequence_files import SequenceError, read_sequence, sequence_path
from leadsift.scoring.leads import LeadFilter
from leadsift.store import schema


@dataclass(frozen=True)
class EnrolmentState:
    enrolment_id: int
    person_id: int
    email: str | None
    sequence: str
    status: str  # active, paused, finished, stopped
    next_step: str  # "2: email", or "" once ended
    due_at: datetime | None
    stop_reason: str | None
    emails_sent: int
    last_outcome: str | None  # the latest step's status (sent, unknown, failed, ...)


@dataclass(frozen=True)
class OutreachStatus:
    enrolments: list[EnrolmentState]
    open_tasks: list[dict[str, Any]]
    by_status: Counter[str] = field(default_factory=Counter)
    unknown: int = 0  # emails whose fate is unknown: check the mailbox's Sent folder

    def as_dict(self) -> dict[str, Any]:
        def one(x: EnrolmentState) -> dict[str, Any]:
            data = dict(x.__dict__)
            data["due_at"] = x.due_at.isoformat() if x.due_at else None
            return data

        return {"by_status": dict(self.by_status), "unknown": self.unknown,
                "enrolments": [one(x) for x in self.enrolments],
                "open_tasks": self.open_tasks}  # fmt: skip


def outreach_status(
    session: Session, sequence: str | None = None, status: str | None = None
) -> OutreachStatus:
    e, s = schema.enrolments, schema.outreach_steps
    query = sa.select(e).order_by(e.c.status, e.c.due_at, e.c.id)
    if sequence:
        query = query.where(e.c.sequence == sequence)
    if status:
        query = query.where(e.c.status == status)
    kinds: dict[str, list[str]] = {}
    with session.reading() as connection:
        rows = connection.execute(query).all()
        steps = connection.execute(
            sa.select(s.c.enrolment_id, s.c.kind, s.c.status, s.c.step).order_by(s.c.id)
        ).all()
        tasks = connection.execute(
            sa.select(s.c.id, s.c.person_id, s.c.kind, s.c.note, s.c.created_at, e.c.sequence)
            .join(e, e.c.id == s.c.enrolment_id).where(s.c.status == "open")
            .order_by(s.c.created_at)
        ).all()  # fmt: skip
    sent: Counter[int] = Counter()
    last: dict[int, str] = {}
    unknown = 0
    for enrolment_id, kind, step_status, _ in steps:
        sent[int(enrolment_id)] += kind == "email" and step_status == "sent"
        last[int(enrolment_id)] = str(step_status)
        unknown += step_status == "unknown"
    for row in rows:
        if row.sequence not in kinds:
            try:
                found = read_sequence(sequence_path(session.workspace.root, str(row.sequence)))
                kinds[row.sequence] = [x.kind for x in found.steps]
            except SequenceError:
                kinds[row.sequence] = []
    emails = {lead.person_id: lead.email for lead in select(session, LeadFilter())}
    states = []
    for row in rows:
        live = row.status in ("active", "paused")
        steps_of = kinds[row.sequence]
        position = int(row.next_step)
        kind = steps_of[position - 1] if 0 < position <= len(steps_of) else "?"
        states.append(EnrolmentState(
            int(row.id), int(row.person_id), emails.get(int(row.person_id)), str(row.sequence),
            str(row.status),
            f"{position}: {kind}" if live else "", in_utc(row.due_at) if live else None,
            row.stop_reason, sent[int(row.id)], last.get(int(row.id)),
        ))  # fmt: skip
    open_tasks = [
        {"task_id": int(t.id), "person_id": int(t.person_id), "kind": t.kind, "note": t.note,
         "sequence": t.sequence, "since": str(in_utc(t.created_at))}
        for t in tasks
    ]  # fmt: skip
    return OutreachStatus(states, open_tasks, Counter(x.status for x in states), unknown)
