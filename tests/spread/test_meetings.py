"""A plan's money figures on a hand-made graph where every one can be worked out by hand:
cost, expected qualified leads and meetings, cost per meeting and its interval."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta

from leadsift.config.outreach import OutreachSettings
from leadsift.spread.graph import NodeTable
from leadsift.spread.meetings import Costs, Outreach, chance_cheapest, meeting_rows, plan_meetings
from leadsift.spread.plans import PlanOutcome, load
from leadsift.spread.rates import OutreachRates, ReachCounts, learned_rate, outreach_rates
from leadsift.spread.simulate import Estimate, SpreadResult, simulate

# every arc passes (p = 1): s reaches a, b and c; x reaches y
EDGES = "source,target,p\ns,a,1\ns,b,1\na,c,1\nx,y,1\n"
# s costs 30 to seed; x's cost is left blank, so it costs [outreach] seed_cost
NODES = "node,target,cost\ns,1,30\na,1,\nb,0.5,\nc,0,\nx,0,\ny,1,\n"
SETTINGS = OutreachSettings(
    share_meeting_rate=0.02, direct_meeting_rate=0.1, share_qualified_rate=0.1,
    direct_qualified_rate=0.3, outreach_cost_per_contact=20, seed_cost=50,
)  # fmt: skip
FIXED = Outreach(outreach_rates(SETTINGS), Costs(20.0, 50.0))


@pytest.fixture
def graph(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "g.csv").write_text(EDGES)
    (tmp_path / "n.csv").write_text(NODES)
    return tmp_path / "g.csv", tmp_path / "n.csv"


def _plan(graph: tuple[Path, Path], seeds: list[str], spreads: bool = True) -> PlanOutcome:
    loaded = load(*graph, p_model="given")
    chosen = loaded.graph.index_of(pd.Series(seeds), "seeds")
    spread = simulate(loaded.graph, loaded.nodes, chosen, runs=50)
    name = "viral" if spreads else "direct"
    return PlanOutcome(name, chosen, spread, float(loaded.nodes.cost[chosen].sum()), spreads)


def test_a_spreading_plan_pays_contacts_and_posts_and_splits_its_reach(
    graph: tuple[Path, Path],
) -> None:
    nodes = load(*graph, p_model="given").nodes
    plan = plan_meetings(_plan(graph, ["s"]), nodes, FIXED)
    # one contact ($20) and s's post ($30 from the node table)
    assert plan.cost == 50
    # in-target reach 1 + 1 + 0.5 + 0 = 2.5: s (1) contacted, a and b (1.5) reached by a share
    assert plan.seeds_in_target == 1 and plan.shared_in_target == pytest.approx(1.5)
    assert plan.meetings.mean == pytest.approx(0.1 * 1 + 0.02 * 1.5)  # 0.13
    assert plan.qualified.mean == pytest.approx(0.3 * 1 + 0.1 * 1.5)  # 0.45
    assert plan.cost_per_meeting is not None
    assert plan.cost_per_meeting.mean == pytest.approx(50 / 0.13)
    # settings are exact and every run reaches the same people: no uncertainty at all
    assert plan.meetings.low == pytest.approx(0.13) and plan.meetings.high == pytest.approx(0.13)
    assert plan.cost_per_meeting.low == pytest.approx(50 / 0.13)
    row = plan.as_dict()
    assert row["cost"] == 50 and row["expected_meetings"] == 0.13
    assert row["expected_qualified"] == 0.45 and row["cost_per_meeting"] == 384.62


def test_a_seed_without_a_cost_costs_seed_cost_and_direct_outreach_pays_contacts_only(
    graph: tuple[Path, Path],
) -> None:
    nodes = load(*graph, p_model="given").nodes
    blank = plan_meetings(_plan(graph, ["x"]), nodes, FIXED)
    assert blank.cost == 20 + 50  # a contact and seed_cost: x's cost cell is empty
    assert blank.seeds_in_target == 0 and blank.meetings.mean == pytest.approx(0.02)  # y
    assert blank.cost_per_meeting is not None
    assert blank.cost_per_meeting.mean == pytest.approx(3500)
    direct = plan_meetings(_plan(graph, ["s", "a"], spreads=False), nodes, FIXED)
    assert direct.cost == 40  # two contacts, no posts
    assert direct.shared_in_target == 0 and direct.meetings.mean == pytest.approx(0.2)
    assert direct.cost_per_meeting is not None and direct.cost_per_meeting.mean == 200


def test_without_a_cost_column_every_seed_costs_seed_cost(tmp_path: Path) -> None:
    (tmp_path / "g.csv").write_text(EDGES)
    (tmp_path / "n.csv").write_text("node,target\ns,1\na,1\n")
    loaded = load(tmp_path / "g.csv", tmp_path / "n.csv", p_model="given")
    assert loaded.nodes.cost_given is None
    assert loaded.nodes.seed_costs(np.array([0, 1]), 50).tolist() == [50, 50]


def test_no_meeting_expected_means_no_cost_per_meeting(graph: tuple[Path, Path]) -> None:
    nodes = load(*graph, p_model="given").nodes
    nobody = plan_meetings(_plan(graph, ["c"]), nodes, FIXED)  # c reaches no one, target 0
    assert nobody.meetings.mean == 0 and nobody.cost_per_meeting is None
    assert nobody.as_dict()["cost_per_meeting"] is None


def test_a_learned_rate_carries_its_posterior_into_the_interval(
    graph: tuple[Path, Path],
) -> None:
    nodes = load(*graph, p_model="given").nodes
    learned = learned_rate(6, 60, "outreach.direct_meeting_rate")
    assert learned.value == 0.1
    assert learned.low == pytest.approx(beta.ppf(0.025, 6.5, 54.5))
    assert learned.high == pytest.approx(beta.ppf(0.975, 6.5, 54.5))
    rates = OutreachRates(
        FIXED.rates.share_meeting, learned, FIXED.rates.share_qualified,
        FIXED.rates.direct_qualified,
    )  # fmt: skip
    direct = plan_meetings(
        _plan(graph, ["s", "a"], spreads=False), nodes, Outreach(rates, FIXED.costs)
    )
    # two target members contacted: 2 x the rate, its interval from the Beta posterior
    assert direct.meetings.mean == pytest.approx(0.2)
    assert direct.meetings.low == pytest.approx(2 * learned.low, rel=0.03)
    assert direct.meetings.high == pytest.approx(2 * learned.high, rel=0.03)
    per = direct.cost_per_meeting
    assert per is not None
    assert per.low == pytest.approx(40 / direct.meetings.high)
    assert per.high == pytest.approx(40 / direct.meetings.low)


def test_the_simulations_error_widens_the_interval() -> None:
    # 1.2 target members among the seeds, a mean in-target reach of 101.2 with a standard
    # error of 5: 100 reached by a share, give or take 5
    spread = SpreadResult(
        runs=400, model="ic", total=Estimate(300, 290, 310),
        in_target=Estimate(101.2, 101.2 - 1.96 * 5, 101.2 + 1.96 * 5),
        bots=Estimate(0, 0, 0), spill=Estimate(0, 0, 0), per_step=[2.0],
    )  # fmt: skip
    nodes = NodeTable(np.array([1.0, 0.2]), np.ones(2), np.zeros(2, dtype=bool), True)
    outcome = PlanOutcome("viral", np.array([0, 1]), spread, 2.0)
    plan = plan_meetings(outcome, nodes, FIXED)
    assert plan.cost == 2 * 20 + 2 * 50  # no cost column: seed_cost each
    assert plan.meetings.mean == pytest.approx(0.1 * 1.2 + 0.02 * 100)
    half = 1.96 * 0.02 * 5
    assert plan.meetings.low == pytest.approx(plan.meetings.mean - half, rel=0.01)
    assert plan.meetings.high == pytest.approx(plan.meetings.mean + half, rel=0.01)


def test_rows_say_which_plan_is_cheapest_and_which_rates_were_used(
    graph: tuple[Path, Path],
) -> None:
    nodes = load(*graph, p_model="given").nodes
    outcomes = [_plan(graph, ["s"]), _plan(graph, ["s", "a"], spreads=False)]
    rows = meeting_rows(outcomes, nodes, FIXED, draws=500)
    assert [row["chance_cheapest"] for row in rows] == [0.0, 1.0]  # $385 against $200
    assert rows[0]["rates"]["source"] == "settings"
    assert rows[0]["rates"]["direct_meeting"]["setting"] == "outreach.direct_meeting_rate"
    assert rows[0]["rates"]["outreach_cost_per_contact"] == 20
    assert rows[0]["in_target_reach"] == 2.5 and rows[1]["cost"] == 40
    plans = [plan_meetings(o, nodes, FIXED, draws=500) for o in outcomes]
    assert chance_cheapest(plans) == [0.0, 1.0]


def test_a_rate_is_learned_only_from_enough_people() -> None:
    settings = OutreachSettings(min_people=30)
    few, enough = ReachCounts(29, 3, 5), ReachCounts(30, 3, 6)
    rates = outreach_rates(settings, share=few, direct=enough)
    assert rates.share_meeting.source == "settings"
    assert rates.share_meeting.value == settings.share_meeting_rate
    assert rates.direct_meeting.source == "workspace" and rates.direct_meeting.value == 0.1
    assert rates.direct_qualified.value == pytest.approx(0.2)
    assert rates.source == "workspace and settings"
    assert outreach_rates(settings).source == "settings"
    # a setting is exact: every draw is the setting
    drawn = rates.share_meeting.draw(np.random.default_rng(1), 5)
    assert drawn.tolist() == [settings.share_meeting_rate] * 5
    none = learned_rate(0, 40, "x")
    assert none.low == 0 and none.value == 0 and 0 < none.high < 0.07
    assert learned_rate(40, 40, "x").high == 1
    assert not math.isnan(none.high)
