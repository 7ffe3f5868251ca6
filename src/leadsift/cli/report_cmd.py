"""`leadsift report`: every campaign or channel, vanity figures beside quality figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from leadsift.cli.console import print_json, stderr, stdout, workspace
from leadsift.domain.errors import LeadsiftError
from leadsift.report.figures import GroupBy
from leadsift.report.quality import build_report
from leadsift.report.terminal import render_report


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
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Report every campaign by what it produced: qualified leads, meetings, pipeline and
    cost per qualified lead, beside views, followers, raw leads and cost per lead.

    Run `leadsift score` first; the report reads its stages and flags.

    Example:

        leadsift report --by channel --since 2026-05-01

        leadsift report --html report.html
    """
    if by not in ("campaign", "channel"):
        raise typer.BadParameter("choose campaign or channel", param_hint="--by")
    group_by: GroupBy = "campaign" if by == "campaign" else "channel"
    since_date = _since(since)
    ws = workspace(ctx)
    from leadsift.report.summary import summarise

    with ws.opened() as engine, engine.connect() as connection:
        figures = build_report(
            connection,
            by=group_by,
            since=since_date,
            currency=ws.settings.report.currency,
            summarise=summarise,
        )
    if html is not None:
        from leadsift.report.html import render_html

        try:
            html.write_text(render_html(figures), encoding="utf-8")
        except OSError as exc:
            raise LeadsiftError(f"cannot write {html}: {exc.strerror}") from None
        stderr().print(f"HTML report written to {html}")
    if as_json:
        print_json(figures.as_dict())
        return
    stdout().print(render_report(figures))
