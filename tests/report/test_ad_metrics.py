"""What ad platforms report reaches the report's vanity side, never counted twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.report.figures import GroupFigures
from leadsift.report.quality import build_report
from leadsift.workspace.workspace import Workspace

SAMPLE = Path(__file__).parents[1] / "fixtures" / "exports" / "google-ads-campaign-report.csv"


def _groups(workspace: Workspace, since: date | None = None) -> dict[str, GroupFigures]:
    with workspace.opened() as engine, engine.connect() as connection:
        report = build_report(connection, since=since)
    return {g.group: g for g in report.groups}


def test_ad_report_figures_fill_spend_impressions_and_cost_per_lead(
    workspace: Workspace, tmp_path: Path
) -> None:
    with workspace.opened() as engine:
        import_file(engine, None, SAMPLE, ImportOptions())
    groups = _groups(workspace)
    search = groups["Practice managers - search"]
    assert search.spend == pytest.approx(2020.0, abs=1)
    assert search.impressions > 12000
    # the spend table wins for a campaign imported both ways: no double counting
    spend = tmp_path / "spend.csv"
    spend.write_text("campaign,date,amount\nPractice managers - search,2025-06-01,100\n")
    with workspace.opened() as engine:
        import_file(engine, "spend", spend, ImportOptions())
    assert _groups(workspace)["Practice managers - search"].spend == 100.0


def test_a_date_range_counts_in_proportion_to_its_days_since(
    workspace: Workspace, tmp_path: Path
) -> None:
    map_file = tmp_path / "range.toml"
    map_file.write_text(
        'name = "range"\ntool = "Ads"\n[detect]\ncolumns = ["Campaign", "From", "To"]\n'
        '[[yields]]\ntable = "metrics"\n[yields.columns]\n"Campaign" = "campaign"\n'
        '"From" = "date_from"\n"To" = "date_to"\n"Spent" = "amount"\n"Leads" = "leads"\n'
    )
    report = tmp_path / "report.csv"
    report.write_text("Campaign,From,To,Spent,Leads\nMay,2026-05-01,2026-05-10,1000,40\n")
    from leadsift.ingest.column_map import load_map

    with workspace.opened() as engine:
        import_file(engine, None, report, ImportOptions(column_map=load_map(str(map_file))))
    whole = _groups(workspace)["May"]
    assert (whole.spend, whole.raw_leads) == (1000.0, 40)
    late = _groups(workspace, date(2026, 5, 9))["May"]
    assert late.spend == pytest.approx(200.0)
    assert late.raw_leads == 8
