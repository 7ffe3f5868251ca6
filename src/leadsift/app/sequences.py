"""Sequences of the workspace (`leadsift sequences list|check`): read a sequence file and
render every step for a sample person (the best lead, or the one named), so that a template
naming a field that does not exist is refused before anyone is written to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.export.lead import Lead
from leadsift.outreach.sequence_files import (
    Sequence,
    read_sequence,
    sequence_names,
    sequence_path,
)
from leadsift.outreach.templates import Rendered, context, render_sequence


@dataclass(frozen=True)
class SequenceCheck:
    sequence: Sequence
    person_id: int | None  # the sample person (None: an empty workspace, a made-up one)
    rendered: list[Rendered]

    def as_dict(self) -> dict[str, Any]:
        s = self.sequence
        return {
            "sequence": s.name, "file": str(s.path), "person_id": self.person_id,
            "window": f"{s.window_start:%H:%M}-{s.window_end:%H:%M}", "days": list(s.days),
            "daily_cap": s.daily_cap,
            "steps": [{"step": r.step, "kind": r.kind, **r.parts} for r in self.rendered],
            "waits": [{"step": w.number, "business_days": w.business_days}
                      for w in s.steps if w.kind == "wait"],
        }  # fmt: skip


def list_sequences(session: Session) -> list[Sequence]:
    return [read_sequence(sequence_path(session.workspace.root, n))
            for n in sequence_names(session.workspace.root)]  # fmt: skip


_POINTS = re.compile(r":\s*[+-]\d+(?:\.\d+)?$")
_RECENT = re.compile(r"(?:\d+ days ago|today|yesterday)$")


def reason_now(reasons: list[str]) -> str:
    """The reason to call now: their strongest dated activity ("filled in a form, 8 days
    ago"), without its points; else their first reason. Not the stage's own reason
    ("engaged with a campaign"), which says nothing a person would write."""
    plain = [_POINTS.sub("", r).strip() for r in reasons]
    for reason in plain:
        if _RECENT.search(reason):
            return reason
    return plain[0] if plain else ""


def lead_values(lead: Lead, sender: dict[str, str]) -> dict[str, Any]:
    """A lead as the templates see it: person, account, sender, and the reason to call now
    (reason_now)."""
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or None
    person = {
        "first_name": lead.first_name, "last_name": lead.last_name, "name": name,
        "title": lead.title, "email": lead.email, "phone": lead.phone, "company": lead.company,
        "country": lead.country, "stage": lead.stage,
    }  # fmt: skip
    account = {"name": lead.account, "domain": lead.account_domain, "tier": lead.account_tier,
               "country": lead.country, "named": lead.account_target}  # fmt: skip
    return context(person, account, sender, reason_now(lead.reasons))


_EXAMPLE = Lead(
    person_id=0, email="ann@example.com", first_name="Ann", last_name="Example",
    title="Practice Manager", role=None, phone=None, company="Example Clinic",
    account="Example Clinic", account_domain="example.com", account_target=True,
    account_tier="1", country="US", fit=80, grade="A", intent=60, stage="mql",
    probability=None, priority=1.0, reasons=["attended the webinar 3 days ago"],
)  # fmt: skip


def _sample(session: Session, person: str | None) -> Lead | None:
    from leadsift.app.leads import select
    from leadsift.scoring.leads import LeadFilter

    if person is None:
        best = select(session, LeadFilter(limit=1))
        return best[0] if best else None
    wanted = person.strip().lower()
    for lead in select(session, LeadFilter()):
        if str(lead.person_id) == wanted or (lead.email or "").lower() == wanted:
            return lead
    raise LeadsiftError(f"no scored person {person!r} (a person id or an email address)")


def check_sequence(session: Session, name: str, person: str | None = None) -> SequenceCheck:
    """The sequence read and every step rendered for the sample person; a SequenceError
    (a LeadsiftError) names the file, step, part, line and the missing name."""
    sequence = read_sequence(sequence_path(session.workspace.root, name))
    lead = _sample(session, person)
    values = lead_values(lead or _EXAMPLE, sequence.sender)
    return SequenceCheck(sequence, lead.person_id if lead else None,
                         render_sequence(sequence, values))  # fmt: skip
