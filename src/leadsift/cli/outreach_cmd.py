"""`leadsift enrol` and `leadsift outreach run|status`: people put in sequences, what is due
sent, and where every enrolment stands (docs/outreach.md)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, session, stdout

_SHOWN = 20  # rows of a preview shown; --json has them all

app = typer.Typer(
    help=(
        "Run outreach sequences: send what is due, show where everyone stands.\n\n"
        "Example: leadsift outreach run --dry-run outbox/"
    ),
    no_args_is_help=True,
)


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO time such as 2026-12-03T10:00+00:00",
                                 param_hint="--now") from None  # fmt: skip
    if moment.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no time zone (add +00:00)", param_hint="--now")
    return moment


def enrol(
    ctx: typer.Context,
    sequence: str = typer.Argument(..., help="The sequence: sequences/NAME.toml."),
    stage: str | None = typer.Option(None, "--stage", help="People at this stage (mql+, sql)."),
    account: str | None = typer.Option(None, "--account", help="People at this account."),
    segment: Path | None = typer.Option(
        None, "--segment", help="A CSV with a person_id or email column (export segment)."
    ),
    person: list[str] = typer.Option([], "--person", help="A person id or email (repeatable)."),
    yes: bool = typer.Option(False, "--yes", help="Enrol them (without: only the preview)."),
    now: str | None = typer.Option(None, "--now", help="Plan from this time (ISO; default: now)."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
) -> None:
    """Put people in a sequence. Without --yes, shows who would be enrolled, why (their
    reason to call now), when each starts, and who is left out and why (suppressed,
    unsubscribed, bounced, erased, already in a sequence).

    Example:

        leadsift enrol new-clinics --stage sql            # the preview
        leadsift enrol new-clinics --stage sql --yes      # enrol them
    """
    from leadsift.app.enrolment import Selection
    from leadsift.app.enrolment import enrol as enrol_people

    chosen = Selection(stage, account, segment, tuple(person))
    with session(ctx) as opened:
        plan = enrol_people(opened, sequence, chosen, write=yes, now=_when(now))
    if as_json:
        print_json(plan.as_dict())
        return
    out = stdout()
    verb = "Enrolled" if plan.written else "Would enrol"
    table = Table(title=f"{verb} {len(plan.enrolled)} in {escape(plan.sequence)}")
    for header in ("id", "person", "starts (UTC)", "why now"):
        table.add_column(header, overflow="fold")
    for c in plan.enrolled[:_SHOWN]:
        starts = f"{c.starts_at:%a %d %b %H:%M}" if c.starts_at else ""
        table.add_row(str(c.person_id), escape(c.email or c.name), starts, escape(c.reason))
    if plan.enrolled:
        out.print(table)
        if len(plan.enrolled) > _SHOWN:
            out.print(f"... and {len(plan.enrolled) - _SHOWN} more (--json lists everyone)")
    else:
        out.print(f"Nobody to enrol in {escape(plan.sequence)}.")
    if plan.left_out:
        why = Counter(c.left_out or "" for c in plan.left_out)
        counts = ", ".join(f"{reason} {n}" for reason, n in why.most_common())
        out.print(f"\n[bold]Left out ({len(plan.left_out)})[/]: {escape(counts)}")
        for c in plan.left_out[:_SHOWN]:
            out.print(f"  {c.person_id}  {escape(c.email or c.name)}: {escape(c.left_out or '')}")
        if len(plan.left_out) > _SHOWN:
            out.print(f"  ... and {len(plan.left_out) - _SHOWN} more")
    if plan.not_found:
        out.print(f"\n[yellow]Matched no one:[/] {escape(', '.join(plan.not_found[:20]))}")
    if not plan.written and plan.enrolled:
        out.print("\nRun again with --yes to enrol them.")


@app.command()
def run(
    ctx: typer.Context,
    dry_run: Path | None = typer.Option(
        None, "--dry-run", help="Write the messages (.eml) and tasks to this folder instead."
    ),
    now: str | None = typer.Option(None, "--now", help="Run as at this time (ISO; default: now)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was done as JSON."),
) -> None:
    """Send every email that is due (inside the recipient's sending window, within the
    sequence's cap and the mailbox's daily limit) and open the call and social tasks.
    The service runs this every minute.

    Example:

        leadsift outreach run --dry-run outbox/     # look first: nothing is sent
        leadsift outreach run
    """
    from leadsift.app.outreach_run import run_outreach

    with session(ctx) as opened:
        result = run_outreach(opened, now=_when(now), dry_run=dry_run)
    if as_json:
        print_json(result.as_dict())
    else:
        out = stdout()
        if result.dry_run:
            emails = sum(1 for f in result.written if f.endswith(".eml"))
            out.print(f"Dry run: {emails} email(s) and {result.tasks} task(s) written to "
                      f"{escape(str(dry_run))}; nothing sent, nothing changed.")  # fmt: skip
        else:
            out.print(f"Sent {result.sent}, tasks {result.tasks}, bounced {result.bounced}, "
                      f"refused for now {result.failed}, unknown {result.unknown}, "
                      f"finished {result.finished}.")  # fmt: skip
            if result.replies_read:
                out.print(f"  replies read first: {result.replies_read}")
            if result.referrals_enrolled:
                out.print(f"  referrals enrolled: {result.referrals_enrolled}")
        for reason, count in sorted(result.held.items()):
            out.print(f"  waiting ({escape(reason)}): {count}")
        for reason, count in sorted(result.stopped.items()):
            out.print(f"  stopped ({escape(reason)}): {count}")
        for error in result.errors:
            stdout().print(f"[red]{escape(error)}[/]")
    if result.errors:
        raise typer.Exit(1)


@app.command()
def status(
    ctx: typer.Context,
    sequence: str | None = typer.Option(None, "--sequence", help="Only this sequence."),
    state: str | None = typer.Option(
        None, "--status", help="Only active, paused, finished or stopped."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print every enrolment as JSON."),
) -> None:
    """Every enrolment: its sequence, status, next step and when it is due (or why it
    stopped), emails sent; and the open call and social tasks.

    Example:

        leadsift outreach status --status active
    """
    from leadsift.app.outreach_status import outreach_status

    with session(ctx) as opened:
        found = outreach_status(opened, sequence, state)
    if as_json:
        print_json(found.as_dict())
        return
    out = stdout()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(found.by_status.items())) or "none"
    out.print(f"Enrolments: {counts}")
    if found.unknown:
        out.print(
            f"[yellow]{found.unknown} email(s) of unknown fate (the connection dropped "
            "mid-send): check the mailbox's Sent folder; they are never sent again.[/]"
        )
    table = Table()
    for header in ("id", "person", "sequence", "status", "next", "due / why"):
        table.add_column(header, overflow="fold")
    for x in found.enrolments[:200]:
        due = f"{x.due_at:%a %d %b %H:%M}" if x.due_at else (x.stop_reason or "")
        table.add_row(str(x.enrolment_id), escape(x.email or str(x.person_id)),
                      escape(x.sequence), x.status, x.next_step, escape(due))  # fmt: skip
    out.print(table)
    if found.open_tasks:
        out.print(f"\n[bold]Open tasks ({len(found.open_tasks)})[/]")
        for task in found.open_tasks[:50]:
            out.print(f"  {task['kind']}: {escape(str(task['note']))}")
