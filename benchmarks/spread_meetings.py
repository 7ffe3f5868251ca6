"""Benchmark: viral, targeted or direct, in meetings per dollar, on the medium demo, beside
the generator's truth.

On the demo's social graph (k = 25 seeds per plan, IC, weighted cascade, as the demo's own
summary), each plan's cost, expected meetings and cost per expected meeting with its 95%
interval, with the meeting rates learned from the demo workspace's history
(`leadsift spread compare` run in it); then the same plans priced with the generator's true
rates (the mean chance of a meeting, recorded per person in truth/meeting-chances.csv, of
the very people leadsift learned each rate from, and of everyone in the market reached that
way), and which plan wins by each.

The medium demo is `benchmarks.common.demo_workspace("medium")`. A workspace built before
the generator recorded meeting chances (no truth/meeting-chances.csv) lacks the share-path
meetings too; then a fresh one is built beside it (.work/demo-medium-7-meetings, once), and
the old one is left as it is.

    .venv/bin/python -m benchmarks.spread_meetings [--runs 1000] [--k 25]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.common import LEADSIFT, WORK, demo_workspace
from leadsift.app.session import open_session
from leadsift.app.spread import outreach_for
from leadsift.report.units import money
from leadsift.spread.history import reached_people
from leadsift.spread.meetings import Outreach, meeting_rows
from leadsift.spread.plans import compare, load
from leadsift.spread.rates import Rate
from leadsift.workspace.workspace import find_workspace

CHANCES = "truth/meeting-chances.csv"


def _workspace() -> Path:
    folder = demo_workspace("medium")
    if (folder / CHANCES).is_file():
        return folder
    fresh = WORK / "demo-medium-7-meetings"
    print(f"{folder} predates the generator's meeting chances; using {fresh}")
    if not (fresh / "leadsift.toml").exists():
        started = time.perf_counter()
        subprocess.run(
            [*LEADSIFT, "demo", str(fresh), "--size", "medium", "--seed", "7"],
            check=True, capture_output=True,
        )  # fmt: skip
        print(f"built {fresh} in {time.perf_counter() - started:.0f} s")
    return fresh


def _true_rates(folder: Path) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """The true meeting rate of the people leadsift learned each rate from (matched by email
    to the generator's people), of everyone in the market reached that way, and how many
    leadsift learned from."""
    with open_session(find_workspace(folder)) as session, session.reading() as connection:
        people = pd.DataFrame(reached_people(connection), columns=["person_id", "way", "met"])
        emails = pd.DataFrame(
            connection.exec_driver_sql(
                "SELECT person_id, lower(value) FROM identities WHERE kind = 'email'"
            ).all(),
            columns=["person_id", "email"],
        )
    truth = pd.read_csv(folder / "truth/people.csv", keep_default_na=False)
    chances = pd.read_csv(folder / CHANCES, keep_default_na=False)
    keys = truth[["person_key", "email"]].assign(email=lambda f: f["email"].str.lower())
    keys = keys.merge(emails, on="email").drop_duplicates("person_id")
    matched = people.merge(keys, on="person_id").merge(chances, on="person_key")
    learned_from = matched.groupby("way")["meeting_chance"].mean()
    market = pd.read_csv(folder / "truth/meeting-rates.csv").set_index("reached_by")
    counts = people.groupby("way").size()
    return (
        {str(k): float(v) for k, v in learned_from.items()},
        {str(k): float(v) for k, v in market["meeting_rate"].items()},
        {str(k): int(v) for k, v in counts.items()},
    )


def _exact(rate: Rate, value: float) -> Rate:
    return replace(rate, value=value, low=value, high=value, source="settings", setting="truth")


def _table(rows: list[dict[str, Any]], currency: str) -> None:
    print(
        f"{'plan':<32}{'cost':>8}{'meetings':>10}{'95% interval':>16}"
        f"{'per meeting':>13}{'95% interval':>20}{'cheapest':>10}"
    )
    for row in rows:
        low, high = row["cost_per_meeting_low"], row["cost_per_meeting_high"]
        per = row["cost_per_meeting"]
        meetings = f"{row['expected_meetings_low']:,.1f}-{row['expected_meetings_high']:,.1f}"
        interval = f"{money(low, currency)}-{money(high, currency)}"
        print(
            f"{row['plan']!s:<32}{money(row['cost'], currency):>8}"
            f"{row['expected_meetings']:>10,.2f}{meetings:>16}"
            f"{money(per, currency):>13}{interval:>20}"
            f"{row['chance_cheapest']:>10.0%}"
        )


def _winner(rows: list[dict[str, Any]]) -> str:
    priced = [r for r in rows if r["cost_per_meeting"] is not None]
    best = min(priced, key=lambda r: float(r["cost_per_meeting"]))
    return str(best["plan"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1_000, help="Monte-Carlo runs per plan")
    parser.add_argument("--k", type=int, default=25, help="seeds per plan (the demo's 25)")
    args = parser.parse_args()
    folder = _workspace()
    started = time.perf_counter()
    with open_session(find_workspace(folder)) as session:
        outreach = outreach_for(session)
    learned_at = time.perf_counter() - started
    inputs = folder / "input"
    loaded = load(inputs / "social-graph.csv", inputs / "social-nodes.csv")
    started = time.perf_counter()
    outcomes = compare(loaded, k=args.k, eps=0.3, model="ic", runs=args.runs)
    compared_at = time.perf_counter() - started
    rows = meeting_rows(outcomes, loaded.nodes, outreach)
    currency = outreach.costs.currency
    print(
        f"medium demo {folder.name}: {loaded.graph.nodes:,} nodes, {loaded.graph.arcs:,} arcs; "
        f"k = {args.k}, IC, {args.runs:,} runs a plan ({compared_at:.1f} s); rates learned "
        f"in {learned_at:.1f} s"
    )
    learned_from, everyone, people = _true_rates(folder)
    rates = outreach.rates
    print(f"\n{'meeting rate':<21}{'learned (95% interval)':<39}truth: the same people, "
          "everyone in the market reached so")  # fmt: skip
    for way, rate in (("share", rates.share_meeting), ("direct", rates.direct_meeting)):
        shown = (
            f"{rate.value:.2%} ({rate.low:.2%}-{rate.high:.2%}; {rate.events:,} of {rate.people:,})"
            if rate.source == "workspace"
            else f"{rate.value:.2%} (setting: {people.get(way, 0):,} people, too few)"
        )
        inside = rate.low <= learned_from.get(way, float("nan")) <= rate.high
        print(
            f"  reached by {way:<8} {shown:<38} {learned_from.get(way, float('nan')):.2%}"
            f"{' (inside)' if inside else ' (OUTSIDE)'}, {everyone.get(way, float('nan')):.2%}"
        )
    print(f"\nwith the learned rates ({rates.source}; {money(outreach.costs.per_contact, currency)}"
          f" a contact, node costs from the graph's node table):")  # fmt: skip
    _table(rows, currency)
    true = Outreach(
        replace(
            rates,
            share_meeting=_exact(rates.share_meeting, learned_from["share"]),
            direct_meeting=_exact(rates.direct_meeting, learned_from["direct"]),
        ),
        outreach.costs,
    )
    truth_rows = meeting_rows(outcomes, loaded.nodes, true)
    print("\nwith the generator's true rates (the same people; reach's error only):")
    _table(truth_rows, currency)
    print(f"\nwins, learned rates: {_winner(rows)}; true rates: {_winner(truth_rows)}")
    # the learned interval should cover the true cost per meeting, plan by plan
    for row, truth in zip(rows, truth_rows, strict=True):
        low, high, value = (
            row["cost_per_meeting_low"], row["cost_per_meeting_high"], truth["cost_per_meeting"]
        )  # fmt: skip
        covered = (
            value is not None and low is not None and high is not None and low <= value <= high
        )
        print(f"  {row['plan']}: true cost per meeting {money(value, currency)} "
              f"{'inside' if covered else 'OUTSIDE'} the learned interval")  # fmt: skip


if __name__ == "__main__":
    main()
