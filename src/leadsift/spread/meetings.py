"""Viral, targeted or direct, in money: each plan's cost, its expected qualified leads and
meetings, and its cost per expected meeting with a 95% interval.

- Cost: every seed is contacted directly (`outreach_cost_per_contact` each); a plan that
  relies on spread also pays for each seed's post (the node table's `cost`, else
  `seed_cost`). Direct outreach pays the contacts only.
- Expected meetings: the seeds' in-target weight at the direct rate, plus everyone else the
  plan reaches in the target market (the simulated in-target reach less the seeds') at the
  share rate. The same for qualified leads with the qualified rates.
- Interval: draws that combine both uncertainties. The mean in-target reach is drawn from
  its Monte-Carlo sampling distribution (normal with the simulation's standard error, which
  the CLT gives for hundreds of runs), each learned rate from its Beta posterior (a
  setting is taken as exact); the 2.5% and 97.5% points of expected meetings over the
  draws bound them, and cost divided by those points bounds the cost per meeting (a
  decreasing map keeps percentiles). Sampling rather than the delta method because a rate
  learned from a handful of meetings has a skewed posterior and the ratio cost/meetings is
  far from linear near few meetings. It is the uncertainty of the *expected* figure: the
  meetings one campaign actually gets vary more, by chance.
- Every plan uses the same draws of the rates, so plans are compared on equal terms; the
  share of draws in which a plan has the lowest cost per meeting says how sure the winner
  is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from leadsift.spread.graph import NodeTable
from leadsift.spread.plans import PlanOutcome
from leadsift.spread.rates import OutreachRates
from leadsift.spread.simulate import Estimate

DRAWS = 20_000


@dataclass(frozen=True)
class Costs:
    per_contact: float  # contacting one person directly
    seed: float  # one seed's post, when the node table gives no cost
    currency: str = "USD"


@dataclass(frozen=True)
class Outreach:
    """The rates and costs that turn reach into meetings and money."""

    rates: OutreachRates
    costs: Costs

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.rates.as_dict(),
            "outreach_cost_per_contact": self.costs.per_contact,
            "seed_cost": self.costs.seed,
            "currency": self.costs.currency,
        }


@dataclass(frozen=True)
class PlanMeetings:
    cost: float
    seeds_in_target: float  # the seeds' target weight: contacted directly
    shared_in_target: float  # the mean in-target reach beyond the seeds: reached by a share
    qualified: Estimate
    meetings: Estimate
    cost_per_meeting: Estimate | None  # None: no meeting expected
    # the draws of expected meetings, for comparing plans on the same draws
    meeting_draws: np.ndarray = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        per = self.cost_per_meeting

        def money(value: float) -> float | None:
            return round(value, 2) if np.isfinite(value) else None

        return {
            "cost": round(self.cost, 2),
            "expected_qualified": round(self.qualified.mean, 2),
            "expected_qualified_low": round(self.qualified.low, 2),
            "expected_qualified_high": round(self.qualified.high, 2),
            "expected_meetings": round(self.meetings.mean, 3),
            "expected_meetings_low": round(self.meetings.low, 3),
            "expected_meetings_high": round(self.meetings.high, 3),
            "cost_per_meeting": None if per is None else money(per.mean),
            "cost_per_meeting_low": None if per is None else money(per.low),
            "cost_per_meeting_high": None if per is None else money(per.high),
        }


def plan_cost(outcome: PlanOutcome, nodes: NodeTable, costs: Costs) -> float:
    contacts = len(outcome.seeds) * costs.per_contact
    if not outcome.spreads:
        return float(contacts)
    return float(contacts + nodes.seed_costs(outcome.seeds, costs.seed).sum())


def _percentiles(values: np.ndarray) -> tuple[float, float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def plan_meetings(
    outcome: PlanOutcome,
    nodes: NodeTable,
    outreach: Outreach,
    *,
    draws: int = DRAWS,
    seed: int = 7,
    stream: int = 0,
) -> PlanMeetings:
    """`stream` numbers the plan: each plan's reach was simulated on its own, so its
    Monte-Carlo error is drawn from its own stream, while the rates' draws are shared."""
    rates = outreach.rates
    cost = plan_cost(outcome, nodes, outreach.costs)
    seeds = float(nodes.target[np.unique(outcome.seeds)].sum())
    # direct outreach reaches the people it contacts and no one else, whatever a
    # simulation from them would say
    reach = outcome.spread.in_target if outcome.spreads else Estimate(seeds, seeds, seeds)
    shared = max(reach.mean - seeds, 0.0)
    error = max(reach.high - reach.mean, 0.0) / 1.96
    # the rates are drawn first, from a generator every plan seeds alike: the same draws
    rng = np.random.default_rng(seed)
    direct_meeting = rates.direct_meeting.draw(rng, draws)
    share_meeting = rates.share_meeting.draw(rng, draws)
    direct_qualified = rates.direct_qualified.draw(rng, draws)
    share_qualified = rates.share_qualified.draw(rng, draws)
    reach_rng = np.random.default_rng([seed, stream + 1])
    shared_draws = np.clip(reach_rng.normal(reach.mean, error, draws) - seeds, 0.0, None)

    def estimate(direct: float, share: float, drawn: np.ndarray) -> Estimate:
        return Estimate(direct * seeds + share * shared, *_percentiles(drawn))

    meeting_draws = direct_meeting * seeds + share_meeting * shared_draws
    meetings = estimate(rates.direct_meeting.value, rates.share_meeting.value, meeting_draws)
    qualified = estimate(
        rates.direct_qualified.value,
        rates.share_qualified.value,
        direct_qualified * seeds + share_qualified * shared_draws,
    )
    per_meeting = None
    if meetings.mean > 0:
        high = cost / meetings.low if meetings.low > 0 else float("inf")
        per_meeting = Estimate(cost / meetings.mean, cost / meetings.high, high)
    return PlanMeetings(
        cost, seeds, shared, qualified, meetings, per_meeting, meeting_draws
    )  # fmt: skip


def chance_cheapest(plans: list[PlanMeetings]) -> list[float]:
    """For each plan, the share of the common draws in which its cost per meeting is the
    lowest of all (ties share the win)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.stack([plan.cost / plan.meeting_draws for plan in plans])
    per = np.nan_to_num(per, nan=np.inf)
    best = per == per.min(axis=0, keepdims=True)
    wins = (best / best.sum(axis=0, keepdims=True)).mean(axis=1)
    return [round(float(w), 4) for w in wins]


def meeting_rows(
    outcomes: list[PlanOutcome], nodes: NodeTable, outreach: Outreach, *, draws: int = DRAWS
) -> list[dict[str, Any]]:
    """Each plan's reach row with its money figures, the share of draws in which it is the
    cheapest per meeting, and the rates used (with their sources)."""
    plans = [
        plan_meetings(outcome, nodes, outreach, draws=draws, stream=number)
        for number, outcome in enumerate(outcomes)
    ]
    chances = chance_cheapest(plans)
    rates = outreach.as_dict()
    return [
        {**outcome.row(), **plan.as_dict(), "chance_cheapest": chance, "rates": rates}
        for outcome, plan, chance in zip(outcomes, plans, chances, strict=True)
    ]
