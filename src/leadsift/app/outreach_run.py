"""`leadsift outreach run`: every step that is due, run once (the service's worker calls it
every minute).

Three phases, so that a message is never sent twice and the write lock is never held while
a mail server is slow. Plan (one transaction under the write lock): the due enrolments are
checked again (a person may have unsubscribed, bounced or been erased since), held back
outside the recipient's sending window or past a cap, rendered, and each email is recorded
as `sending` with its Message-ID; tasks are recorded as `open`. Hand over (no lock): the
messages go to each mailbox's SMTP server in chunks. Record (a transaction a chunk): sent
messages become touches and their enrolments move on; a permanent refusal is a bounce and
stops the person; a refusal that may pass is tried again on a later run; a message whose
fate is unknown (the connection dropped, or the process died after the plan) is never
offered again. `dry_run` writes the messages and tasks to a folder instead and changes
nothing in the workspace."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from leadsift.app.outreach_plan import Planned, PlanResult, plan_due_steps
from leadsift.app.referral_enrolment import enrol_referrals
from leadsift.app.reply_intake import Fetch, fetch_mailboxes
from leadsift.app.session import Session
from leadsift.config.mailboxes import MailboxSettings
from leadsift.export.csv_cells import write_rows
from leadsift.outreach.enrolment_records import add_touches, sequence_campaign, stop
from leadsift.outreach.smtp_delivery import Delivery, deliver
from leadsift.store import schema

CHUNK = 250  # messages handed over, then recorded, at a time
RETRY_AFTER = timedelta(minutes=30)  # a refusal that may pass is offered again then

Deliver = Callable[[str, MailboxSettings, Iterable[Message]], list[Delivery]]


class _DryRun(Exception):
    """Raised inside the plan's transaction to roll it back."""


@dataclass
class RunResult:
    now: datetime
    sent: int = 0
    failed: int = 0  # refused for now: tried again later
    bounced: int = 0
    unknown: int = 0
    tasks: int = 0
    finished: int = 0
    stopped: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)  # window, sequence cap, ...
    errors: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # dry run: files written
    dry_run: bool = False
    replies_read: int = 0  # new replies taken from the mailboxes before sending
    referrals_enrolled: int = 0  # colleagues a reply named (app/referral_enrolment.py)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["now"] = self.now.isoformat()
        data["stopped"], data["held"] = dict(self.stopped), dict(self.held)
        return data


def run_outreach(
    session: Session,
    now: datetime | None = None,
    dry_run: Path | None = None,
    deliver_with: Deliver = deliver,
    fetch_with: Fetch | None = None,
) -> RunResult:
    """Run what is due at `now` (default: the current time). Replies are read first, from
    every mailbox with an [imap] table, so that a person who answered since the last run
    is not written to again."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    result = RunResult(moment, dry_run=dry_run is not None)
    if dry_run is None:
        _read_replies(session, moment, result, fetch_with)
        result.referrals_enrolled = enrol_referrals(session, moment)
    plan: PlanResult | None = None
    try:
        with session.writing("leadsift outreach run") as connection:
            plan = plan_due_steps(session, connection, moment, dry_run is not None)
            if dry_run is not None:
                raise _DryRun
    except _DryRun:
        pass
    assert plan is not None
    result.tasks, result.finished = len(plan.tasks), plan.finished
    result.stopped.update(plan.stopped)
    result.held.update(plan.held)
    result.errors += plan.errors
    if dry_run is not None:
        result.written = _write_dry_run(dry_run, plan)
        return result
    by_mailbox: dict[str, list[Planned]] = {}
    for item in plan.emails:
        by_mailbox.setdefault(item.mailbox, []).append(item)
    for name, items in by_mailbox.items():
        settings = session.settings.mailboxes[name]
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            try:
                outcomes = deliver_with(name, settings, [i.message for i in chunk])
            except Exception as exc:  # a missing credential: nothing of this mailbox was sent
                result.errors.append(f"mailbox {name!r}: {exc}")
                outcomes = [Delivery(str(i.message["Message-ID"]), False, 0, False, str(exc))
                            for i in chunk]  # fmt: skip
            _record(session, chunk, outcomes, moment, result)
    return result


def _read_replies(
    session: Session, now: datetime, result: RunResult, fetch_with: Fetch | None
) -> None:
    if not any(box.imap is not None for box in session.settings.mailboxes.values()):
        return
    # a mailbox that cannot be read is reported and sending goes on: its replies are read
    # on the next run (the cursor did not move), as a person's mail client would
    intake = fetch_mailboxes(session, now=now, fetch=fetch_with, by="leadsift outreach run")
    result.replies_read = intake.stored
    result.errors += [f"replies: {e.where}: {e.message}" for e in intake.errors]


def _record(
    session: Session, chunk: list[Planned], outcomes: list[Delivery], now: datetime,
    result: RunResult,
) -> None:  # fmt: skip
    """What became of a chunk, in one transaction: the common case (sent) as a few
    statements for the whole chunk, not several a message."""
    s, e = schema.outreach_steps, schema.enrolments
    steps: list[dict[str, Any]] = []
    moved: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    touches: list[dict[str, Any]] = []
    bounced: list[int] = []
    for item, outcome in zip(chunk, outcomes, strict=True):
        status = ("sent" if outcome.sent else "unknown" if outcome.unknown
                  else "bounced" if outcome.permanent else "failed")  # fmt: skip
        steps.append({"sid": item.step_id, "status": status, "tries": outcome.attempts,
                      "error": outcome.error,
                      "sent_at": now if status in ("sent", "unknown") else None})  # fmt: skip
        event = {"key": item.message_id, "at": now, "email": item.to_address,
                 "person_id": item.person_id, "campaign": sequence_campaign(item.sequence),
                 "touch_id": item.message_id}  # fmt: skip
        if status in ("sent", "unknown"):
            advance = {"eid": item.enrolment_id, **item.advance}
            moved.setdefault(tuple(sorted(item.advance)), []).append(advance)
            result.finished += item.advance.get("status") == "finished"
            if status == "sent":
                touches.append({**event, "kind": "sent"})
        elif status == "bounced":
            touches.append({**event, "kind": "bounce"})
            bounced.append(item.person_id)
        else:
            moved.setdefault(("due_at",), []).append(
                {"eid": item.enrolment_id, "due_at": now + RETRY_AFTER}
            )
        setattr(result, status, getattr(result, status) + 1)
    with session.writing("leadsift outreach run") as connection:
        connection.execute(
            s.update().where(s.c.id == sa.bindparam("sid")).values(
                status=sa.bindparam("status"), attempts=s.c.attempts + sa.bindparam("tries"),
                error=sa.bindparam("error"), sent_at=sa.bindparam("sent_at"),
            ),
            steps,
        )  # fmt: skip
        for columns, rows in moved.items():
            values: dict[str, Any] = {column: sa.bindparam(column) for column in columns}
            connection.execute(e.update().where(e.c.id == sa.bindparam("eid")).values(**values),
                               rows)  # fmt: skip
        add_touches(connection, touches)
        ended = len(stop(connection, bounced, "bounce", now))
        if ended:
            result.stopped["bounce"] += ended


def _write_dry_run(folder: Path, plan: PlanResult) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, item in enumerate(plan.emails, start=1):
        path = folder / f"{number:05d}-person-{item.person_id}-step-{item.step}.eml"
        path.write_bytes(bytes(item.message))
        written.append(str(path))
    if plan.tasks:
        path = folder / "tasks.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            write_rows(handle, ("person_id", "sequence", "step", "kind", "due_at", "note"),
                       ((t["person_id"], t["sequence"], t["step"], t["kind"], t["due_at"],
                         t["note"]) for t in plan.tasks))  # fmt: skip
        written.append(str(path))
    return written


__all__ = ["RunResult", "run_outreach"]
