"""`leadsift replies import|fetch|list|classify`: the replies to our outreach, read from mail
files or the mailboxes, stored, routed and listed; or a file of replies classified."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, session, stderr, stdout, usage_errors

if TYPE_CHECKING:
    from leadsift.app.reply_intake import IntakeResult

app = typer.Typer(
    help=(
        "Read the replies to your outreach: intent, out-of-office return dates, referrals.\n\n"
        "Example: leadsift replies fetch"
    ),
    no_args_is_help=True,
)
WIDTH = 80


@app.callback()
def _group() -> None:
    """Replies to outreach: import, fetch, list, classify."""


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name.replace('_', ' ')} {n:,}" for name, n in sorted(counts.items()))


def _render(result: IntakeResult, as_json: bool) -> None:
    if as_json:
        print_json(result.as_dict())
        return
    lines = [
        f"{result.read:,} messages read: {result.stored:,} stored, {result.duplicates:,} "
        f"already stored, {result.unmatched:,} matched to none of our emails, "
        f"{result.bounces:,} bounces, {result.own:,} of our own skipped"
        + (f", {result.erased:,} from erased people skipped" if result.erased else "")
    ]
    if result.mailboxes:
        lines.append("mailboxes: " + _counts(result.mailboxes))
    if result.by_intent:
        lines.append("intents: " + _counts(result.by_intent))
    if result.routed:
        lines.append("done: " + _counts(result.routed))
    for line in lines:
        typer.echo(textwrap.fill(line, WIDTH, subsequent_indent="  "))
    for error in result.errors:
        typer.echo(textwrap.fill(f"error: {error.where}: {error.message}", WIDTH,
                                 subsequent_indent="  "), err=True)  # fmt: skip


@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help=".eml files (one message each) or mbox files."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Store and route the replies in mail files: each is matched to the email of ours it
    answers, classified, and acted on (a sequence stopped or paused, an unsubscribe
    suppressed, an interested person made SQL). A message already stored is skipped, so a
    file may be imported again. An unreadable file stops the import: nothing is stored.

    Example:

        leadsift replies import ~/exports/sales-inbox.mbox bounce.eml
    """
    from leadsift.app.reply_intake import import_mail_files

    with session(ctx) as opened:
        result = import_mail_files(opened, files)
    _render(result, as_json)


@app.command()
def fetch(
    ctx: typer.Context,
    mailbox: list[str] = typer.Option(
        [], "--mailbox", metavar="NAME", help="Only this mailbox (again for more) [all with imap]."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Read the new messages of every mailbox with a [mailboxes.NAME.imap] table, from where
    the last fetch stopped, and store and route the replies (as `replies import` does). The
    mailbox is only read, never changed. A mailbox that cannot be read is reported (exit 1)
    and the others are still read.

    Example:

        leadsift replies fetch --mailbox sales
    """
    from leadsift.app.reply_intake import fetch_mailboxes

    with session(ctx) as opened:
        result = fetch_mailboxes(opened, mailbox or None)
    _render(result, as_json)
    if result.errors:
        raise typer.Exit(1)


@app.command("list")
def list_(
    ctx: typer.Context,
    intent: str | None = typer.Option(None, "--intent", help="Only this intent (or bounce)."),
    person: str | None = typer.Option(None, "--person", help="Only this person (id or email)."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print the replies as JSON."),
) -> None:
    """The replies stored, newest first: who, the intent, how the reply was matched to our
    email and what was done.

    Example:

        leadsift replies list --intent interested
    """
    from leadsift.app.reply_list import find_replies

    with session(ctx) as opened, usage_errors():
        found = find_replies(opened, intent, person, limit)
    if as_json:
        print_json(found)
        return
    table = Table(title=f"Replies ({len(found)})", width=WIDTH)
    for header in ("id", "received", "person", "intent", "matched", "done"):
        table.add_column(header, overflow="fold")
    for reply in found:
        table.add_row(
            str(reply["id"]), f"{reply['received_at']:%Y-%m-%d %H:%M}",
            str(reply["person_id"] or "-"), reply["intent"], reply["matched_by"],
            escape(reply["routed"] or ""),
        )  # fmt: skip
    stdout().print(table)


@app.command()
def classify(
    file: Path = typer.Argument(..., help="JSON Lines: id, subject, body (from, date optional)."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the CSV to FILE (default: standard output).",
        metavar="FILE",
    ),
    today: dt.datetime | None = typer.Option(
        None, "--today", formats=["%Y-%m-%d"],
        help="The day replies without a `date` were sent (default: today).",
    ),
) -> None:  # fmt: skip
    """Classify every reply in FILE: interested, question, objection_timing, objection_budget,
    objection_has_solution, referral, not_interested, unsubscribe, out_of_office,
    wrong_person or auto_reply_other, with a confidence, the return date of an out-of-office
    and a referral's address. English, Spanish and French; runs offline.

    Writes CSV: id, intent, confidence, return_date, referral_email.

    Example:

        leadsift replies classify replies.jsonl -o intents.csv
    """
    from leadsift.app.replies import MAX_BODY_CHARS, classify_file

    result = classify_file(file, output, today.date() if today else None)
    console = stderr()
    summary = ", ".join(f"{name} {count:,}" for name, count in result.by_intent.items())
    where = f" written to {escape(str(output))}" if output else ""
    console.print(
        f"{result.replies:,} replies classified{where}" + (f" ({summary})" if summary else "")
    )
    if result.truncated:
        console.print(
            f"[yellow]{result.truncated:,} bodies longer than {MAX_BODY_CHARS:,} characters "
            "were read up to that length[/]"
        )


def run(argv: list[str] | None = None) -> None:
    """Run this group on its own (`python -m leadsift.cli.replies_cmd`), with the same clean
    error as the `leadsift` command, until it is registered there."""
    from leadsift.domain.errors import LeadsiftError

    try:
        app(args=argv, prog_name="leadsift replies", standalone_mode=True)
    except LeadsiftError as error:
        stderr().print(f"[red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    run()
