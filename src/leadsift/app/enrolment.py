"""Putting people in a sequence (`leadsift enrol`): a preview of who and why, then the
enrolments written in one transaction.

People are chosen by stage, account, a segment file (a CSV with `person_id` or `email`,
such as `leadsift export segment` writes) or by id or address. Never a suppressed,
unsubscribed, bounced or erased person, never one already in a sequence
(outreach/eligibility.py): each left out is listed with why. Two people at one account do
not start on the same day unless the sequence allows it: the second starts on the next
sending day, the third the day after."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from leadsift.app.audit import entry
from leadsift.app.leads import select
from leadsift.app.sequences import reason_now
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.moments import in_utc
from leadsift.export.lead import Lead
from leadsift.outreach.eligibility import RECENT_MEETING, Blocks
from leadsift.outreach.send_schedule import (
    after_waits,
    local_day,
    next_day_slot,
    next_slot,
    recipient_zone,
    slot_rng,
)
from leadsift.outreach.sequence_files import Sequence as SequenceFile
from leadsift.outreach.sequence_files import read_sequence, sequence_path
from leadsift.scoring.leads import LeadFilter
from leadsift.store import schema


@dataclass(frozen=True)
class Selection:
    """Who to enrol: one of these (the CLI says which)."""

    stage: str | None = None  # e.g. "mql+", "sql"
    account: str | None = None
    segment: Path | None = None
    people: tuple[str, ...] = ()  # person ids or email addresses


@dataclass(frozen=True)
class Candidate:
    person_id: int
    email: str | None
    name: str
    account: str | None
    reason: str  # the reason to call now, as the templates see it
    starts_at: datetime | None = None  # None: left out
    left_out: str | None = None  # why not


@dataclass(frozen=True)
class EnrolmentPlan:
    sequence: str
    enrolled: list[Candidate]
    left_out: list[Candidate]
    not_found: list[str] = field(default_factory=list)  # references that match no one
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        def one(c: Candidate) -> dict[str, Any]:
            return {
                "person_id": c.person_id, "email": c.email, "name": c.name,
                "account": c.account, "reason": c.reason, "left_out": c.left_out,
                "starts_at": c.starts_at.isoformat() if c.starts_at else None,
            }  # fmt: skip

        return {
            "sequence": self.sequence, "written": self.written,
            "enrolled": [one(c) for c in self.enrolled],
            "left_out": [one(c) for c in self.left_out], "not_found": self.not_found,
        }  # fmt: skip


def account_key(lead: Lead) -> str | None:
    """What the same-account rules compare: the account's domain, else its name."""
    key = lead.account_domain or lead.account or lead.company
    return key.strip().lower() if key else None


def _segment_references(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = {f.strip().lower(): f for f in reader.fieldnames or []}
            column = fields.get("person_id") or fields.get("email")
            if column is None:
                raise LeadsiftError(
                    f"{path}: line 1: a segment file needs a person_id or email column "
                    f"(it has {', '.join(reader.fieldnames or []) or 'none'})"
                )
            return [row[column].strip() for row in reader if (row.get(column) or "").strip()]
    except FileNotFoundError:
        raise LeadsiftError(f"{path}: no such segment file") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise LeadsiftError(f"{path}: not a readable CSV file: {exc}") from None


def _chosen(session: Session, selection: Selection) -> tuple[list[Lead], list[str]]:
    given = [bool(selection.stage), bool(selection.account), selection.segment is not None,
             bool(selection.people)]  # fmt: skip
    if sum(given) != 1:
        raise LeadsiftError("choose people one way: --stage, --account, --segment or --person")
    if selection.stage or selection.account:
        stages = (selection.stage,) if selection.stage else ()
        return select(session, LeadFilter(stages=stages, account=selection.account)), []
    references = (
        _segment_references(selection.segment) if selection.segment else list(selection.people)
    )
    everyone = select(session, LeadFilter())
    by_id = {str(lead.person_id): lead for lead in everyone}
    by_email = {(lead.email or "").lower(): lead for lead in everyone if lead.email}
    found: dict[int, Lead] = {}
    missing = []
    for reference in references:
        lead = by_id.get(reference) or by_email.get(reference.lower())
        if lead is None:
            missing.append(reference)
        else:
            found.setdefault(lead.person_id, lead)
    return list(found.values()), missing


def _candidate(lead: Lead, left_out: str | None = None, at: datetime | None = None) -> Candidate:
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or (lead.email or "")
    return Candidate(lead.person_id, lead.email, name, lead.account or lead.company,
                     reason_now(lead.reasons), at, left_out)  # fmt: skip


def _starts(
    sequence: SequenceFile, leads: list[Lead], now: datetime, busy: dict[str, set[Any]]
) -> dict[int, datetime]:
    """When each person's first step may run: the first sending slot, moved to later
    sending days while a colleague already starts (or is written to) that day."""
    starts: dict[int, datetime] = {}
    for lead in leads:
        zone = recipient_zone(sequence, lead.country)
        rng = slot_rng(lead.person_id, 0, sequence.name)
        _, earliest = after_waits(sequence, 1, now, zone)
        moment = next_slot(sequence, earliest, zone, rng)
        account = account_key(lead)
        if account and not sequence.same_account_same_day:
            while local_day(moment, zone) in busy[account]:
                moment = next_day_slot(sequence, moment, zone, rng)
            busy[account].add(local_day(moment, zone))
        starts[lead.person_id] = moment
    return starts


def _busy_days(session: Session, sequence: SequenceFile, now: datetime) -> dict[str, set[Any]]:
    """Days (in the sequence's zone) on which each account already has a step due."""
    e = schema.enrolments
    busy: dict[str, set[Any]] = defaultdict(set)
    zone = recipient_zone(sequence, None)
    with session.reading() as connection:
        for account, due in connection.execute(
            e.select().with_only_columns(e.c.account, e.c.due_at)
            .where(e.c.status == "active", e.c.account.is_not(None), e.c.due_at >= now)
        ):  # fmt: skip
            moment = in_utc(due)
            busy[str(account)].add(local_day(moment, zone))
    return busy


def plan_enrolment(
    session: Session, name: str, selection: Selection, now: datetime | None = None
) -> tuple[SequenceFile, EnrolmentPlan, list[Lead]]:
    sequence = read_sequence(sequence_path(session.workspace.root, name))
    moment = now or datetime.now(UTC)
    leads, missing = _chosen(session, selection)
    with session.reading() as connection:
        blocks = Blocks.read(connection, [lead.person_id for lead in leads])
    kept: list[Lead] = []
    left: list[Candidate] = []
    for lead in leads:
        why = blocks.why_not(lead, True, moment - RECENT_MEETING)
        if why:
            left.append(_candidate(lead, why))
        else:
            kept.append(lead)
    starts = _starts(sequence, kept, moment, _busy_days(session, sequence, moment))
    enrolled = [_candidate(lead, None, starts[lead.person_id]) for lead in kept]
    plan = EnrolmentPlan(sequence.name, enrolled, left, missing)
    return sequence, plan, kept


def enrol(
    session: Session,
    name: str,
    selection: Selection,
    *,
    write: bool,
    now: datetime | None = None,
    by: str | None = None,
) -> EnrolmentPlan:
    """The preview (write=False) or the enrolments written: who, why, and when each starts.
    The checks run again under the write lock, so two enrolments at once never put one
    person in two sequences."""
    sequence, plan, leads = plan_enrolment(session, name, selection, now)
    if not write or not plan.enrolled:
        return plan
    moment = now or datetime.now(UTC)
    by_id = {lead.person_id: lead for lead in leads}
    with session.writing("leadsift enrol") as connection:
        blocks = Blocks.read(connection, list(by_id))
        rows, late = [], []
        for candidate in plan.enrolled:
            lead = by_id[candidate.person_id]
            why = blocks.why_not(lead, True, moment - RECENT_MEETING)
            if why:
                late.append(_candidate(lead, why))
                continue
            position, _ = after_waits(sequence, 1, moment, recipient_zone(sequence, lead.country))
            rows.append({
                "person_id": lead.person_id, "sequence": sequence.name,
                "account": account_key(lead), "status": "active", "next_step": position,
                "due_at": candidate.starts_at, "reason": candidate.reason,
                "enrolled_at": moment,
            })  # fmt: skip
        if rows:
            connection.execute(schema.enrolments.insert(), rows)
        entry(connection, "outreach.enrol", {
            "sequence": sequence.name, "people": [r["person_id"] for r in rows],
            "left_out": len(plan.left_out) + len(late),
        }, by)  # fmt: skip
    done = {r["person_id"] for r in rows}
    return EnrolmentPlan(
        plan.sequence, [c for c in plan.enrolled if c.person_id in done],
        plan.left_out + late, plan.not_found, written=True,
    )  # fmt: skip


def enrol_people(
    session: Session, name: str, people: Sequence[str], *, now: datetime | None = None,
    by: str | None = None,
) -> EnrolmentPlan:  # fmt: skip
    """Enrol these person ids or addresses at once (a referral named in a reply)."""
    return enrol(session, name, Selection(people=tuple(people)), write=True, now=now, by=by)
