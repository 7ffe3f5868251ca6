"""`leadsift attribution journeys`: credit for conversions by any model, on any path table in
ChannelAttribution's layout. Needs no workspace.

The attribution package (NumPy, pandas, SciPy) is imported when a command runs, never when the
CLI starts, so `leadsift --help` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from leadsift.cli.console import print_json, stdout

# the names of leadsift.attribution.MODELS, kept here so that --help imports nothing heavy
# (tests/attribution/test_cli.py holds the two lists equal)
MODEL_NAMES = (
    "first", "last", "last_non_direct", "linear", "u", "w", "full_path", "time_decay",
    "markov", "shapley", "shapley_ordered",
)  # fmt: skip

app = typer.Typer(
    help=(
        "Share the credit for conversions among the channels (or campaigns) that led to them: "
        "rule-based and data-driven models.\n\n"
        "Example: leadsift attribution journeys paths.csv --model markov --order 2"
    ),
    no_args_is_help=True,
)


def _model(value: str) -> str:
    name = value.strip().lower().replace("-", "_")
    if name not in MODEL_NAMES:
        raise typer.BadParameter(f"choose one of {', '.join(MODEL_NAMES)}", param_hint="--model")
    return name


def _title(summary: dict[str, Any], file: Path) -> str:
    model = summary["model"]
    if model == "markov":
        model += f", order {summary['order']}"
    return f"Attribution of {file.name} ({model})"


def _caption(summary: dict[str, Any]) -> str:
    caption = (
        f"{summary['total_conversions']:,.2f} conversions, value {summary['total_value']:,.2f}"
    )
    if "conversion_probability" in summary:
        caption += f"; P(conversion) {summary['conversion_probability']:.4f}"
    return caption


def _render(summary: dict[str, Any], file: Path) -> None:
    table = Table(title=_title(summary, file), caption=_caption(summary))
    table.add_column("channel", overflow="fold", max_width=34)
    table.add_column("conversions", justify="right")
    table.add_column("value", justify="right")
    table.add_column("share", justify="right")
    markov = summary["model"] == "markov"
    if markov:
        table.add_column("removal effect", justify="right")
    for row in summary["channels"]:
        cells = [
            str(row["channel"]),
            f"{row['conversions']:,.2f}",
            f"{row['value']:,.2f}",
            f"{row['share']:.1%}",
        ]
        if markov:
            cells.append(f"{row['removal_effect']:.4f}")
        table.add_row(*cells)
    stdout().print(table)


@app.command()
def journeys(
    file: Path = typer.Argument(
        ...,
        help="Path table: path ('a > b > c'), total_conversions, and optionally "
        "total_conversion_value and total_null. CSV/TSV (.gz fine), JSON Lines or Parquet.",
        show_default=False,
    ),
    model: str = typer.Option(
        "markov", "--model", "-m", callback=_model, help=f"One of: {', '.join(MODEL_NAMES)}."
    ),
    order: int | None = typer.Option(
        None, "--order", min=1, max=6, help="Markov order: states are runs of N touches. [1]"
    ),
    direct: str = typer.Option(
        "direct", "--direct", help="The label last_non_direct passes over.", metavar="LABEL"
    ),
    half_life: float = typer.Option(
        7.0, "--half-life", min=0.001, help="time_decay: days for a touch's weight to halve."
    ),
    separator: str = typer.Option(">", "--sep", help="What separates channels in a path."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Credit each channel in a path table with a share of the conversions and of their
    value, by one model. Credits add up to the file's conversions and value.

    Models: first, last, last_non_direct, linear, u (40/40/20), w (30/30/30/10), full_path
    (22.5 x 4 + 10) and time_decay (without timestamps, one step is one day); markov (removal
    effect, solved exactly, order 1 and up); shapley (Zhao et al. 2018) and shapley_ordered
    (the same, with credit by touch position). A path table has no milestones, so u, w and
    full_path take the last touch for lead and opportunity creation and for closed-won.

    Example:

        leadsift attribution journeys paths.csv --model markov --order 2

        leadsift attribution journeys paths.csv --model u --json
    """
    if order is not None and model != "markov":
        raise typer.BadParameter("--order applies to --model markov only", param_hint="--order")
    from leadsift.attribution import ModelOptions, attribute, read_path_table

    journeys_set = read_path_table(file, separator=separator.strip() or separator)
    options = ModelOptions(direct=direct, half_life_days=half_life, order=order or 1)
    result = attribute(journeys_set, model, options)
    summary = {"file": str(file), "paths": journeys_set.size, **result.as_dict()}
    if as_json:
        print_json(summary)
        return
    _render(summary, file)


# what fits beside a campaign name in 80 columns; --models chooses others
SHOWN_MODELS = ("first", "last", "linear", "w", "markov", "shapley")


def _models(value: str | None) -> tuple[str, ...]:
    if not value:
        return SHOWN_MODELS
    chosen = tuple(_model(v) for v in value.split(",") if v.strip())
    return chosen or SHOWN_MODELS


@app.command()
def compare(
    ctx: typer.Context,
    by: str = typer.Option("campaign", "--by", help="Credit campaigns or channels."),
    outcome: str = typer.Option(
        "meeting", "--outcome", help="qualified, meeting, opportunity (pipeline) or won (revenue)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only touches from this date.", metavar="DATE"
    ),
    models: str | None = typer.Option(
        None,
        "--models",
        metavar="A,B,...",
        help=f"The models shown in the table (all in --json). [{','.join(SHOWN_MODELS)}]",
    ),
    html: Path | None = typer.Option(
        None, "--html", help="Also write the chart and the table as HTML.", metavar="FILE"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print every model's credit as JSON."),
) -> None:
    """Every attribution model side by side on this workspace's journeys: how much of one
    kind of outcome each campaign (or channel) is credited with by first touch, last touch,
    linear, U, W, full path, time decay, Markov and Shapley. Each model's column adds up to
    the outcomes that had a touch in the [attribution] lookback window.

    Example:

        leadsift attribution compare --outcome meeting

        leadsift attribution compare --by channel --outcome won --html models.html
    """
    from leadsift.app.attribution import PLURALS, compare_models, write_comparison_html
    from leadsift.cli.console import session, stderr, usage_errors
    from leadsift.cli.report_cmd import _since

    shown = _models(models)
    since_date = _since(since)
    with session(ctx) as opened, usage_errors():
        found = compare_models(opened, by, outcome, since_date)
    if html is not None:
        write_comparison_html(found, html)
        stderr().print(f"HTML comparison written to {html}")
    if as_json:
        print_json(found.as_dict())
        return
    amounts = outcome in ("opportunity", "won")
    from rich import box

    table = Table(
        title=f"{PLURALS[outcome]} credited to each {found.by}, by model", title_justify="left",
        caption=f"{found.total:,.0f} {outcome} outcomes with a touch in {found.lookback_days}"
        f" days; {found.unattributed:,.0f} without. Every model: --json.",
        caption_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
    )  # fmt: skip
    table.add_column(found.by, overflow="fold", min_width=12, max_width=34)
    for model in shown:
        table.add_column(model, justify="right")
    for group in found.groups:
        source = found.values if amounts else found.credits
        table.add_row(group, *(f"{source[m].get(group, 0.0):,.1f}" for m in shown))
    stdout().print(table)
