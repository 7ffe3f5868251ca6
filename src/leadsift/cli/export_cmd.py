"""`leadsift export calls|segment|crm`: files for the people who act on leads."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import typer

from leadsift.cli.console import stderr, workspace
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.stages import Stage
from leadsift.export.lead import Lead
from leadsift.export.writers import CrmFormat, write_call_list, write_crm, write_segment
from leadsift.scoring.leads import LeadFilter, select_leads

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


def check_stages(stages: Sequence[str]) -> None:
    known = {s.value for s in Stage}
    for value in stages:
        if value.removesuffix("+") not in known:
            raise typer.BadParameter(
                f"{value!r}: choose one of {', '.join(sorted(known))}", param_hint="--stage"
            )


def _export(
    ctx: typer.Context,
    wanted: LeadFilter,
    output: Path | None,
    write: Callable[[Sequence[Lead], TextIO], int],
) -> None:
    check_stages(wanted.stages)
    ws = workspace(ctx)
    wanted = replace(wanted, source_priority=ws.settings.identity.source_priority)
    with ws.opened() as engine, engine.connect() as connection:
        leads = select_leads(connection, wanted)
    if output is None:
        count = write(leads, sys.stdout)
    else:
        try:
            # utf-8-sig: Excel reads accented names right only with a byte-order mark
            with output.open("w", encoding="utf-8-sig", newline="") as stream:
                count = write(leads, stream)
        except OSError as exc:
            raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
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
) -> None:
    """A telemarketing call list: people at named target accounts in the target market who
    have a phone number, best first, each with the reason to call now.

    Example:

        leadsift export calls -o calls.csv --limit 200
    """
    wanted = LeadFilter(
        stages=tuple(stage), named_accounts_only=True, in_target_only=True, limit=limit
    )
    _export(ctx, wanted, output, write_call_list)


@app.command()
def segment(
    ctx: typer.Context,
    output: Path | None = _OUTPUT,
    stage: list[str] = _STAGE,
    campaign: str | None = typer.Option(None, "--campaign", help="People who touched it."),
    in_target: bool = typer.Option(False, "--in-target", help="Only people in the target market."),
) -> None:
    """An email segment (CSV): people with an email address, best first.

    Example:

        leadsift export segment --stage mql+ --in-target -o nurture.csv
    """
    stages = tuple(stage) or tuple(s.value for s in Stage if s is not Stage.DISQUALIFIED)
    wanted = LeadFilter(stages=stages, campaign=campaign, in_target_only=in_target)
    _export(ctx, wanted, output, write_segment)


@app.command()
def crm(
    ctx: typer.Context,
    fmt: str = typer.Option(..., "--format", help="hubspot or salesforce."),
    output: Path | None = _OUTPUT,
    stage: list[str] = _STAGE,
) -> None:
    """A CSV with the column names the CRM's importer expects (HubSpot contacts, Salesforce
    leads), with stage, scores and reasons. Default: MQL or later.

    Example:

        leadsift export crm --format hubspot -o hubspot-import.csv
    """
    if fmt not in ("hubspot", "salesforce"):
        raise typer.BadParameter("choose hubspot or salesforce", param_hint="--format")
    chosen: CrmFormat = "hubspot" if fmt == "hubspot" else "salesforce"
    wanted = LeadFilter(stages=tuple(stage) or ("mql+",))
    _export(ctx, wanted, output, lambda leads, stream: write_crm(leads, stream, chosen))
