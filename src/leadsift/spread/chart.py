"""The viral-versus-targeted chart: in-target reach against the number of seeds, per plan,
as one offline HTML page (inline SVG, no script)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from leadsift.domain.errors import LeadsiftError
from leadsift.report.html_charts import lines
from leadsift.report.units import money
from leadsift.spread.plans import Loaded, PlanOutcome
from leadsift.spread.rates import rate_text
from leadsift.spread.simulate import simulate


def reach_curves(
    loaded: Loaded, outcomes: list[PlanOutcome], *, model: str, runs: int
) -> list[tuple[str, list[tuple[float, float]]]]:
    """In-target reach of the first j seeds of each plan, for j up to k (greedy plans are
    built in order, so their prefixes are the plans for smaller k)."""
    graph, nodes = loaded.graph, loaded.nodes
    k = max(len(outcome.seeds) for outcome in outcomes)
    steps = sorted({max(1, round(k * f)) for f in (0.1, 0.2, 0.35, 0.5, 0.75, 1.0)})
    curves = []
    for outcome in outcomes:
        seeds = outcome.seeds
        points = [(0.0, 0.0)]
        for j in steps:
            if j >= len(seeds):
                # the whole plan was simulated for the comparison already: the same figure
                reached = outcome.spread.in_target.mean
            elif not outcome.spreads:
                reached = float(nodes.target[seeds[:j]].sum())
            else:
                reached = simulate(graph, nodes, seeds[:j], runs=runs, model=model).in_target.mean
            points.append((float(min(j, len(seeds))), reached))
        curves.append((outcome.name, points))
    return curves


def comparison_chart(curves: list[tuple[str, list[tuple[float, float]]]]) -> str:
    """The curves as an SVG line chart (every text in it escaped)."""
    return lines("In-target reach by number of seeds", curves, "seeds", "in-target reach")


def comparison_curves(
    loaded: Loaded, outcomes: list[PlanOutcome], *, model: str, runs: int
) -> list[tuple[str, list[tuple[float, float]]]]:
    """The chart's curves, each prefix measured with a quarter of the comparison's runs."""
    return reach_curves(loaded, outcomes, model=model, runs=max(runs // 4, 200))


def _money_cells(row: dict[str, Any]) -> str:
    """Cost, expected meetings and cost per meeting (with its interval) of a compare row."""
    currency = row["rates"]["currency"]
    per = row["cost_per_meeting"]
    interval = (
        f" ({money(row['cost_per_meeting_low'], currency)}-"
        f"{money(row['cost_per_meeting_high'], currency)})"
        if per is not None
        else ""
    )
    return (
        f"<td>{escape(money(row['cost'], currency))}</td>"
        f"<td>{row['expected_meetings']:,.2f}</td>"
        f"<td>{escape(money(per, currency) + interval)}</td>"
    )


def write_comparison(
    path: Path,
    loaded: Loaded,
    outcomes: list[PlanOutcome],
    *,
    model: str,
    runs: int,
    rows: list[dict[str, Any]] | None = None,
) -> None:
    """The chart and each plan's in-target reach at k; with the compare `rows`, also its
    cost, expected meetings and cost per meeting, and where the rates came from."""
    curves = comparison_curves(loaded, outcomes, model=model, runs=runs)
    k = max(len(outcome.seeds) for outcome in outcomes)
    svg = comparison_chart(curves)
    money_head = (
        "<th>cost</th><th>expected meetings</th><th>cost per meeting (95%)</th>" if rows else ""
    )
    body = "".join(
        f"<tr><td>{escape(name)}</td><td>{points[-1][1]:,.1f}</td>"
        + (_money_cells(rows[number]) if rows else "")
        + "</tr>"
        for number, (name, points) in enumerate(curves)
    )
    sources = (
        f"<p>Meeting rates: by a share {escape(rate_text(rows[0]['rates']['share_meeting']))}"
        f", directly {escape(rate_text(rows[0]['rates']['direct_meeting']))}.</p>"
        if rows
        else ""
    )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Viral or targeted?</title>"
        "<style>body{font:15px system-ui;margin:2em;max-width:820px}.chart-title{font-weight:600}"
        ".axis,.value{font-size:12px}.grid{stroke:#999}td{padding:2px 12px}</style></head><body>"
        f"<h1>Viral or targeted?</h1><p>{loaded.graph.nodes:,} people, "
        f"{int(np.count_nonzero(loaded.nodes.target)):,} in the target market, "
        f"{model.upper()} model.</p>{svg}<table><tr><th>plan</th><th>in-target reach at k = {k}"
        f"</th>{money_head}</tr>{body}</table>{sources}</body></html>"
    )
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {path}: {exc.strerror}") from None
