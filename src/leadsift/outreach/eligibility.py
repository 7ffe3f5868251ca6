"""Who may be written to: the checks made when a person is enrolled and again before each
step runs (a person can unsubscribe, bounce or be erased between the two).

Never: a person without an email address, one who is erased or not a real person, whose
address is suppressed (erased or do-not-contact), who unsubscribed or withdrew consent,
whose address bounced, whose address a reply called the wrong person, who booked a
meeting or is further on (sales has the conversation; a sequence would talk over it), or
(at enrolment) who is already in a sequence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from leadsift.domain.moments import in_utc
from leadsift.export.lead import Lead
from leadsift.outreach.enrolment_records import live_people
from leadsift.privacy.identifiers import email_forms
from leadsift.privacy.suppression import SuppressionFilter
from leadsift.store import schema

# why a person is left out, in the order the checks run (the first that applies is said)
NO_EMAIL = "no email address"
ERASED = "erased"
NOT_REAL = "disqualified (not a real person or outside the target profile)"
SUPPRESSED = "suppressed"
UNSUBSCRIBED = "unsubscribed"
BOUNCED = "bounced"
STALE = "wrong person (a reply said so)"
MEETING = "in a sales conversation (a meeting booked, or later)"
IN_SEQUENCE = "already in a sequence"
# the stop reason an enrolment ends with when a check fails before a step
STOP_FOR = {
    NO_EMAIL: "not_eligible", ERASED: "erased", NOT_REAL: "not_eligible",
    SUPPRESSED: "suppressed", UNSUBSCRIBED: "unsubscribe", BOUNCED: "bounce",
    STALE: "wrong_person", MEETING: "meeting",
}  # fmt: skip


_IN_SALES = frozenset({"meeting", "opportunity", "customer"})
# a meeting booked this recently keeps a person out of a new sequence (sales has them)
RECENT_MEETING = timedelta(days=90)


@dataclass(frozen=True)
class Blocks:
    """What the workspace holds against writing to people, read once for many."""

    suppression: SuppressionFilter | None
    unsubscribed: set[str]  # addresses (lower-case) and "#ID" person ids
    bounced: set[str]
    met: dict[str, datetime]  # when each address and "#ID" last booked a meeting
    stale: set[str]  # addresses every observation of which is stale
    erased: set[int]
    live: set[int]

    @staticmethod
    def read(connection: sa.Connection, people: Iterable[int]) -> Blocks:
        wanted = sorted(set(people))
        t, c, p = schema.touches, schema.contacts, schema.persons
        marks: dict[str, set[str]] = {"unsubscribe": set(), "bounce": set()}
        met: dict[str, datetime] = {}
        for kind, email, person, at in connection.execute(
            sa.select(t.c.kind, t.c.email, t.c.person_id, t.c.occurred_at).where(
                t.c.kind.in_((*marks, "meeting_booked")), t.c.noise.is_(None)
            )
        ):
            keys = ({str(email).strip().lower()} if email else set()) | (
                {f"#{person}"} if person is not None else set()
            )
            if kind == "meeting_booked":
                moment = in_utc(at)
                for key in keys:
                    met[key] = max(met.get(key, moment), moment)
            else:
                marks[kind] |= keys
        stale_rows = connection.execute(
            sa.select(sa.func.lower(c.c.email))
            .where(c.c.email.is_not(None))
            .group_by(sa.func.lower(c.c.email))
            .having(sa.func.count() == sa.func.count(c.c.stale_at))
        )
        erased = {
            int(r[0]) for r in connection.execute(sa.select(p.c.id).where(p.c.noise == "erased"))
        }
        return Blocks(
            SuppressionFilter.load(connection), marks["unsubscribe"], marks["bounce"],
            met, {str(r[0]) for r in stale_rows}, erased, live_people(connection, wanted),
        )  # fmt: skip

    def why_not(self, lead: Lead, enrolling: bool, since: datetime | None = None) -> str | None:
        """Why this person may not be written to, or None. `since`: a meeting booked
        after it counts (the enrolment's time before a step; RECENT_MEETING before now
        at enrolment)."""
        email = (lead.email or "").strip().lower()
        if not email or "@" not in email:
            return NO_EMAIL
        if lead.person_id in self.erased:
            return ERASED
        if lead.stage == "disqualified":
            return NOT_REAL
        if self.suppression is not None and self.suppression.listed("email", email_forms(email)):
            return SUPPRESSED
        if lead.consent_withdrawn or {email, f"#{lead.person_id}"} & self.unsubscribed:
            return UNSUBSCRIBED
        if {email, f"#{lead.person_id}"} & self.bounced:
            return BOUNCED
        if email in self.stale:
            return STALE
        if lead.stage in _IN_SALES:
            return MEETING
        booked = max((self.met[k] for k in (email, f"#{lead.person_id}") if k in self.met),
                     default=None)  # fmt: skip
        if booked is not None and since is not None and booked >= since:
            return MEETING
        if enrolling and lead.person_id in self.live:
            return IN_SEQUENCE
        return None
