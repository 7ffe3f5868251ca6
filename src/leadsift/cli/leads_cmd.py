"""`leadsift leads`: the people sales should talk to, in priority order, with reasons."""

from __future__ import annotations

from dataclasses import asdict

import typer
from rich.markup import escape
from rich.table import Table

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

    with usage_errors():
        query = LeadQuery(
            stages=tuple(stage), account=account, campaign=campaign, limit=limit, sort=sort
        )
    with session(ctx) as opened:
        found = find_leads(opened, query)
    if as_json:
        print_json([asdict(lead) for lead in found])
        return
    table = Table(title=f"Leads ({len(found)})", show_lines=True)
    for header in ("#", "person", "account", "stage", "fit", "intent", "P(meet)", "why"):
        table.add_column(header, justify="right" if header in ("#", "intent") else "left")
    for rank, lead in enumerate(found, start=1):
        name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.email or "?"
        who = f"{name}\n{lead.title or ''}\n{lead.email or lead.phone or ''}"
        where = lead.account or lead.company or "-"
        if lead.account_target:
            where += "\n(named target)"
        if lead.account_match == "weak":
            where += "\n(weak match: by company name)"
        table.add_row(
            str(rank), escape(who), escape(where), lead.stage, f"{lead.grade} ({lead.fit})",
            str(lead.intent), "-" if lead.probability is None else f"{lead.probability:.0%}",
            escape("\n".join(lead.reasons[:4])),
        )  # fmt: skip
    stdout().print(table)
