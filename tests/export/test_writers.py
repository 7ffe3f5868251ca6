"""Exports: spreadsheet-safe cells, the CRM importers' headers, stage mappings."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from leadsift.export.csv_cells import neutralise
from leadsift.export.lead import Lead
from leadsift.export.writers import (
    HUBSPOT_HEADER,
    SALESFORCE_HEADER,
    write_call_list,
    write_crm,
    write_segment,
)

LEAD = Lead(
    person_id=1, email="ann@riversidefp.example", first_name="Ann", last_name="Kim",
    title="Office Manager", role="Practice manager", phone="+1 555 010 0001",
    company="Riverside FP", account="Riverside Family Practice",
    account_domain="riversidefp.example", account_target=True, account_tier="1", country="US",
    fit=92, grade="A", intent=64, stage="sql", probability=None, priority=364.0,
    reasons=["qualified, sales signal (call_positive)", "was positive on a call: +30"],
)  # fmt: skip


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@given(st.text())
def test_any_text_survives_and_never_starts_a_formula(text: str) -> None:
    lead = replace(LEAD, first_name=text, reasons=[text])
    out = io.StringIO()
    write_segment([lead], out)
    (row,) = _read(out.getvalue())
    cell = row["first_name"]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell == text or cell == "'" + text
    assert neutralise(-12.5) == "-12.5"  # a number is not a formula


def test_crm_headers_and_stage_values() -> None:
    hubspot, salesforce = io.StringIO(), io.StringIO()
    write_crm([LEAD, replace(LEAD, email=None)], hubspot, "hubspot")
    write_crm([replace(LEAD, last_name=None, company=None)], salesforce, "salesforce")
    rows = _read(hubspot.getvalue())
    assert tuple(rows[0]) == HUBSPOT_HEADER
    assert len(rows) == 1  # HubSpot de-duplicates on email: rows without one are left out
    assert rows[0]["Lifecycle Stage"] == "Sales Qualified Lead"
    (sf,) = _read(salesforce.getvalue())
    assert tuple(sf) == SALESFORCE_HEADER
    assert (sf["LastName"], sf["Company"], sf["Rating"]) == (
        "[not provided]", "riversidefp.example", "Hot",
    )  # fmt: skip
    assert sf["Status"] == "Working - Contacted"


def test_call_list_skips_people_without_a_phone() -> None:
    out = io.StringIO()
    count = write_call_list([replace(LEAD, phone=None), LEAD], out)
    (row,) = _read(out.getvalue())
    assert count == 1 and row["rank"] == "1"
    assert row["reason to call now"].startswith("qualified")
    assert out.getvalue().endswith("\r\n")
