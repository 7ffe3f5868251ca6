"""The exports sales and marketing act on: a call list, an email segment, CRM import files.

CRM headers are the ones their importers map automatically:
- HubSpot contacts import matches headers to property labels ("Email", "First Name",
  "Lifecycle Stage", ...); lifecycle stage values are the labels HubSpot documents
  (Subscriber, Lead, Marketing Qualified Lead, Sales Qualified Lead, Opportunity, Customer,
  Evangelist, Other). leadsift's scores go to properties named "leadsift ..." that the import
  wizard offers to create.
- Salesforce leads use the Lead object's field API names (FirstName, LastName, Company, ...),
  which Data Loader maps automatically and the Data Import Wizard offers; LastName and Company
  are required, so missing ones are filled with "[not provided]" / the email's domain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, TextIO

from leadsift.export.csv_cells import write_rows
from leadsift.export.lead import Lead

CrmFormat = Literal["hubspot", "salesforce"]

HUBSPOT_LIFECYCLE = {
    "audience": "Subscriber", "engaged": "Lead", "mql": "Marketing Qualified Lead",
    "sql": "Sales Qualified Lead", "meeting": "Sales Qualified Lead",
    "opportunity": "Opportunity", "customer": "Customer", "nurture": "Lead",
    "disqualified": "Other",
}  # fmt: skip
HUBSPOT_LEAD_STATUS = {
    "mql": "New", "sql": "Open", "meeting": "Connected", "opportunity": "Open Deal",
    "nurture": "Bad Timing", "disqualified": "Unqualified",
}  # fmt: skip
SALESFORCE_STATUS = {
    "audience": "Open - Not Contacted", "engaged": "Open - Not Contacted",
    "mql": "Open - Not Contacted", "sql": "Working - Contacted",
    "meeting": "Working - Contacted", "opportunity": "Closed - Converted",
    "customer": "Closed - Converted", "nurture": "Working - Contacted",
    "disqualified": "Closed - Not Converted",
}  # fmt: skip

CALL_HEADER = (
    "rank", "name", "title", "role", "phone", "account", "tier", "stage", "fit grade",
    "intent", "reason to call now", "reply", "last touch", "email", "account match",
)  # fmt: skip
SEGMENT_HEADER = (
    "email", "first_name", "last_name", "company", "title", "role", "country", "stage",
    "grade", "fit", "intent", "named_account", "lawful_basis",
)  # fmt: skip
HUBSPOT_HEADER = (
    "Email", "First Name", "Last Name", "Phone Number", "Job Title", "Company Name",
    "Country/Region", "Lifecycle Stage", "Lead Status", "leadsift Fit", "leadsift Grade",
    "leadsift Intent", "leadsift Stage", "leadsift Reasons",
)  # fmt: skip
SALESFORCE_HEADER = (
    "FirstName", "LastName", "Company", "Email", "Phone", "Title", "Country", "Status",
    "Rating", "LeadSource", "Description",
)  # fmt: skip


def _name(lead: Lead) -> str:
    return " ".join(p for p in (lead.first_name, lead.last_name) if p) or (lead.email or "")


def _when(lead: Lead) -> str:
    return lead.last_touch_at.strftime("%Y-%m-%d") if lead.last_touch_at else ""


def replied_first(leads: Sequence[Lead], replies: Mapping[int, str]) -> list[Lead]:
    """The people in `replies` first, in its order, then the others as they were."""
    ranked = {person: position for position, person in enumerate(replies)}
    return sorted(leads, key=lambda lead: ranked.get(lead.person_id, len(ranked)))


def write_call_list(
    leads: Sequence[Lead], stream: TextIO, replies: Mapping[int, str] | None = None
) -> int:
    """People sales can phone, best first; the first reason says why to call now. `replies`
    holds, by person, the reply that asked for more (interested, question): those people
    come first, in the order given, each with the reply in the `reply` column."""
    replies = replies or {}
    ordered = replied_first(leads, replies)
    rows = [
        (
            rank,
            _name(lead),
            lead.title,
            lead.role,
            lead.phone,
            lead.account or lead.company,
            lead.account_tier,
            lead.stage,
            lead.grade,
            lead.intent,
            lead.reasons[0] if lead.reasons else "",
            replies.get(lead.person_id, ""),
            _when(lead),
            lead.email,
            lead.account_match,
        )
        for rank, lead in enumerate((lead for lead in ordered if lead.phone), start=1)
    ]
    return write_rows(stream, CALL_HEADER, rows)


def write_segment(leads: Sequence[Lead], stream: TextIO) -> int:
    rows = [
        (
            lead.email,
            lead.first_name,
            lead.last_name,
            lead.company,
            lead.title,
            lead.role,
            lead.country,
            lead.stage,
            lead.grade,
            lead.fit,
            lead.intent,
            lead.account_target,
            lead.lawful_basis,
        )
        for lead in leads
        if lead.email
    ]
    return write_rows(stream, SEGMENT_HEADER, rows)


def _rating(lead: Lead) -> str:
    if lead.intent >= 60 or lead.stage in ("sql", "meeting", "opportunity"):
        return "Hot"
    return "Warm" if lead.intent >= 25 else "Cold"


def write_crm(leads: Sequence[Lead], stream: TextIO, fmt: CrmFormat) -> int:
    if fmt == "hubspot":
        rows = [
            (
                lead.email,
                lead.first_name,
                lead.last_name,
                lead.phone,
                lead.title,
                lead.company,
                lead.country,
                HUBSPOT_LIFECYCLE.get(lead.stage, "Other"),
                HUBSPOT_LEAD_STATUS.get(lead.stage, ""),
                lead.fit,
                lead.grade,
                lead.intent,
                lead.stage,
                " | ".join(lead.reasons[:5]),
            )
            for lead in leads
            if lead.email
        ]
        return write_rows(stream, HUBSPOT_HEADER, rows)
    salesforce_rows = [
        (
            lead.first_name,
            lead.last_name or "[not provided]",
            lead.company or (lead.email.split("@")[-1] if lead.email else "[not provided]"),
            lead.email,
            lead.phone,
            lead.title,
            lead.country,
            SALESFORCE_STATUS.get(lead.stage, "Open - Not Contacted"),
            _rating(lead),
            "leadsift",
            f"leadsift: {lead.stage}, fit {lead.grade} ({lead.fit}), intent {lead.intent}. "
            + "; ".join(lead.reasons[:5]),
        )
        for lead in leads
    ]
    return write_rows(stream, SALESFORCE_HEADER, salesforce_rows)
