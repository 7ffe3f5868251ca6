"""`leadsift score`: identities, authenticity flags, fit, intent and stages."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import typer
from rich.table import Table

from leadsift.cli.console import print_json, progress_bar, say_waiting, session, stdout
from leadsift.domain.stages import LADDER, Stage


def _parse_as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 date", param_hint="--as-of"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def score(
    ctx: typer.Context,
    full: bool = typer.Option(False, "--full", help="Rebuild everything from the touches."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Measure intent as of this date (default: the latest touch).",
        metavar="DATE",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Score every person: resolve identities, fit, intent and lifecycle stage, with reasons.

    Runs incrementally (only people whose activity changed are re-aggregated); --full
    rebuilds from scratch and gives identical results.

    Example:

        leadsift score

        leadsift score --full --as-of 2026-09-01
    """
    from leadsift.app.scores import score as run_scoring

    when = _parse_as_of(as_of)
    started = time.perf_counter()
    with session(ctx) as opened, progress_bar(not as_json) as bar:
        task = bar.add_task("scoring", total=1000)
        summary = run_scoring(
            opened,
            full=full,
            as_of=when,
            progress=lambda message, fraction: bar.update(
                task, description=message, completed=int(fraction * 1000)
            ),
            on_wait=say_waiting,
        )
    seconds = time.perf_counter() - started
    if as_json:
        print_json({**summary.as_dict(), "seconds": round(seconds, 2)})
        return
    table = Table(title=f"Stages ({summary.mode} run, intent as of {summary.as_of:%Y-%m-%d})")
    table.add_column("stage")
    table.add_column("people", justify="right")
    order = [*LADDER, Stage.NURTURE, Stage.DISQUALIFIED]
    for stage in order:
        table.add_row(stage.value, f"{summary.stages.get(stage.value, 0):,}")
    console = stdout()
    console.print(table)
    if summary.flagged:
        flagged = ", ".join(f"{code} {n:,}" for code, n in sorted(summary.flagged.items()))
        console.print(f"Touches flagged as not human: {flagged}")
    if any(summary.malformed.values()):
        console.print(
            f"Kept but not used for matching: {summary.malformed['emails']:,} malformed emails, "
            f"{summary.malformed['phones']:,} malformed phone numbers"
        )
    if summary.new_links:
        console.print(
            f"Probable duplicates joined: {summary.new_links:,} new links "
            "(review with `leadsift people duplicates`, undo with `leadsift people split`)"
        )
    for burst in summary.bursts:
        console.print(f"Coordinated burst: {burst}")
    console.print(
        f"{summary.persons:,} people scored, {summary.persons_reaggregated:,} re-aggregated, "
        f"{summary.stage_changes:,} stage changes, {seconds:.1f} s"
    )
