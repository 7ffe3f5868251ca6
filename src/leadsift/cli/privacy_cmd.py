"""`leadsift people erase|suppress|report` and `leadsift audit`: requests about personal
data, and the log of who changed what."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, say_waiting, session, stderr, stdout


def erase(
    ctx: typer.Context,
    people: list[str] = typer.Argument(..., help="Email addresses or person ids."),
    reason: str = typer.Option("", "--reason", help="Why (kept in the audit log).", metavar="TEXT"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask before erasing."),
    as_json: bool = typer.Option(False, "--json", help="Print what was done as JSON."),
) -> None:
    """Erase people, so that nothing of them is left and they do not come back.

    Their records, identifiers, profiles, links, scores, reasons and stage history go; their
    touches and outcomes stay as anonymous counts; their identifiers are
    kept only as keyed hashes so that a later import or event does not bring them back;
    files leadsift wrote in the workspace are cleaned, and the database's freed bytes are
    overwritten. An email that matches no one is suppressed all the same.

    Example:

        leadsift people erase ann@riversidefp.example --reason "GDPR request 2026-118" --yes
    """
    from leadsift.app.privacy import erase_people

    if not yes:
        if not sys.stdin.isatty():
            raise typer.BadParameter(
                "erasing cannot be undone: confirm with --yes", param_hint="--yes"
            )
        typer.confirm(f"Erase {', '.join(people)}? This cannot be undone.", abort=True)
    with session(ctx) as opened:
        done = erase_people(opened, people, reason, on_wait=say_waiting)
    if as_json:
        print_json(done.as_dict())
        return
    stdout().print(
        f"erased {_people(len(done.people))}; {done.suppressed_forms:,} identifier forms "
        f"suppressed; rows changed: "
        + (", ".join(f"{t} {n:,}" for t, n in sorted(done.rows.items()) if n) or "none")
    )
    for reference in done.matched_no_one:
        stdout().print(f"{escape(reference)} matched no one: suppressed all the same")
    if done.files:
        stdout().print("files cleaned: " + escape(", ".join(done.files)))


def suppress(
    ctx: typer.Context,
    emails: list[str] = typer.Argument(..., help="Email addresses."),
    reason: str = typer.Option("", "--reason", help="Why (kept in the audit log).", metavar="TEXT"),
) -> None:
    """Do not contact these people again (no export names them).

    No call list, segment or CRM file names them again. Their data stays; `people erase`
    removes it.

    Example:

        leadsift people suppress bo@example.com --reason "asked by phone"
    """
    from leadsift.app.privacy import suppress_identifiers

    with session(ctx) as opened:
        forms = suppress_identifiers(opened, emails, reason)
    stdout().print(f"{_people(len(emails))} suppressed ({forms:,} identifier forms listed)")


def report(
    ctx: typer.Context,
    person: str = typer.Argument(..., help="An email address or a person id."),
    output: Path = typer.Option(..., "-o", "--output", help="The JSON file to write."),
) -> None:
    """Write everything held about a person to a JSON file (an access request).

    Attributes and their sources, observations, identifiers, score and reasons, stages, every touch
    with its flag, outcomes, and whether they are suppressed.

    Example:

        leadsift people report ann@riversidefp.example -o ann.json
    """
    from leadsift.app.privacy import access_report
    from leadsift.domain.errors import LeadsiftError

    with session(ctx) as opened:
        held = access_report(opened, person)
    try:
        output.write_text(json.dumps(held, indent=2, default=str) + "\n", encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
    stderr().print(f"everything held about person {held['person_id']} written to {output}")


def audit(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many."),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
) -> None:
    """List the audit log, newest first.

    Erasures, suppressions, access reports, merges, splits, exports, uploads, keys and
    users, with who did them and why.

    Example:

        leadsift audit --limit 20
    """
    from leadsift.app.audit import audit_entries

    with session(ctx) as opened:
        entries = audit_entries(opened, limit)
    if as_json:
        print_json(entries)
        return
    table = Table(title=f"Audit log ({len(entries)})")
    for header in ("when", "action", "by", "detail"):
        table.add_column(header, overflow="fold")
    for entry in entries:
        detail = dict(entry["detail"])
        by = detail.pop("by", None) or (f"key {entry['api_key_id']}" if entry["api_key_id"] else "")
        table.add_row(entry["at"][:19], entry["action"], escape(str(by)),
                      escape(json.dumps(detail, default=str)))  # fmt: skip
    stdout().print(table)


def expire(
    ctx: typer.Context,
    days: int | None = typer.Option(
        None, "--days", min=1, help="Quiet for this many days. [[privacy] retain_days]"
    ),
    yes: bool = typer.Option(False, "--yes", help="Erase them (without: only say who)."),
) -> None:
    """Erase the people who have gone quiet: no touch and no new record for [privacy]
    retain_days days. Without --yes, only counts them.

    Example:

        leadsift people expire --days 730            # how many

        leadsift people expire --days 730 --yes      # erase them
    """
    from leadsift.app.privacy import erase_people, quiet_people

    with session(ctx) as opened:
        quiet = quiet_people(opened, days)
        if not yes or not quiet:
            more = " (run again with --yes to erase them)" if quiet else ""
            stdout().print(f"{_people(len(quiet))} with no activity in that time{more}")
            return
        done = erase_people(opened, [str(p) for p in quiet], "retention", on_wait=say_waiting)
    stdout().print(f"erased {_people(len(done.people))} with no activity in that time")


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"
