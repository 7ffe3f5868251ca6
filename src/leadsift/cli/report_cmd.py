"""`leadsift report`: every campaign or channel, vanity figures beside quality figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from leadsift.cli.console import print_json, session, stderr, stdout, usage_errors


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-05-01", param_hint="--since"
        ) from None


def report(
    ctx: typer.Context,
    by: str = typer.Option("campaign", "--by", help="Group by campaign or channel."),
    since: str | None = typer.Option(
        None, "--since", help="Only activity and spend from this date.", metavar="DATE"
    ),
    html: Path | None = typer.Option(
        None, "--html", help="Also write a self-contained HTML report.", metavar="FILE"
    ),
    attribution: str | None = typer.Option(
        None,
        "--attribution",
        metavar="MODEL",
        help=(
            "How outcomes are credited to campaigns: first, last, last_non_direct, linear, u, "
            "w, full_path, time_decay, markov, shapley, shapley_ordered. "
            "[the [attribution] setting: w]"
        ),
    ),
    wide: bool = typer.Option(
        False, "--wide", help="Every column, in two wide tables (for a wide terminal)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Report every campaign by what it produced: qualified leads, meetings, pipeline and
    cost per qualified lead, beside views, followers, raw leads and cost per lead.

    Run `leadsift score` first; the report reads its stages and flags. Each outcome is
    credited to the campaigns that touched the person before it, shared by an attribution
    model (W-shaped unless --attribution or [attribution] model says otherwise), so the
    campaigns' meetings add up to the meetings there are.

    Example:

        leadsift report --by channel --since 2026-05-01

        leadsift report --html report.html

        leadsift report --wide

        leadsift report --attribution markov
    """
    from leadsift.app.reports import campaign_report, check_grouping, write_html
    from leadsift.report.terminal import render_compact, render_report

    with usage_errors():
        check_grouping(by)
    since_date = _since(since)
    with session(ctx) as opened, usage_errors():
        figures = campaign_report(opened, by, since_date, model=attribution)
    if html is not None:
        write_html(figures, html)
        stderr().print(f"HTML report written to {html}")
    if as_json:
        print_json(figures.as_dict())
        return
    stdout().print(render_report(figures) if wide else render_compact(figures))
