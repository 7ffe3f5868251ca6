"""Leads, exports, the report, scoring and status, called as the CLI and the service call
them: a session in, plain values out."""

from __future__ import annotations

import io
import json
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from leadsift.app.accounts import list_accounts
from leadsift.app.errors import BadOption
from leadsift.app.exports import export_call_list, export_crm, export_segment
from leadsift.app.imports import import_files
from leadsift.app.leads import LeadQuery, find_leads
from leadsift.app.reports import (
    campaign_report,
    crediting,
    keep_reports_warm,
    latest_report,
    write_html,
)
from leadsift.app.scores import score
from leadsift.app.session import Session
from leadsift.app.status import workspace_status
from leadsift.domain.errors import LeadsiftError


def test_score_summarises_the_run_and_as_dict_is_json(imported: Session) -> None:
    first = score(imported)
    assert (first.mode, first.persons) == ("full", 4)
    assert first.stages["sql"] == 1
    again = score(imported)
    assert again.mode == "incremental" and again.stage_changes == 0
    data = json.loads(json.dumps(again.as_dict()))
    assert data["stages"] == first.stages
    assert data["as_of"].startswith("2026-05-10")
    assert set(data) >= {"flagged_touches", "malformed_identifiers", "new_person_links"}


def test_find_leads_filters_and_sorts(scored: Session) -> None:
    mql_up = find_leads(scored, LeadQuery(stages=("mql+",)))
    assert [lead.email for lead in mql_up] == ["ann@riversidefp.example", "wes@widgets.example"]
    ann = mql_up[0]
    assert ann.stage == "sql" and ann.account_target and ann.reasons[0].startswith("qualified")
    only = find_leads(scored, LeadQuery(account="riverside"))
    assert [lead.email for lead in only] == ["ann@riversidefp.example"]
    assert len(find_leads(scored, LeadQuery(limit=2))) == 2
    # by default, only the people sales should act on now: qualified and not yet met
    assert {lead.stage for lead in find_leads(scored, LeadQuery())} <= {"mql", "sql"}
    assert len(find_leads(scored, LeadQuery(stages=("all",)))) == 4
    touched = find_leads(scored, LeadQuery(campaign="content", stages=("all",)))
    assert {lead.email for lead in touched} == {"wes@widgets.example", "stu@gmail.com"}


def test_bad_lead_queries_are_refused_with_the_cli_messages() -> None:
    with pytest.raises(BadOption) as bad_stage:
        LeadQuery(stages=("hot",))
    assert bad_stage.value.option == "--stage"
    assert bad_stage.value.detail.startswith("'hot': choose one of audience, customer")
    assert bad_stage.value.detail.endswith("(or all)")
    with pytest.raises(LeadsiftError, match="--sort 'best': use priority or probability"):
        LeadQuery(sort="best")


def test_exports_write_streams_and_files(scored: Session, tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    assert export_call_list(scored, calls) == 1
    # a byte-order mark, so Excel reads accents right
    assert calls.read_bytes().startswith(b"\xef\xbb\xbf")
    assert calls.read_text(encoding="utf-8-sig").splitlines()[1].split(",")[1] == "Ann Kim"
    segment = io.StringIO()
    assert export_segment(scored, segment, stages=["disqualified"]) == 1
    assert "stu@gmail.com" in segment.getvalue() and "ann@" not in segment.getvalue()
    crm = io.StringIO()
    # the default: MQL or later
    assert export_crm(scored, crm, "salesforce") == 2
    with pytest.raises(BadOption, match="choose hubspot or salesforce"):
        export_crm(scored, io.StringIO(), "pipedrive")
    with pytest.raises(LeadsiftError, match="cannot write"):
        export_call_list(scored, tmp_path / "no-such-folder" / "calls.csv")


def test_campaign_report_groups_and_filters_by_date(scored: Session, tmp_path: Path) -> None:
    by_channel = campaign_report(scored, "channel")
    assert {g.group for g in by_channel.groups} == {"webinar", "email", "phone", "content"}
    assert by_channel.currency == "USD"
    everything = campaign_report(scored)
    assert {g.group: g.raw_leads for g in everything.groups} == {
        "calls": 1, "content": 2, "email": 0, "webinar": 1,
    }  # fmt: skip
    # the webinar's touches were all before 9 May
    later = campaign_report(scored, "campaign", since=date(2026, 5, 9))
    assert [g.group for g in later.groups] == ["calls", "content", "email"]
    assert later.as_dict()["since"] == "2026-05-09"
    with pytest.raises(BadOption, match="choose campaign or channel"):
        campaign_report(scored, "region")
    page = tmp_path / "report.html"
    write_html(by_channel, page)
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_status_counts_rows_and_lists_imports(imported: Session) -> None:
    found = workspace_status(imported, limit=2)
    assert found.counts["touches"] == 8 and found.counts["contacts"] == 4
    assert [entry["kind"] for entry in found.imports] == ["touches", "contacts"]
    assert found.schema_version and found.workspace == str(imported.workspace.root)
    assert json.loads(json.dumps(found.as_dict()))["counts"]["accounts"] == 3


def test_a_report_is_kept_until_its_data_changes(scored: Session, tmp_path: Path) -> None:
    first = campaign_report(scored, "campaign")
    assert campaign_report(scored, "campaign") is first  # nothing changed: the same report
    assert campaign_report(scored, "channel") is not first
    more = tmp_path / "more.csv"
    more.write_text(
        "touch_id,campaign,channel,kind,occurred_at,email\n"
        "9,spring,email,click,2026-05-11T10:00:00Z,dan@lakesidedental.example\n"
    )
    assert import_files(scored, "touches", [more]).rejected == []
    after_import = campaign_report(scored, "campaign")
    assert after_import is not first
    assert "spring" in {g.group for g in after_import.groups}
    score(scored)
    assert campaign_report(scored, "campaign") is not after_import  # stages may have moved


def test_reports_are_recomputed_once_the_data_settles(scored: Session, tmp_path: Path) -> None:
    stop = threading.Event()
    warm = threading.Thread(
        target=keep_reports_warm, args=(scored, stop), kwargs={"every": 0.05, "quiet": 0.3}
    )
    warm.start()
    try:
        key = ("campaign_report", "campaign", None, scored.settings.report.currency,
               crediting(scored))  # fmt: skip
        deadline = time.monotonic() + 30
        while key not in scored.memo and time.monotonic() < deadline:
            time.sleep(0.05)
        first = scored.memo[key][1]
        more = tmp_path / "later.csv"
        more.write_text(
            "touch_id,campaign,channel,kind,occurred_at,email\n"
            "10,summer,email,click,2026-05-12T10:00:00Z,dan@lakesidedental.example\n"
        )
        import_files(scored, "touches", [more])
        while scored.memo[key][1] is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "summer" in {g.group for g in scored.memo[key][1].groups}
    finally:
        stop.set()
        warm.join()


def test_a_restarted_service_finds_the_report_kept_on_disk(scored: Session, tmp_path: Path) -> None:
    first = campaign_report(scored, "campaign")
    files = list((scored.workspace.root / ".leadsift-cache").iterdir())
    assert [f.name.startswith("campaign_report-campaign-") for f in files] == [True]
    restarted = Session(scored.workspace, scored.engine)  # a new process: an empty memo
    again, current = latest_report(restarted, "campaign")
    assert current and again is not first and again == first
    assert campaign_report(restarted, "campaign") is again  # no counting again
    files[0].write_bytes(b"not a pickle")  # a damaged file is computed afresh
    afresh = campaign_report(Session(scored.workspace, scored.engine), "campaign")
    assert afresh.groups == first.groups and afresh.generated_at > first.generated_at


def test_the_latest_report_is_shown_at_once_while_a_newer_one_is_due(
    scored: Session, tmp_path: Path
) -> None:
    first, current = latest_report(scored, "campaign")
    assert current and first is campaign_report(scored, "campaign")
    more = tmp_path / "autumn.csv"
    more.write_text(
        "touch_id,campaign,channel,kind,occurred_at,email\n"
        "11,autumn,email,click,2026-05-13T10:00:00Z,dan@lakesidedental.example\n"
    )
    assert import_files(scored, "touches", [more]).rejected == []
    shown, current = latest_report(scored, "campaign")
    assert shown is first and not current  # the last one, said to be behind
    fresh = campaign_report(scored, "campaign")
    assert "autumn" in {g.group for g in fresh.groups}
    assert latest_report(scored, "campaign") == (fresh, True)


def test_accounts_count_what_the_scores_say(scored: Session) -> None:
    """Each account's people, engaged people, stages and roles, against a count made person
    by person from the scores."""
    with scored.reading() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT account_id, stage, role FROM person_scores WHERE account_id IS NOT NULL"
            )
        ).all()
        names: dict[int, str] = dict(
            connection.execute(sa.text("SELECT id, name FROM accounts")).all()
        )
    engaged = {"engaged", "mql", "sql", "meeting", "opportunity", "customer"}
    found = list_accounts(scored, limit=100)
    assert {a.id for a in found} == set(names)
    for account in found:
        mine = [(stage, role) for account_id, stage, role in rows if account_id == account.id]
        assert account.people == len(mine)
        assert account.engaged == sum(stage in engaged for stage, _ in mine)
        assert account.stages == dict(Counter(stage for stage, _ in mine))
        assert account.roles == sorted({r for stage, r in mine if r and stage in engaged})
    assert [a.target for a in found] == sorted((a.target for a in found), reverse=True)
    assert sum(a.engaged for a in found) > 0
