"""What a classified reply to our outreach does, in the transaction that stores it.

Every human answer ends the person's sequence at once (nobody is sent "just following up"
after writing back), and, where the sequence says `stop_on_colleague_reply`, their
colleagues' at the same account. An out-of-office pauses the sequence until the return date
it gives, at 09:00 in the person's time zone; with no date, 5 business days after it was
sent (the usual length of an absence that gives none). Other automatic replies change
nothing. Then, by intent:

- interested, question: a `reply` touch, and the person is made SQL now (their
  person_scores row and a stage_history row), so the lead list and the call list show it
  before the next score; scoring counts such a reply as a hand raise and a sales signal.
- objections and referral: a `reply` touch (a reply, but no hand raise).
- not_interested, wrong_person: a `reply` touch with noise "declined": an answer, but a no,
  so it adds no intent and no stage (scoring.flags keeps its sender a real person).
- unsubscribe: the sender's address suppressed (do_not_contact) and an `unsubscribe` touch.
- referral: an observation (`contacts` row, source "referral") of the address named, at the
  referrer's account, unless that address is suppressed; the run enrols it later.
- wrong_person: the person's observations with that address marked stale.

What was done is written to the reply's `routed` in words, and to the audit log as
`reply.route` with ids, the intent and the actions: never an address or the reply's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from leadsift.app.audit import entry
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.moments import in_utc
from leadsift.domain.stages import RANK, Stage
from leadsift.outreach import enrolment_records as records
from leadsift.outreach.business_days import add_business_days, zone_for
from leadsift.outreach.reply_observations import account_of, add_referral, mark_stale
from leadsift.outreach.sequence_files import read_sequence, sequence_path
from leadsift.privacy.suppression import Identifiers, suppress
from leadsift.scoring.flags import DECLINED
from leadsift.scoring.intent import POSITIVE_INTENTS
from leadsift.store import schema

AUTOMATIC = ("out_of_office", "auto_reply_other")
DECLINING = ("not_interested", "wrong_person")
NO_RETURN_DATE_BUSINESS_DAYS = 5
RESUME_AT = time(9, 0)
# stages a reply does not move: already past SQL, or not a prospect
KEPT_STAGES = frozenset({"sql", "meeting", "opportunity", "customer", "disqualified"})
_STOP_REASON = {"unsubscribe": "unsubscribe", "wrong_person": "wrong_person"}


@dataclass(frozen=True)
class RoutedReply:
    """A stored reply matched to one of our steps, with its intent."""

    reply_id: int
    reply_key: str
    step: Any  # the outreach_steps row it answers
    intent: str
    return_date: Any | None  # a date
    referral_email: str | None
    from_address: str | None
    text: str  # cleaned: what the person wrote
    at: datetime  # when it was sent (else received)

    @property
    def person_id(self) -> int:
        return int(self.step.person_id)


@dataclass
class Routing:
    actions: list[str] = field(default_factory=list)  # codes, for counts and the audit log
    words: list[str] = field(default_factory=list)  # for replies.routed

    def did(self, action: str, words: str) -> None:
        self.actions.append(action)
        self.words.append(words)

    @property
    def text(self) -> str:
        return "; ".join(self.words) or "nothing to do"


def first_line(text: str, width: int = 120) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


class Router:
    """Routes the replies of one transaction; reads each sequence file once."""

    def __init__(self, connection: sa.Connection, root: Path, now: datetime, by: str | None):
        self.connection, self.root, self.now, self.by = connection, root, now, by
        self._sequences: dict[str, tuple[bool, str | None]] = {}

    def _sequence(self, name: str) -> tuple[bool, str | None]:
        """(stop_on_colleague_reply, timezone) of a sequence; a file since removed or broken
        gives the defaults (stop colleagues: the cautious choice)."""
        if name not in self._sequences:
            try:
                found = read_sequence(sequence_path(self.root, name))
                self._sequences[name] = (found.stop_on_colleague_reply, found.timezone)
            except LeadsiftError:
                self._sequences[name] = (True, None)
        return self._sequences[name]

    def _enrolment(self, reply: RoutedReply) -> Any:
        """The person's live enrolment, else the one the answered step belongs to."""
        live = records.live_enrolment(self.connection, reply.person_id)
        if live is not None:
            return live
        e = schema.enrolments
        return self.connection.execute(
            sa.select(e).where(e.c.id == reply.step.enrolment_id)
        ).first()

    def route(self, reply: RoutedReply) -> Routing:
        done = Routing()
        enrolment = self._enrolment(reply)
        sequence = enrolment.sequence if enrolment is not None else None
        campaign = records.sequence_campaign(sequence) if sequence else None
        if reply.intent == "out_of_office":
            self._pause(reply, sequence, done)
        elif reply.intent not in AUTOMATIC:
            self._stop(reply, enrolment, done)
            self._by_intent(reply, campaign, done)
        self._audit(reply.reply_id, reply.person_id, reply.intent, done)
        return done

    def _stop(self, reply: RoutedReply, enrolment: Any, done: Routing) -> None:
        reason = _STOP_REASON.get(reply.intent, "reply")
        if records.stop(self.connection, [reply.person_id], reason, self.now):
            done.did("stopped", f"sequence stopped ({reason})")
        if enrolment is None or not self._sequence(enrolment.sequence)[0]:
            return
        ended = records.stop_colleagues(
            self.connection, enrolment.account, reply.person_id, self.now
        )
        if ended:
            done.did("colleagues_stopped", f"{len(ended)} colleague(s)' sequences stopped")

    def _pause(self, reply: RoutedReply, sequence: str | None, done: Routing) -> None:
        fallback = (self._sequence(sequence)[1] if sequence else None) or "UTC"
        try:
            zone = zone_for(self._country(reply.person_id), fallback)
        except LeadsiftError:
            zone = zone_for(None)
        if reply.return_date is not None:
            day, said = reply.return_date, "back on"
        else:
            later = add_business_days(reply.at, NO_RETURN_DATE_BUSINESS_DAYS, zone)
            day, said = later.astimezone(zone).date(), "no return date given, 5 business days:"
        until = datetime.combine(day, RESUME_AT, tzinfo=zone)
        live = records.live_enrolment(self.connection, reply.person_id)
        due = live.due_at if live is not None else None
        due = in_utc(due)
        if until <= self.now:
            done.words.append(f"out of office, {said} {day.isoformat()}: already past")
        elif due is not None and due >= until:  # never brings the next step forward
            done.words.append(f"out of office, {said} {day.isoformat()}: next step is later")
        elif records.pause(self.connection, reply.person_id, until.astimezone(UTC)):
            done.did(
                "paused",
                f"sequence paused until {until:%Y-%m-%d %H:%M} {zone.key} "
                f"({said} {day.isoformat()})",
            )
        else:
            done.words.append("out of office: no live sequence to pause")

    def _country(self, person_id: int) -> str | None:
        account = account_of(self.connection, person_id)
        if account is not None and account.country:
            return str(account.country)
        c = schema.contacts
        found = self.connection.execute(
            sa.select(c.c.country)
            .where(c.c.person_id == person_id, c.c.country.is_not(None))
            .order_by(c.c.id.desc())
            .limit(1)
        ).scalar()
        return None if found is None else str(found)

    def _by_intent(self, reply: RoutedReply, campaign: str | None, done: Routing) -> None:
        intent = reply.intent
        if intent == "unsubscribe":
            self._unsubscribe(reply, campaign, done)
            return
        records.add_touch(
            self.connection, key=reply.reply_key, kind="reply", at=reply.at,
            email=reply.from_address, person_id=reply.person_id, campaign=campaign,
            noise=DECLINED if intent in DECLINING else None, attributes={"intent": intent},
        )  # fmt: skip
        done.did("touch", "reply touch" + (" (declined)" if intent in DECLINING else ""))
        if intent in POSITIVE_INTENTS:
            self._make_sql(reply, done)
        elif intent == "referral":
            self._referral(reply, done)
        elif intent == "wrong_person":
            self._stale(reply, done)

    def _unsubscribe(self, reply: RoutedReply, campaign: str | None, done: Routing) -> None:
        address = reply.from_address or reply.step.to_address
        if address:
            suppress(self.connection, Identifiers(emails=frozenset({address})), "do_not_contact")
            done.did("suppressed", "sender suppressed (do not contact)")
        records.add_touch(
            self.connection, key=reply.reply_key, kind="unsubscribe", at=reply.at,
            email=address, person_id=reply.person_id, campaign=campaign,
        )  # fmt: skip

    def _make_sql(self, reply: RoutedReply, done: Routing) -> None:
        ps = schema.person_scores
        row = self.connection.execute(
            sa.select(ps.c.stage, ps.c.priority, ps.c.reasons).where(
                ps.c.person_id == reply.person_id
            )
        ).first()
        if row is None:
            done.words.append("not scored yet: the next score makes them SQL")
            return
        if row.stage in KEPT_STAGES:
            done.words.append(f"stage kept ({row.stage})")
            return
        reason = f"replied: {reply.intent} — “{first_line(reply.text)}”"
        # the score's priority ranks stages 100 apart (pipeline.score._priority)
        rank = RANK[Stage.SQL.value] - max(RANK.get(row.stage, 0), 0)
        self.connection.execute(
            ps.update()
            .where(ps.c.person_id == reply.person_id)
            .values(
                stage=Stage.SQL.value, stage_since=self.now,
                priority=round(float(row.priority) + 100 * rank, 2),
                reasons=[reason, *(row.reasons or [])],
            )
        )  # fmt: skip
        self.connection.execute(
            schema.stage_history.insert().values(
                person_id=reply.person_id, stage=Stage.SQL.value, previous_stage=row.stage,
                entered_at=self.now, reason=reason, run_id=None,
            )
        )  # fmt: skip
        done.did("stage_sql", f"stage {row.stage} -> sql, first on the call list")

    def _referral(self, reply: RoutedReply, done: Routing) -> None:
        address = (reply.referral_email or "").strip().lower()
        if not address or address == (reply.from_address or "").lower():
            done.words.append("referral: no colleague's address found")
            return
        added = add_referral(self.connection, reply.reply_key, address, reply.person_id, reply.at)
        if added == "suppressed":
            done.words.append("referral: the address named is suppressed, not added")
        elif added == "added":
            done.did("referral_added", "referred colleague added as an observation")

    def _stale(self, reply: RoutedReply, done: Routing) -> None:
        addresses = (reply.from_address, reply.step.to_address)
        marked = mark_stale(self.connection, reply.person_id, addresses, self.now)
        if marked:
            done.did("marked_stale", f"{marked} observation(s) of that address marked stale")

    def route_bounce(self, reply_id: int, reply_key: str, step: Any, at: datetime) -> Routing:
        """A bounce of one of our emails: the step bounced, a `bounce` touch, the sequence
        stopped."""
        done = Routing()
        s = schema.outreach_steps
        self.connection.execute(s.update().where(s.c.id == step.id).values(status="bounced"))
        done.did("bounced", "email marked bounced")
        e = schema.enrolments
        sequence = self.connection.execute(
            sa.select(e.c.sequence).where(e.c.id == step.enrolment_id)
        ).scalar()
        records.add_touch(
            self.connection, key=reply_key, kind="bounce", at=at, email=step.to_address,
            person_id=int(step.person_id),
            campaign=records.sequence_campaign(sequence) if sequence else None,
        )  # fmt: skip
        if records.stop(self.connection, [int(step.person_id)], "bounce", self.now):
            done.did("stopped", "sequence stopped (bounce)")
        self._audit(reply_id, int(step.person_id), "bounce", done)
        return done

    def suppress_unmatched(self, reply_id: int, address: str | None) -> Routing:
        """An unsubscribe we cannot tie to anyone is still honoured: its sender's address
        is suppressed (a missed opt-out costs more than a needless one)."""
        done = Routing()
        if address:
            suppress(self.connection, Identifiers(emails=frozenset({address})), "do_not_contact")
            done.did("suppressed", "unmatched unsubscribe: sender suppressed (do not contact)")
            self._audit(reply_id, None, "unsubscribe", done)
        return done

    def _audit(self, reply_id: int, person_id: int | None, intent: str, done: Routing) -> None:
        detail = {"reply_id": reply_id, "person_id": person_id, "intent": intent,
                  "actions": done.actions}  # fmt: skip
        entry(self.connection, "reply.route", detail, self.by)
