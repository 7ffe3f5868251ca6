"""`leadsift leads`: the people sales should talk to, in priority order, with reasons."""

from __future__ import annotations

from dataclasses import asdict

import typer

from leadsift.cli.console import print_json, session, stdout, usage_errors


def leads(
    ctx: typer.Context,
    stage: list[str] = typer.Option(
        [],
        "--stage",
        help=(
            "Only this stage; 'mql+' means MQL or later, 'all' every stage. Repeatable. "
            "Default: mql and sql, the people sales should act on now (not yet met)."
        ),
    ),
    account: str | None = typer.Option(None, "--account", help="Account name or domain."),
    campaign: str | None = typer.Option(None, "--campaign", help="People who touched it."),
    limit: int = typer.Option(25, "--limit", min=1, help="Show at most this many."),
    sort: str = typer.Option(
        "priority",
        "--sort",
        help="priority (stage, intent, fit) or probability (the conversion model's).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the leads as JSON."),
) -> None:
    """List leads by priority, each with the reasons behind its stage and scores. With no
    --stage, the people sales should act on now: MQL and SQL, not yet met; meetings,
    opportunities and customers when asked for.

    Example:

        leadsift leads --limit 20

        leadsift leads --stage meeting --stage opportunity

        leadsift leads --account riversidefp.example --json

        leadsift leads --sort probability --limit 50
    """
    from leadsift.app.leads import LeadQuery, find_leads
    from leadsift.report.lead_list import render_leads

    with usage_errors():
        query = LeadQuery(
            stages=tuple(stage), account=account, campaign=campaign, limit=limit, sort=sort
        )
    with session(ctx) as opened:
        found = find_leads(opened, query)
    if as_json:
        print_json([asdict(lead) for lead in found])
        return
    shown = ", ".join(stage) if stage else "MQL and SQL who have not met sales yet"
    title = f"Leads ({len(found)}): {shown}, by {sort}"
    stdout().print(render_leads(found, title))
    stdout().print(
        "\nEvery reason: leadsift people show ID · as a call list: leadsift export calls · "
        "in a browser: leadsift serve, then /leads",
        style="dim",
    )
