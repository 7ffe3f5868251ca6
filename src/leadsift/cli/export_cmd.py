"""`leadsift export calls|segment|crm`: files for the people who act on leads."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from leadsift.cli.console import session, stderr, usage_errors

app = typer.Typer(
    help=(
        "Export call lists, email segments and CRM import files.\n\n"
        "Example: leadsift export calls -o calls.csv"
    ),
    no_args_is_help=True,
)

_OUTPUT = typer.Option(
    None, "-o", "--output", help="Write to FILE (default: standard output).", metavar="FILE"
)
_STAGE = typer.Option([], "--stage", help="Only this stage; 'mql+' = MQL or later. Repeatable.")
_BASIS = typer.Option(
    [],
    "--basis",
    help="Only people with this lawful basis (consent, contract, legitimate_interest, ...; "
    "none: no basis stated). Repeatable.",
)


def _written(count: int, output: Path | None) -> None:
    stderr().print(f"{count:,} rows" + (f" written to {output}" if output else ""))


@app.command()
def calls(
    ctx: typer.Context,
    output: Path | None = _OUTPUT,
    stage: list[str] = typer.Option(
        ["engaged", "mql", "sql", "nurture"],
        "--stage",
        help="Stages to call. Repeatable.",
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many calls."),
    basis: list[str] = _BASIS,
) -> None:
    """A telemarketing call list: people at named target accounts in the target market who
    have a phone number, best first, each with the reason to call now.

    Example:

        leadsift export calls -o calls.csv --limit 200
    """
    from leadsift.app.exports import check_bases, export_call_list
    from leadsift.app.leads import check_stages

    with usage_errors():
        check_stages(stage)
        check_bases(basis)
    with session(ctx) as opened:
        count = export_call_list(
            opened, output or sys.stdout, stages=stage, limit=limit, bases=basis
        )
    _written(count, output)


@app.command()
def segment(
    ctx: typer.Context,
    output: Path | None = _OUTPUT,
    stage: list[str] = _STAGE,
    campaign: str | None = typer.Option(None, "--campaign", help="People who touched it."),
    in_target: bool = typer.Option(False, "--in-target", help="Only people in the target market."),
    basis: list[str] = _BASIS,
) -> None:
    """An email segment (CSV): people with an email address, best first. Never a suppressed
    or unsubscribed person, or one whose consent was withdrawn.

    Example:

        leadsift export segment --stage mql+ --in-target --basis consent -o nurture.csv
    """
    from leadsift.app.exports import check_bases, export_segment
    from leadsift.app.leads import check_stages

    with usage_errors():
        check_stages(stage)
        check_bases(basis)
    with session(ctx) as opened:
        count = export_segment(
            opened, output or sys.stdout, stages=stage, campaign=campaign, in_target=in_target,
            bases=basis,
        )  # fmt: skip
    _written(count, output)


@app.command()
def crm(
    ctx: typer.Context,
    fmt: str = typer.Option(..., "--format", help="hubspot or salesforce."),
    output: Path | None = _OUTPUT,
    stage: list[str] = _STAGE,
    basis: list[str] = _BASIS,
) -> None:
    """A CSV with the column names the CRM's importer expects (HubSpot contacts, Salesforce
    leads), with stage, scores and reasons. Default: MQL or later.

    Example:

        leadsift export crm --format hubspot -o hubspot-import.csv
    """
    from leadsift.app.exports import check_bases, check_crm_format, export_crm
    from leadsift.app.leads import check_stages

    with usage_errors():
        check_crm_format(fmt)
        check_stages(stage)
        check_bases(basis)
    with session(ctx) as opened:
        count = export_crm(opened, output or sys.stdout, fmt, stages=stage, bases=basis)
    _written(count, output)
