"""`leadsift replies classify`: what each reply to our outreach means."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.markup import escape

from leadsift.cli.console import stderr

app = typer.Typer(
    help=(
        "Read the replies to your outreach: intent, out-of-office return dates, referrals.\n\n"
        "Example: leadsift replies classify replies.jsonl -o intents.csv"
    ),
    no_args_is_help=True,
)


@app.callback()
def _group() -> None:
    """Keeps `classify` a sub-command even while it is the only one."""


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
