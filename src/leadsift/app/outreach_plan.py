"""The plan of an outreach run: which due steps run now, which wait (window, caps, a
colleague written to today), which people are stopped, and every email rendered and
recorded as `sending` before anything leaves (app/outreach_run.py hands them over)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import Message
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from leadsift.app.leads import select
from leadsift.app.sequences import lead_values
from leadsift.app.session import Session
from leadsift.config.mailboxes import MailboxSettings
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.moments import in_utc
from leadsift.export.lead import Lead
from leadsift.outreach.eligibility import STOP_FOR, Blocks
from leadsift.outreach.enrolment_records import stop, token_hash
from leadsift.outreach.mail_message import Outgoing, build_message, new_token
from leadsift.outreach.send_schedule import (
    after_waits,
    in_window,
    local_day,
    next_day_slot,
    next_slot,
    recipient_zone,
    slot_rng,
)
from leadsift.outreach.sequence_files import Sequence, SequenceError, read_sequence, sequence_path
from leadsift.outreach.templates import render_step
from leadsift.scoring.leads import LeadFilter
from leadsift.store import schema

DRY_RUN_URL = "https://leadsift.invalid"
DRY_RUN_MAILBOX = "dry-run"
e, s = schema.enrolments, schema.outreach_steps
_COUNTED = ("sending", "sent", "unknown", "bounced")  # emails that count against caps


@dataclass(frozen=True)
class Planned:
    """One email recorded as `sending`, to hand over."""

    enrolment_id: int
    step_id: int
    person_id: int
    step: int
    sequence: str
    mailbox: str
    message: Message
    message_id: str
    to_address: str
    advance: dict[str, Any]  # the enrolment's values once it is sent


@dataclass
class PlanResult:
    emails: list[Planned] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    finished: int = 0
    stopped: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


class _Counts:
    """Emails already counted against each cap today, and those this plan adds: counts by
    (sequence, day in its zone) and (mailbox, UTC day), and each account's send times (few
    a day), so that a run of many people stays linear."""

    def __init__(
        self, connection: sa.Connection, now: datetime, zones: dict[str, ZoneInfo]
    ) -> None:
        self.by_sequence: Counter[tuple[str, date]] = Counter()
        self.by_mailbox: Counter[tuple[str, date]] = Counter()
        self.by_account: dict[str, list[datetime]] = defaultdict(list)
        self.zones = zones  # each due sequence's own day (its `timezone`, else UTC)
        since = now - timedelta(days=2)
        for sequence, account, mailbox, at in connection.execute(
            sa.select(e.c.sequence, e.c.account, s.c.mailbox, s.c.created_at)
            .join(e, e.c.id == s.c.enrolment_id)
            .where(s.c.kind == "email", s.c.status.in_(_COUNTED), s.c.created_at >= since)
        ):
            self.add(str(sequence), account, mailbox, in_utc(at))
        first = connection.execute(
            sa.select(s.c.mailbox, sa.func.min(s.c.sent_at)).where(s.c.mailbox.is_not(None))
            .group_by(s.c.mailbox)
        ).all()  # fmt: skip
        self.first_sent = {str(r[0]): in_utc(r[1]) for r in first if r[1] is not None}

    def _zone(self, sequence: str) -> ZoneInfo:
        return self.zones.get(sequence, ZoneInfo("UTC"))

    def add(self, sequence: str, account: str | None, mailbox: str | None, at: datetime) -> None:
        self.by_sequence[(sequence, local_day(at, self._zone(sequence)))] += 1
        self.by_mailbox[(str(mailbox), at.date())] += 1
        if account:
            self.by_account[account].append(at)

    def sequence_today(self, sequence: Sequence, now: datetime) -> int:
        return self.by_sequence[(sequence.name, local_day(now, self._zone(sequence.name)))]

    def mailbox_today(self, mailbox: str, now: datetime) -> int:
        return self.by_mailbox[(mailbox, now.date())]

    def account_today(self, account: str, now: datetime, zone: ZoneInfo) -> bool:
        day = local_day(now, zone)
        return any(local_day(at, zone) == day for at in self.by_account.get(account, ()))

    def mailbox_day_number(self, mailbox: str, now: datetime) -> int:
        first = self.first_sent.get(mailbox)
        return 1 if first is None else (now.date() - first.date()).days + 1


def _advance(
    sequence: Sequence, enrolment_id: int, done_step: int, moment: datetime, zone: ZoneInfo
) -> dict[str, Any]:
    """The enrolment's values once step `done_step` ran at `moment`."""
    position, earliest = after_waits(sequence, done_step + 1, moment, zone)
    if position > len(sequence.steps):
        return {"status": "finished", "next_step": position, "ended_at": moment}
    due = earliest
    if sequence.steps[position - 1].kind == "email":
        due = next_slot(sequence, earliest, zone, slot_rng(enrolment_id, position))
    return {"status": "active", "next_step": position, "due_at": due}


def _mailbox(session: Session, sequence: Sequence, dry: bool) -> str:
    boxes = session.settings.mailboxes
    if sequence.mailbox:
        if sequence.mailbox not in boxes and not dry:
            raise LeadsiftError(f"{sequence.path}: mailbox {sequence.mailbox!r} is not in "
                                "leadsift.toml ([mailboxes.NAME])")  # fmt: skip
        return sequence.mailbox
    if len(boxes) == 1:
        return next(iter(boxes))
    if dry:
        return DRY_RUN_MAILBOX
    raise LeadsiftError(
        f'{sequence.path}: say which mailbox sends it (mailbox = "NAME"): leadsift.toml has '
        + (", ".join(sorted(boxes)) if boxes else "no [mailboxes.NAME]")
    )


def _sender(session: Session, sequence: Sequence, mailbox: str) -> dict[str, str]:
    box = session.settings.mailboxes.get(mailbox)
    return {
        "name": sequence.sender.get("name") or (box.from_name if box else ""),
        "email": sequence.sender.get("email") or (box.from_address if box else "")
        or "outreach@leadsift.invalid",
    }  # fmt: skip


def plan_due_steps(
    session: Session, connection: sa.Connection, now: datetime, dry: bool
) -> PlanResult:
    plan = PlanResult()
    public = session.settings.outreach.public_url
    if public is None and not dry:
        raise LeadsiftError(
            "set [outreach] public_url in leadsift.toml (where recipients reach `leadsift "
            "serve`, e.g. https://leads.example.com): every email carries its one-click "
            "unsubscribe link there. Nothing was sent."
        )
    base = (public or DRY_RUN_URL).rstrip("/")
    due = connection.execute(
        sa.select(e).where(e.c.status.in_(("active", "paused")), e.c.due_at <= now)
        .order_by(e.c.due_at, e.c.id)
    ).all()  # fmt: skip
    if not due:
        return plan
    leads = {lead.person_id: lead for lead in select(session, LeadFilter())}
    blocks = Blocks.read(connection, [int(r.person_id) for r in due])
    ran = {
        (int(r.enrolment_id), int(r.step)): r
        for r in connection.execute(
            sa.select(s).join(e, e.c.id == s.c.enrolment_id)
            .where(e.c.status.in_(("active", "paused")), e.c.due_at <= now)
        )
    }  # fmt: skip
    sequences: dict[str, _Sending | None] = {}
    for name in sorted({str(row.sequence) for row in due}):
        try:
            sequence = read_sequence(sequence_path(session.workspace.root, name))
            mailbox = _mailbox(session, sequence, dry)
            sequences[name] = _Sending(sequence, mailbox, _sender(session, sequence, mailbox),
                                       session.settings.mailboxes.get(mailbox))  # fmt: skip
        except LeadsiftError as exc:  # the sequence's people wait; the others go on
            sequences[name] = None
            plan.errors.append(str(exc))
    zones = {n: recipient_zone(x.sequence, None) for n, x in sequences.items() if x is not None}
    counts = _Counts(connection, now, zones)
    for row in due:
        sending = sequences[str(row.sequence)]
        if sending is not None:
            _plan_one(connection, plan, row, sending, leads.get(int(row.person_id)), blocks,
                      ran, counts, now, base)  # fmt: skip
    return plan


@dataclass(frozen=True)
class _Sending:
    sequence: Sequence
    mailbox: str
    sender: dict[str, str]
    box: MailboxSettings | None


def _plan_one(
    connection: sa.Connection, plan: PlanResult, row: Any, sending: _Sending,
    lead: Lead | None, blocks: Blocks, ran: dict[tuple[int, int], Any], counts: _Counts,
    now: datetime, base: str,
) -> None:  # fmt: skip
    sequence = sending.sequence
    enrolment, person, position = int(row.id), int(row.person_id), int(row.next_step)
    enrolled_at = in_utc(row.enrolled_at)
    why = "not scored" if lead is None else blocks.why_not(lead, False, enrolled_at)
    if why or lead is None:
        stop(connection, [person], STOP_FOR.get(why or "", "not_eligible"), now)
        plan.stopped[STOP_FOR.get(why or "", "not_eligible")] += 1
        return
    zone = recipient_zone(sequence, lead.country)
    if position > len(sequence.steps):  # the file lost steps since they were enrolled
        connection.execute(e.update().where(e.c.id == enrolment)
                           .values(status="finished", ended_at=now))  # fmt: skip
        plan.finished += 1
        return
    step = sequence.steps[position - 1]
    before = ran.get((enrolment, position))
    if before is not None and before.status != "failed":
        # it ran already (sending: the process died after the plan; its fate is unknown and
        # it is never offered again)
        if before.status == "sending":
            connection.execute(s.update().where(s.c.id == before.id).values(status="unknown"))
        _move_on(connection, plan, sequence, enrolment, position, now, zone)
        return
    values = lead_values(lead, sending.sender)
    if step.kind != "email":
        rendered = _render(plan, sequence, step, values)
        if rendered is None:
            return
        note = rendered.parts.get("note", "")
        connection.execute(s.insert().values(
            enrolment_id=enrolment, person_id=person, step=position, kind=step.kind,
            status="open", note=note, created_at=now,
        ))  # fmt: skip
        plan.tasks.append({"person_id": person, "sequence": sequence.name, "step": position,
                           "kind": step.kind, "due_at": now.isoformat(), "note": note})  # fmt: skip
        _move_on(connection, plan, sequence, enrolment, position, now, zone)
        return
    held = _hold(sending, row, counts, now, zone)
    if held:
        reason, until = held
        plan.held[reason] += 1
        connection.execute(e.update().where(e.c.id == enrolment)
                           .values(due_at=until, status="active"))  # fmt: skip
        return
    mailbox, sender = sending.mailbox, sending.sender
    rendered = _render(plan, sequence, step, values)
    if rendered is None:
        return
    token = new_token()
    outgoing = Outgoing(
        to_address=str(lead.email), to_name=values["person"]["name"] or "",
        from_address=sender["email"], from_name=sender["name"],
        subject=rendered.parts["subject"], text=rendered.parts["text"],
        html=rendered.parts.get("html"), unsubscribe_url=f"{base}/u/{token}", sent_at=now,
    )  # fmt: skip
    message_id = str(before.message_id) if before is not None and before.message_id else None
    earlier = tuple(
        str(ran[(enrolment, n)].message_id)
        for n in range(1, position)
        if (enrolment, n) in ran and ran[(enrolment, n)].message_id
        and ran[(enrolment, n)].status in ("sent", "unknown")
    )  # fmt: skip
    message = build_message(outgoing, message_id, earlier)
    record = {
        "status": "sending", "mailbox": mailbox, "message_id": str(message["Message-ID"]),
        "to_address": outgoing.to_address, "subject": outgoing.subject,
        "token_hash": token_hash(token), "created_at": now,
    }  # fmt: skip
    if before is None:
        step_id = int(connection.execute(s.insert().values(
            enrolment_id=enrolment, person_id=person, step=position, kind="email", **record,
        ).returning(s.c.id)).scalar_one())  # fmt: skip
    else:
        step_id = int(before.id)
        connection.execute(s.update().where(s.c.id == step_id).values(**record))
    counts.add(sequence.name, row.account, mailbox, now)
    plan.emails.append(Planned(
        enrolment, step_id, person, position, sequence.name, mailbox, message,
        str(message["Message-ID"]), outgoing.to_address,
        _advance(sequence, enrolment, position, now, zone),
    ))  # fmt: skip


def _render(plan: PlanResult, sequence: Sequence, step: Any, values: dict[str, Any]) -> Any:
    try:
        return render_step(sequence, step, values)
    except SequenceError as exc:
        plan.errors.append(str(exc))
        return None


def _move_on(
    connection: sa.Connection, plan: PlanResult, sequence: Sequence, enrolment: int,
    position: int, now: datetime, zone: ZoneInfo,
) -> None:  # fmt: skip
    values = _advance(sequence, enrolment, position, now, zone)
    connection.execute(e.update().where(e.c.id == enrolment).values(**values))
    plan.finished += values["status"] == "finished"


def _hold(
    sending: _Sending, row: Any, counts: _Counts, now: datetime, zone: ZoneInfo
) -> tuple[str, datetime] | None:
    """Why this email waits, and until when; None when it may go now."""
    sequence, mailbox, box = sending.sequence, sending.mailbox, sending.box
    rng = slot_rng(int(row.id), int(row.next_step), now.isoformat())
    if not in_window(sequence, now, zone):
        return "outside the sending window", next_slot(sequence, now, zone, rng)
    if counts.sequence_today(sequence, now) >= sequence.daily_cap:
        return "sequence daily cap", next_day_slot(sequence, now, zone, rng)
    if box is not None:
        limit = box.limit_on(counts.mailbox_day_number(mailbox, now))
        if counts.mailbox_today(mailbox, now) >= limit:
            return "mailbox daily limit", next_day_slot(sequence, now, zone, rng)
    account = row.account
    if (
        account
        and not sequence.same_account_same_day
        and counts.account_today(str(account), now, zone)
    ):
        return "a colleague was written to today", next_day_slot(sequence, now, zone, rng)
    return None


__all__ = ["DRY_RUN_MAILBOX", "PlanResult", "Planned", "plan_due_steps"]
