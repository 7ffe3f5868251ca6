"""Spread on a social graph: simulate how far a message travels from seeds (and how much of
it lands in the target market), plan the seeds that reach the target market best for k seeds
or a budget, and compare viral, targeted and direct outreach, in reach and in money (cost,
expected qualified leads and meetings, cost per meeting). Only the money needs a workspace,
and only to learn its rates from (`outreach_for`); without one the default settings serve.

Each function takes a `GraphSource` (the files and how to read them) and loads the graph
itself, from the graph cache when it has read the same file before (spread/graph_cache.py);
`notes` hears what loading noticed (self-loops and duplicate arcs dropped). numpy and numba
load only when a function runs, pandas only for a node table, seeds or a comparison.
LEADSIFT_TIMING=1 records each phase's time (spread/timing.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadsift.domain.errors import LeadsiftError

if TYPE_CHECKING:
    from leadsift.app.session import Session
    from leadsift.spread.meetings import Outreach
    from leadsift.spread.plans import Loaded
    from leadsift.spread.simulate import SpreadResult

P_MODELS = ("wc", "tri", "uniform", "given")
MODELS = ("ic", "lt")
OBJECTIVES = ("reach", "target")
Notes = Callable[[str], None]


@dataclass(frozen=True)
class GraphSource:
    """An edge list (CSV/TSV/Parquet source,target[,p] or SNAP text) and optionally a node
    table (node, target 0-1, cost, bot); `undirected` makes each edge two arcs; arc
    probabilities by `p_model` (wc: 1/in-degree, tri, uniform at `p`, given in the file);
    the diffusion `model` (ic: independent cascade, lt: linear threshold). Checked when
    made: an unknown p_model or model is a LeadsiftError."""

    graph: Path
    nodes: Path | None = None
    undirected: bool = False
    p_model: str = "wc"
    p: float = 0.1
    model: str = "ic"

    def __post_init__(self) -> None:
        if self.p_model not in P_MODELS:
            raise LeadsiftError(f"--p-model {self.p_model!r}: use wc, tri, uniform or given")
        if self.model not in MODELS:
            raise LeadsiftError(f"--model {self.model!r}: use ic or lt")


def load_graph(source: GraphSource, notes: Notes | None = None) -> Loaded:
    """The graph and its node table, as the source says to read them."""
    from leadsift.spread import timing

    with timing.phase("import numpy, numba and the kernels"):
        from leadsift.spread.graph import read_nodes
        from leadsift.spread.graph_cache import load_graph_file
        from leadsift.spread.imm import warm_kernels
        from leadsift.spread.plans import Loaded

        warm_kernels()
    graph = load_graph_file(
        source.graph, undirected=source.undirected, p_model=source.p_model,  # type: ignore[arg-type]
        p=source.p, phase=timing.record,
    )  # fmt: skip
    with timing.phase("read: node table"):
        loaded = Loaded(graph, read_nodes(source.nodes, graph))
    g = loaded.graph
    if notes is not None and (g.dropped_self_loops or g.dropped_duplicates):
        notes(
            f"dropped {g.dropped_self_loops:,} self-loops and "
            f"{g.dropped_duplicates:,} duplicate arcs"
        )
    return loaded


@dataclass(frozen=True)
class Simulation:
    """The spread of `seeds` seeds: total, in-target, bot and out-of-target reach, each with
    a 95% confidence interval, and the mean newly reached per step."""

    seeds: int
    spread: SpreadResult

    def as_dict(self) -> dict[str, Any]:
        return self.spread.as_dict()


def simulate_spread(
    source: GraphSource, seeds: Path, *, runs: int | None = None, notes: Notes | None = None
) -> Simulation:
    """Simulate `runs` Monte-Carlo spreads from the seeds file (a CSV with a node column,
    or one id a line); with runs=None, until the 95% intervals of total and in-target
    reach are within 1% of their means (100 to 10,000 runs)."""
    from leadsift.spread import timing
    from leadsift.spread.plans import read_seeds
    from leadsift.spread.simulate import simulate

    loaded = load_graph(source, notes)
    with timing.phase("read: seeds"):
        chosen = read_seeds(seeds, loaded.graph)
    with timing.phase("measure: Monte-Carlo runs"):
        result = simulate(loaded.graph, loaded.nodes, chosen, runs=runs, model=source.model)
    return Simulation(len(chosen), result)


@dataclass(frozen=True)
class SeedPlan:
    """The chosen seeds (rank, node, marginal_gain), the objective they maximise, the RR sets
    IMM sampled, and their spread measured by fresh simulation."""

    objective: str
    rr_sets: int
    seeds: list[dict[str, Any]]
    spread: SpreadResult

    def as_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "rr_sets": self.rr_sets,
            "seeds": self.seeds,
            "spread": self.spread.as_dict(),
        }


def plan_seeds(
    source: GraphSource,
    *,
    k: int | None = None,
    budget: float | None = None,
    objective: str | None = None,
    eps: float = 0.1,
    ell: float = 1.0,
    runs: int | None = None,
    output: Path | None = None,
    notes: Notes | None = None,
) -> SeedPlan:
    """Choose seeds with IMM (exactly one of `k` seeds or a `budget` of node costs) that
    maximise in-target reach (`objective` target; the default when the node table has
    target weights) or total reach (reach), write them as CSV to `output` if given, and
    measure them with `runs` fresh simulations (None: until the 95% intervals are within
    1% of the means, 100 to 10,000 runs)."""
    from leadsift.spread import timing

    if (k is None) == (budget is None):
        raise LeadsiftError("give exactly one of --k K or --budget B")
    loaded = load_graph(source, notes)
    from leadsift.spread.plans import plan
    from leadsift.spread.simulate import simulate

    aim = objective or ("target" if loaded.nodes.has_target else "reach")
    if aim not in OBJECTIVES:
        raise LeadsiftError(f"--objective {aim!r}: use reach or target")
    with timing.phase("plan: IMM"):
        chosen = plan(
            loaded, k=k, budget=budget, objective=aim, eps=eps, ell=ell, model=source.model
        )
    # str ids: the JSON a plan printed before ids could be read as numbers
    nodes = [str(node) for node in loaded.graph.ids[chosen.seeds].tolist()]
    gains = chosen.marginal_gain.round(4).tolist()
    ranked = enumerate(zip(nodes, gains, strict=True), start=1)
    seeds = [{"rank": rank, "node": node, "marginal_gain": gain} for rank, (node, gain) in ranked]
    if output is not None:
        with timing.phase("write seeds"):
            _write_seeds(output, seeds)
    with timing.phase("measure: Monte-Carlo runs"):
        measured = simulate(loaded.graph, loaded.nodes, chosen.seeds, runs=runs, model=source.model)
    return SeedPlan(aim, chosen.rr_sets, seeds, measured)


def _write_seeds(output: Path, seeds: list[dict[str, Any]]) -> None:
    import csv

    try:
        with output.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(
                stream, fieldnames=["rank", "node", "marginal_gain"], lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(seeds)
    except OSError as exc:
        raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None


def outreach_for(session: Session | None = None) -> Outreach:
    """The rates and costs that turn a plan's reach into meetings and money: the
    workspace's [outreach] settings, with each rate learned from its history where enough
    people in the target market were reached that way (spread/history.py says how), else
    the setting; with no workspace, leadsift's default settings."""
    from leadsift.config.outreach import OutreachSettings
    from leadsift.spread.meetings import Costs, Outreach
    from leadsift.spread.rates import ReachCounts, outreach_rates

    counts: dict[str, ReachCounts] = {}
    if session is None:
        settings, currency = OutreachSettings(), "USD"
    else:
        from leadsift.spread.history import reach_counts

        settings, currency = session.settings.outreach, session.settings.report.currency
        with session.reading() as connection:
            counts = reach_counts(connection)
    rates = outreach_rates(settings, counts.get("share"), counts.get("direct"))
    costs = Costs(settings.outreach_cost_per_contact, settings.seed_cost, currency)
    return Outreach(rates, costs)


def compare_plans(
    source: GraphSource,
    *,
    k: int,
    eps: float = 0.1,
    runs: int | None = None,
    html: Path | None = None,
    notes: Notes | None = None,
    outreach: Outreach | None = None,
) -> list[dict[str, Any]]:
    """Viral or targeted? For the untargeted IMM seeds, the targeted seeds, the top-degree
    influencers and direct outreach to k target members (the node table must have a target
    column): one row each of plan, seeds, total_reach, in_target_reach, precision,
    in_target_per_seed and in_target_per_cost (per unit of the node table's cost), then in
    money (spread/meetings.py): cost, expected_qualified and expected_meetings, each with
    _low and _high (95%), cost_per_meeting with _low and _high (None when no meeting is
    expected), chance_cheapest (the share of draws in which the plan costs least per
    meeting) and the rates and costs used (`rates`, with their sources). `outreach` gives
    the rates and costs (`outreach_for`; leadsift's defaults when None). With `html`, also
    a chart of in-target reach."""
    from leadsift.spread.meetings import meeting_rows
    from leadsift.spread.plans import compare

    loaded = load_graph(source, notes)
    outcomes = compare(loaded, k=k, eps=eps, model=source.model, runs=runs)
    rows = meeting_rows(outcomes, loaded.nodes, outreach or outreach_for(None))
    if html is not None:
        from leadsift.spread.chart import write_comparison

        write_comparison(
            html, loaded, outcomes, model=source.model, runs=_chart_runs(runs, outcomes),
            rows=rows,
        )  # fmt: skip
    return rows


def _chart_runs(runs: int | None, outcomes: list[Any]) -> int:
    """The runs the chart's curves are drawn from: the comparison's, or, when it chose them
    itself, the most any plan took."""
    if runs is not None:
        return runs
    return int(max([o.spread.runs for o in outcomes if o.spread.runs] or [2_000]))


@dataclass(frozen=True)
class Comparison:
    """`compare_plans`' rows, the graph's size, the chart of in-target reach by number of
    seeds per plan as SVG (the dashboard's Spread page), and the rates and costs used."""

    rows: list[dict[str, Any]]
    people: int
    in_target: int
    chart: str
    outreach: Outreach


def compare_with_chart(
    source: GraphSource,
    *,
    k: int,
    eps: float = 0.1,
    runs: int | None = 2_000,
    notes: Notes | None = None,
    outreach: Outreach | None = None,
) -> Comparison:
    """The comparison of `compare_plans` with its chart."""
    import numpy as np

    from leadsift.spread.chart import comparison_chart, comparison_curves
    from leadsift.spread.meetings import meeting_rows
    from leadsift.spread.plans import compare

    used = outreach or outreach_for(None)
    loaded = load_graph(source, notes)
    outcomes = compare(loaded, k=k, eps=eps, model=source.model, runs=runs)
    curves = comparison_curves(
        loaded, outcomes, model=source.model, runs=_chart_runs(runs, outcomes)
    )
    return Comparison(
        rows=meeting_rows(outcomes, loaded.nodes, used),
        people=loaded.graph.nodes,
        in_target=int(np.count_nonzero(loaded.nodes.target)),
        chart=comparison_chart(curves),
        outreach=used,
    )
