"""Lawful bases for processing a person's data (GDPR art. 6), as leadsift records them, and
the spellings the tools people export from use for them.

A source states a basis (HubSpot's "Legal basis for processing contact's data"), an opt-in
(Mailchimp's OPTIN_TIME and OPTIN_IP: consent), or an opt-out (Salesforce's Email Opt Out,
Mailchimp's UNSUB_TIME: consent withdrawn)."""

from __future__ import annotations

# strongest first: when a cell names several (HubSpot's is a multiple checkbox, its values
# joined by ";"), the first of these it names is the basis kept
LAWFUL_BASES = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interest",
    "not_applicable",
)

_SPELLINGS = {
    # HubSpot's labels, as its exports write them (dashes vary: en dash or hyphen)
    "freely given consent from contact": "consent",
    "performance of a contract": "contract",
    "legitimate interest - prospect/lead": "legitimate_interest",
    "legitimate interest - existing customer": "legitimate_interest",
    "legitimate interest - other": "legitimate_interest",
    "not applicable": "not_applicable",
    # HubSpot's internal values, as its API and some exports give them
    "consent_with_notice": "consent",
    "process_and_store": "consent",
    "performance_of_contract": "contract",
    "legitimate_interest_pql": "legitimate_interest",
    "legitimate_interest_client": "legitimate_interest",
    "legitimate_interest_other": "legitimate_interest",
    "non_gdpr": "not_applicable",
    # words people use in their own files
    "legitimate interest": "legitimate_interest",
    "legitimate interests": "legitimate_interest",
    "legitimate_interests": "legitimate_interest",
    "opt-in": "consent",
    "opted in": "consent",
    "double opt-in": "consent",
    "contractual": "contract",
    "legal obligation": "legal_obligation",
    "vital interests": "vital_interests",
    "public task": "public_task",
    "n/a": "not_applicable",
}


def lawful_basis(cell: str) -> str | None:
    """Our name for the basis a cell states (None: a spelling we do not know). Several
    bases in one cell, separated by ";": the strongest by LAWFUL_BASES."""
    named: set[str] = set()
    for part in cell.split(";"):
        text = " ".join(part.replace("\u2013", "-").replace("\u2014", "-").lower().split())
        if not text:
            continue
        basis = text if text in LAWFUL_BASES else _SPELLINGS.get(text)
        if basis is None:
            return None
        named.add(basis)
    return next((b for b in LAWFUL_BASES if b in named), None)
