"""`leadsift spread simulate|plan|compare`: how far a message travels, and how to reach the
target market on purpose. Needs no workspace."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich import box
from rich.table import Table

from leadsift.cli.console import print_json, state, stderr, stdout

if TYPE_CHECKING:
    from leadsift.app.session import Session
    from leadsift.spread.simulate import Estimate, SpreadResult

MAX_RUNS_SHOWN = 10_000  # simulate.MAX_RUNS, without importing numba to say it

app = typer.Typer(
    help=(
        "Simulate spread on a social graph and plan seeds that reach your target market.\n\n"
        "Example: leadsift spread plan follows.csv --nodes market.csv --k 50 -o seeds.csv"
    ),
    no_args_is_help=True,
)

_GRAPH = typer.Argument(
    ..., help="Edge list: CSV/TSV/Parquet (source, target[, p]) or SNAP text; .gz is fine."
)
_NODES = typer.Option(
    None, "--nodes", help="Node table: node, target (0-1), cost, bot.", metavar="FILE"
)
_UNDIRECTED = typer.Option(False, "--undirected", help="Each edge is two arcs.")
_P_MODEL = typer.Option(
    "wc", "--p-model", help="Arc probabilities: wc (1/in-degree), tri, uniform or given."
)
_P = typer.Option(0.1, "--p", min=0.0, max=1.0, help="The probability for --p-model uniform.")
_MODEL = typer.Option("ic", "--model", help="ic (independent cascade) or lt (linear threshold).")
_JSON = typer.Option(False, "--json", help="Print the result as JSON.")
_RUNS_HELP = (
    "Monte-Carlo runs; default: as many as it takes for the 95% intervals to be within 1% "
    "of the means (100 to 10,000)."
)


def _measured(result: SpreadResult) -> str:
    """How a spread was measured, honestly: the runs, and why that many."""
    if result.tolerance is None:
        return f"{result.runs:,} runs"
    if result.runs >= MAX_RUNS_SHOWN:
        return f"{result.runs:,} runs, the most allowed"
    return f"{result.runs:,} runs, until the 95% intervals were within {result.tolerance:.0%}"


def _interval(estimate: Estimate) -> str:
    return f"{estimate.mean:,.1f} (95% interval {estimate.low:,.1f} - {estimate.high:,.1f})"


def _started() -> None:
    """What every spread command does first: note the start-up's time, and arrange to skip
    the interpreter's last garbage collections at exit. numba leaves some hundred thousand
    objects behind, and collecting them as the process ends cost about 0.15 s of a 1 s
    command; frozen, they are left to the operating system, which frees the memory anyway."""
    import atexit
    import gc

    from leadsift.spread import timing

    timing.record("start-up: interpreter and CLI", timing.process_age() or 0.0)
    atexit.register(gc.freeze)


def _note(message: str) -> None:
    stderr().print(f"[yellow]note:[/] {message}")


@app.command()
def simulate(
    graph: Path = _GRAPH,
    seeds: Path = typer.Option(
        ..., "--seeds", help="Seeds: CSV with a node column, or one id a line."
    ),
    nodes: Path | None = _NODES,
    model: str = _MODEL,
    runs: int | None = typer.Option(None, "--runs", min=1, help=_RUNS_HELP),
    undirected: bool = _UNDIRECTED,
    p_model: str = _P_MODEL,
    p: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Simulate spread from seeds: total reach, in-target reach, reach among bots and
    out-of-target spill, each with a 95% confidence interval, and reach per step.

    Example:

        leadsift spread simulate follows.csv --seeds seeds.csv --nodes market.csv --runs 10000
    """
    from leadsift.app.spread import GraphSource, simulate_spread
    from leadsift.spread import timing

    _started()
    source = GraphSource(graph, nodes, undirected, p_model, p, model)
    simulation = simulate_spread(source, seeds, runs=runs, notes=_note)
    result = simulation.spread
    with timing.phase("print"):
        _print_simulation(simulation.seeds, result, model, as_json)
    timing.report()


def _print_simulation(seeds: int, result: SpreadResult, model: str, as_json: bool) -> None:
    if as_json:
        print_json(result.as_dict())
        return
    table = Table(title=f"Spread of {seeds} seeds ({model.upper()}, {_measured(result)})")
    table.add_column("measure")
    table.add_column("mean", justify="right")
    table.add_column("95% interval", justify="right")
    measures = (
        ("total reach", result.total),
        ("in-target reach", result.in_target),
        ("bots reached", result.bots),
        ("out of target", result.spill),
    )
    for name, estimate in measures:
        interval = f"{estimate.low:,.1f} - {estimate.high:,.1f}"
        table.add_row(name, f"{estimate.mean:,.1f}", interval)
    stdout().print(table)
    steps = ", ".join(f"{v:,.1f}" for v in result.per_step[:10])
    stdout().print(f"newly reached per step (seeds first): {steps}")


@app.command()
def plan(
    graph: Path = _GRAPH,
    nodes: Path | None = _NODES,
    k: int | None = typer.Option(None, "--k", min=1, help="Number of seeds."),
    budget: float | None = typer.Option(None, "--budget", min=0.0, help="Total seed cost."),
    objective: str | None = typer.Option(
        None, "--objective", help="reach or target (default: target when nodes have weights)."
    ),
    eps: float = typer.Option(0.1, "--eps", min=0.01, max=0.99, help="IMM's epsilon."),
    ell: float = typer.Option(
        1.0, "--ell", min=0.1, max=10.0, help="IMM's ell: success probability 1 - 1/n^ell."
    ),
    model: str = _MODEL,
    output: Path | None = typer.Option(None, "-o", "--output", help="Seeds CSV to write."),
    runs: int | None = typer.Option(None, "--runs", min=1, help=_RUNS_HELP),
    undirected: bool = _UNDIRECTED,
    p_model: str = _P_MODEL,
    p: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Choose seeds with IMM (k seeds, or within a budget of node costs) that maximise
    in-target reach (--objective target) or total reach, then measure them by fresh
    simulation. Writes rank, node, marginal_gain.

    Example:

        leadsift spread plan follows.csv --nodes market.csv --k 50 --eps 0.1 -o seeds.csv
    """
    from leadsift.app.spread import GraphSource, plan_seeds
    from leadsift.spread import timing

    _started()
    source = GraphSource(graph, nodes, undirected, p_model, p, model)
    chosen = plan_seeds(
        source, k=k, budget=budget, objective=objective, eps=eps, ell=ell, runs=runs,
        output=output, notes=_note,
    )  # fmt: skip
    measured = chosen.spread
    with timing.phase("print"):
        if as_json:
            print_json(chosen.as_dict())
        else:
            stdout().print(
                f"{len(chosen.seeds)} seeds chosen from {chosen.rr_sets:,} RR sets "
                f"(objective: {chosen.objective})" + (f", written to {output}" if output else "")
            )
            stdout().print(f"measured by fresh simulation ({_measured(measured)}):")
            stdout().print(f"  total reach {_interval(measured.total)}")
            if measured.in_target.high > 0:
                stdout().print(f"  in-target reach {_interval(measured.in_target)}")
    timing.report()


@app.command()
def compare(
    ctx: typer.Context,
    graph: Path = _GRAPH,
    nodes: Path = typer.Option(..., "--nodes", help="Node table with a target column."),
    k: int = typer.Option(..., "--k", min=1, help="Seeds per plan."),
    eps: float = typer.Option(0.1, "--eps", min=0.01, max=0.99, help="IMM's epsilon."),
    model: str = _MODEL,
    runs: int | None = typer.Option(None, "--runs", min=1, help=_RUNS_HELP + " Per plan."),
    html: Path | None = typer.Option(None, "--html", help="Write a chart of in-target reach."),
    undirected: bool = _UNDIRECTED,
    p_model: str = _P_MODEL,
    p: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Viral or targeted? For the untargeted IMM seeds, the targeted seeds, the top-degree
    influencers and direct outreach to k target members: total reach, in-target reach,
    precision, in-target reach per seed and per unit of node cost; then each plan's cost,
    expected qualified leads and meetings, and cost per expected meeting with a 95%
    interval.

    A plan's seeds are contacted directly; the people in the target
    market its spread reaches are reached by a share. Each way has its
    own rates of qualifying and of taking a meeting, learned from the
    workspace (-w DIR, or the one you are in) where it reached enough
    people in the market that way, else its \\[outreach] settings
    (leadsift's defaults without a workspace); the output says which.

    Cost: outreach_cost_per_contact per seed, plus, for a plan that
    spreads, each seed's post (the node table's cost, else seed_cost).
    The interval combines the simulation's error with the rates'
    uncertainty (docs/spread.md).

    Example:

        leadsift -w ws spread compare follows.csv --nodes market.csv --k 50
    """
    from leadsift.app.spread import GraphSource, compare_plans, outreach_for

    source = GraphSource(graph, nodes, undirected, p_model, p, model)
    with _optional_session(ctx) as opened:
        outreach = outreach_for(opened)
        where = f"workspace {opened.workspace.root}" if opened else "no workspace"
    rows = compare_plans(source, k=k, eps=eps, runs=runs, html=html, notes=_note, outreach=outreach)
    if as_json:
        print_json(rows)
        return
    for table in comparison_tables(rows, f"k = {k}, {model.upper()}"):
        stdout().print(table)
    for line in _rates_lines(rows[0]["rates"], where):
        stdout().print(line, highlight=False)


@contextmanager
def _optional_session(ctx: typer.Context) -> Iterator[Session | None]:
    """The session on -w DIR's workspace, or on the one the current folder is in; None
    when there is none and -w did not name one (spread needs no workspace)."""
    from leadsift.app.session import open_session
    from leadsift.domain.errors import WorkspaceError
    from leadsift.workspace.workspace import find_workspace

    named = state(ctx).workspace_dir
    try:
        found = find_workspace(named)
    except WorkspaceError:
        if named is not None:
            raise
        yield None
        return
    with open_session(found) as opened:
        yield opened


def _number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _narrow(title: str, headers: tuple[str, ...]) -> Table:
    # the campaign report's narrow style (report/terminal.py): no side rules, headers on two
    # lines, figures never wrapped
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
        collapse_padding=True,
    )  # fmt: skip
    table.add_column("plan", no_wrap=True)
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)
    return table


def comparison_tables(rows: list[dict[str, Any]], title: str) -> tuple[Table, Table]:
    """`spread compare`'s rows as two tables that fit 80 columns: reach, then money."""
    from leadsift.report.units import money_short

    reach = _narrow(
        f"Viral or targeted? Reach, {title}",
        ("seeds", "total\nreach", "in\ntarget", "preci-\nsion", "in target\nper seed",
         "in target\nper cost"),
    )  # fmt: skip
    meetings = _narrow(
        "In money: cost, expected qualified leads and meetings",
        ("cost", "quali-\nfied", "meet-\nings", "per\nmeeting", "95%\ninterval", "chea-\npest"),
    )
    for row in rows:
        currency = row["rates"]["currency"]

        def cash(value: float | None, currency: str = currency) -> str:
            return money_short(value, currency)

        label = row["plan"].split(" ")[0]  # the legend below says what each plan is
        reach.add_row(
            label, f"{row['seeds']:,}", _number(row["total_reach"]),
            _number(row["in_target_reach"]), f"{row['precision']:.1%}",
            _number(row["in_target_per_seed"], 2), _number(row["in_target_per_cost"], 3),
        )  # fmt: skip
        per = row["cost_per_meeting"]
        interval = f"{cash(row['cost_per_meeting_low'])}-{cash(row['cost_per_meeting_high'])}"
        meetings.add_row(
            label, cash(row["cost"]), _number(row["expected_qualified"]),
            _number(row["expected_meetings"], 2), cash(per), interval if per is not None else "",
            f"{row['chance_cheapest']:.0%}",
        )  # fmt: skip
    return reach, meetings


def _rates_lines(rates: dict[str, Any], where: str) -> list[str]:
    from leadsift.report.units import money
    from leadsift.spread.rates import rate_text

    currency = rates["currency"]
    return [
        f"Rates ({rates['source']}; {where}), 95% intervals of learned ones:",
        f"  meeting, reached by a share: {rate_text(rates['share_meeting'])}",
        f"  meeting, reached directly: {rate_text(rates['direct_meeting'])}",
        f"  qualified, reached by a share: {rate_text(rates['share_qualified'])}",
        f"  qualified, reached directly: {rate_text(rates['direct_qualified'])}",
        f"Costs: {money(rates['outreach_cost_per_contact'], currency)} a contact, "
        f"{money(rates['seed_cost'], currency)} a seed where the node table gives no cost.",
        "Plans: viral = IMM seeds for total reach; targeted = IMM seeds for in-target",
        "reach; top-degree = the most followed; direct = outreach to target members.",
        "cheapest: how often the plan costs least per meeting, over draws of reach and",
        "rates; the interval combines the simulation's error and the rates' uncertainty.",
    ]
