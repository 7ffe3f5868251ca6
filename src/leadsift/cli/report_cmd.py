"""`leadsift report`: every campaign side by side."""

from __future__ import annotations

import typer

from leadsift.cli.console import print_json, stdout, workspace
from leadsift.report.campaign_summary import campaign_summary
from leadsift.report.terminal import render_campaign_table


def report(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Report every campaign: spend, reach, raw leads and cost per lead.

    Example:

        leadsift report

        leadsift report --json > report.json
    """
    ws = workspace(ctx)
    engine = ws.connect()
    try:
        with engine.connect() as connection:
            figures = campaign_summary(connection)
    finally:
        engine.dispose()
    if as_json:
        print_json(
            {"currency": ws.settings.report.currency, "campaigns": [f.as_dict() for f in figures]}
        )
        return
    stdout().print(render_campaign_table(figures, ws.settings.report.currency))
