"""`leadsift spread learn`: each arc's passability learned from observed shares."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, stderr, stdout, usage_errors


def learn(
    graph: Path = typer.Argument(
        ..., help="Edge list: CSV/TSV/Parquet (source, target) or SNAP text; .gz is fine."
    ),
    cascades: Path = typer.Option(
        ..., "--cascades", help="Who shared what, and when: cascade, node, time.", metavar="FILE"
    ),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write source,target,p to FILE (CSV or .parquet).",
        metavar="FILE",
    ),
    method: str = typer.Option(
        "em", "--method", help="em (Saito et al. 2008, time steps) or credit (Goyal et al. 2010)."
    ),
    step: float = typer.Option(1.0, "--step", help="em: one time step, in the file's unit."),
    tau: float | None = typer.Option(
        None, "--tau", help="credit: the time window. [the mean delay between shares]"
    ),
    prior_weight: float = typer.Option(
        1.0, "--prior-weight", help="Pseudo-trials at 1/in-degree: pulls rare arcs to it."
    ),
    nodes: Path | None = typer.Option(
        None, "--nodes", help="Node table with the column named by --tie-by.", metavar="FILE"
    ),
    tie_by: str | None = typer.Option(
        None, "--tie-by", help="One p per pair of this column's values (e.g. community)."
    ),
    undirected: bool = typer.Option(False, "--undirected", help="Each edge is two arcs."),
    skip_unknown: bool = typer.Option(
        False, "--skip-unknown", help="Count rows naming nodes not in the graph, not refuse."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Learn each arc's probability of passing a message on (independent cascade) from
    observed cascades, and write an edge list that --p-model given reads.

    Example:

        leadsift spread learn follows.csv --cascades shares.csv -o follows-p.csv

        leadsift spread plan follows-p.csv --p-model given --nodes market.csv --k 50
    """
    from leadsift.app.spread_learning import LearnRequest, learn_passability

    with usage_errors():
        request = LearnRequest(
            graph, cascades, output, method, step, tau, prior_weight, nodes, tie_by,
            undirected, skip_unknown,
        )  # fmt: skip
    outcome = learn_passability(request)
    if as_json:
        print_json(outcome.as_dict())
        return
    table = Table(title=f"Passability learned by {outcome.method}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("cascades", f"{outcome.cascades:,}"),
        ("shares", f"{outcome.activations:,}"),
        ("shares with no earlier sharer among in-neighbours (roots)", f"{outcome.roots:,}"),
        ("arcs", f"{outcome.arcs:,}"),
        ("arcs with evidence", f"{outcome.arcs_seen:,}"),
        ("mean p learned", f"{outcome.mean_p:.4f}"),
        ("mean p by weighted cascade", f"{outcome.mean_wc:.4f}"),
    ]
    if outcome.method == "em":
        rows.append(("EM iterations", f"{outcome.iterations}"))
    elif outcome.tau is not None:
        rows.append(("time window tau", f"{outcome.tau:,.3g}"))
    for name, value in rows:
        table.add_row(name, value)
    stdout().print(table)
    for reason, count in outcome.counts.items():
        stderr().print(f"note: {count:,} {escape(reason)}")
    if outcome.written:
        stderr().print(f"edges with p written to {escape(outcome.written)}: use --p-model given")
