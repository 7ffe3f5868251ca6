"""The report's quality figures, checked by hand on the small scored workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from leadsift.pipeline.score import run_scoring
from leadsift.report.quality import build_report
from leadsift.workspace.workspace import Workspace
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES, _load

SPEND = """campaign,date,amount
webinar,2026-05-01,600
email,2026-05-01,100
content,2026-05-01,300
"""
OUTCOMES = """email,kind,occurred_at,amount
ann@riversidefp.example,meeting,2026-05-15T10:00:00Z,
ann@riversidefp.example,opportunity,2026-05-20T10:00:00Z,24000
ann@riversidefp.example,won,2026-06-20T10:00:00Z,24000
"""
NOISE = """touch_id,campaign,channel,kind,occurred_at,email,noise
20,email,email,click,2026-05-09T10:00:05Z,scanner@bank.example,scanner_click
"""


@pytest.fixture
def reported(workspace: Workspace, tmp_path: Path) -> Workspace:
    for kind, text, name in (
        ("accounts", ACCOUNTS, "a.csv"), ("contacts", CONTACTS, "c.csv"),
        ("touches", TOUCHES, "t.csv"), ("touches", NOISE, "n.csv"), ("spend", SPEND, "s.csv"),
        ("outcomes", OUTCOMES, "o.csv"),
    ):  # fmt: skip
        _load(workspace, tmp_path, kind, text, name)
    with workspace.opened() as engine:
        run_scoring(engine, workspace.settings)
    return workspace


def test_by_campaign(reported: Workspace) -> None:
    with reported.opened() as engine, engine.connect() as connection:
        report = build_report(connection, by="campaign")
    groups = {g.group: g for g in report.groups}
    assert set(groups) == {"webinar", "email", "calls", "content"}
    webinar = groups["webinar"]
    # Ann registered and attended, then met, opened and won a $24,000 deal
    assert (webinar.raw_leads, webinar.qualified_leads, webinar.meetings) == (1, 1, 1)
    assert (webinar.pipeline, webinar.won_revenue) == (24000.0, 24000.0)
    assert webinar.cost_per_meeting == 600.0
    assert webinar.roi == pytest.approx((24000 - 600) / 600)
    email = groups["email"]
    # engaged by email: Ann, Dan, Wes and a scanner; the scanner is not authentic
    assert email.engaged_people == 4
    assert email.authentic_share == pytest.approx(3 / 4)
    # authentic and in the target market: Ann (named account) and Dan (dental practice)
    assert email.in_target_share == pytest.approx(2 / 3)
    assert email.containment == pytest.approx(2 / 4)
    assert email.funnel["engaged"] == 3
    assert email.cost_per_lead is None  # no raw leads: cost per lead cannot be computed
    content = groups["content"]
    assert content.raw_leads == 2  # Wes's demo request and the student's form
    assert content.cost_per_lead == 150.0
    assert content.qualified_leads == 1  # Wes (hand-raise); the student is disqualified


def test_by_channel_and_since(reported: Workspace) -> None:
    with reported.opened() as engine, engine.connect() as connection:
        by_channel = build_report(connection, by="channel")
        later = build_report(connection, by="campaign", since=date(2026, 5, 9))
    channels = {g.group: g for g in by_channel.groups}
    assert channels["phone"].meetings == 1
    assert channels["email"].spend == 100.0
    assert "webinar" not in {g.group for g in later.groups}  # its touches were before May 9
