"""Outcomes credited to campaigns: every model's credits add up to the outcomes there are,
W-shaped as worked by hand, the lookback window, account deals, bots left out; on SQLite and
PostgreSQL (one test body, every backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadsift.app.reports import campaign_report
from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.attribution import MODELS
from leadsift.report.credit import Crediting, credited_outcomes
from leadsift.report.journeys import build_journeys, load_touches
from leadsift.workspace.workspace import Workspace
from tests.helpers import import_texts
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

# Ann (Riverside, a named target): webinar register 05-01 and attend 05-08, email click
# 05-09, a positive call 05-10; then a meeting, an opportunity and a deal won by her account
# (no person named). Dan's meeting comes 144 days after his only touch: outside 90 days.
OUTCOMES = """email,account,kind,occurred_at,amount
ann@riversidefp.example,,meeting,2026-05-12T10:00:00Z,
ann@riversidefp.example,,opportunity,2026-05-20T10:00:00Z,10000
,Riverside Family Practice,won,2026-06-01T10:00:00Z,8000
dan@lakesidedental.example,,meeting,2026-09-30T10:00:00Z,
"""


@pytest.fixture
def scored(workspace: Workspace, tmp_path: Path) -> Iterator[Session]:
    with open_session(workspace) as session:
        files = (
            ("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES),
            ("outcomes", OUTCOMES),
        )  # fmt: skip
        import_texts(session, tmp_path, files)
        score(session)
        yield session


def _by_group(session: Session, model: str) -> dict[str, dict[str, float]]:
    with session.reading() as connection:
        credited = credited_outcomes(connection, "campaign", None, Crediting(model=model))
    figures = credited.figures.set_index("grp")
    return {str(g): {str(k): float(v) for k, v in row.items()} for g, row in figures.iterrows()}


def test_w_shaped_credit_as_worked_by_hand(scored: Session) -> None:
    # Ann's four touches: first touch and lead creation are the webinar registration (30% +
    # 30%), opportunity creation the last touch before (the call, 30%), the rest 10% split
    # over the attendance and the email click: webinar 65%, email 5%, calls 30%.
    got = _by_group(scored, "w")
    assert got["webinar"]["meetings"] == pytest.approx(0.65)
    assert got["email"]["meetings"] == pytest.approx(0.05)
    assert got["calls"]["meetings"] == pytest.approx(0.30)
    assert got["webinar"]["pipeline"] == pytest.approx(6_500)
    assert got["calls"]["pipeline"] == pytest.approx(3_000)
    # the account's win: the touches of the people at the account (Ann's) before it
    assert got["webinar"]["won_revenue"] == pytest.approx(5_200)
    assert got["email"]["won_revenue"] == pytest.approx(400)


@pytest.mark.parametrize("model", MODELS)
def test_every_model_credits_exactly_the_outcomes_there_are(scored: Session, model: str) -> None:
    got = _by_group(scored, model)
    with scored.reading() as connection:
        credited = credited_outcomes(connection, "campaign", None, Crediting(model=model))
    # two meetings: Ann's is credited, Dan's had no touch in the 90 days before it
    assert sum(g["meetings"] for g in got.values()) == pytest.approx(1.0)
    assert credited.unattributed["meeting"] == 1.0
    assert sum(g["pipeline"] for g in got.values()) == pytest.approx(10_000)
    assert sum(g["won_revenue"] for g in got.values()) == pytest.approx(8_000)
    assert all(value >= -1e-9 for g in got.values() for value in g.values())


def test_a_longer_window_reaches_the_late_meeting_and_bots_are_left_out(
    scored: Session,
) -> None:
    with scored.reading() as connection:
        touches = load_touches(connection, "campaign", None)
        short = build_journeys(connection, touches, "meeting", lookback_days=90, with_nulls=True)
        long = build_journeys(connection, touches, "meeting", lookback_days=200, with_nulls=True)
    assert short.journeys.total_conversions == 1 and short.unattributed == 1
    assert long.journeys.total_conversions == 2 and long.unattributed == 0
    paths = {long.journeys.path(j) for j in range(long.journeys.size)}
    assert ("webinar", "webinar", "email", "calls") in paths and ("email",) in paths
    # the journeys that did not convert are the other engaged people's (Wes, not Stu, who
    # is no prospect but is a person; never a bot)
    assert long.journeys.nulls.sum() == long.journeys.size - 2


def test_the_report_uses_the_credited_counts_and_says_how(scored: Session) -> None:
    report = campaign_report(scored, "campaign")
    assert report.attribution == "w"
    assert "W-shaped" in report.attribution_note and "90 days" in report.attribution_note
    assert "1 meeting" in report.attribution_note  # Dan's, credited to no campaign
    meetings = {g.group: g.meetings for g in report.groups}
    assert meetings["webinar"] == pytest.approx(0.65) and sum(meetings.values()) == pytest.approx(1)
    last = campaign_report(scored, "campaign", model="last")
    assert {g.group: g.meetings for g in last.groups}["calls"] == pytest.approx(1.0)
    webinar = next(g for g in report.groups if g.group == "webinar")
    assert webinar.cost_per_meeting is None or webinar.cost_per_meeting == pytest.approx(
        webinar.spend / 0.65
    )


def test_models_compared_side_by_side_each_add_up(scored: Session) -> None:
    from leadsift.app.attribution import compare_models

    found = compare_models(scored, "campaign", "opportunity")
    assert found.total == 1 and found.total_value == pytest.approx(10_000)
    for model in MODELS:
        assert sum(found.credits[model].values()) == pytest.approx(1.0), model
        assert sum(found.values[model].values()) == pytest.approx(10_000), model
    assert found.credits["first"]["webinar"] == pytest.approx(1.0)
    assert found.credits["last"]["calls"] == pytest.approx(1.0)
    assert found.groups[0] == "webinar"  # the report's model (W) credits it most
    assert set(found.as_dict()["groups"][0]["credit"]) == set(MODELS)


def test_the_cli_compares_models_and_reports_with_one(
    scored: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import json

    from tests.helpers import invoke

    w = ["-w", str(scored.workspace.root)]
    page = tmp_path / "models.html"
    shown = invoke(capsys, *w, "attribution", "compare", "--html", str(page))
    assert shown.exit_code == 0, shown.stderr
    every = json.loads(invoke(capsys, *w, "attribution", "compare", "--json").stdout)
    credit = next(g for g in every["groups"] if g["group"] == "webinar")["credit"]
    row = next(line.split() for line in shown.stdout.splitlines() if "webinar" in line)
    shown_models = ("first", "last", "linear", "w", "markov", "shapley")
    assert row == ["webinar", *(f"{credit[m]:,.1f}" for m in shown_models)]
    assert credit["first"] == 1.0 and credit["last"] == 0.0 and credit["linear"] == 0.5
    assert "<svg" in page.read_text() and "webinar" in page.read_text()
    assert every["outcome"] == "meeting" and every["unattributed"] == 1.0
    assert invoke(capsys, *w, "attribution", "compare", "--outcome", "deal").exit_code == 2
    assert invoke(capsys, *w, "attribution", "compare", "--models", "best").exit_code == 2
    last = json.loads(invoke(capsys, *w, "report", "--attribution", "last", "--json").stdout)
    assert {g["group"]: g["meetings"] for g in last["groups"]}["calls"] == 1.0
    assert last["attribution"] == "last" and "last touch" in last["attribution_note"]
