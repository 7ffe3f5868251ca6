"""`leadsift people duplicates|resolve|split|export|show`: review how records became people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli import privacy_cmd
from leadsift.cli.console import print_json, say_waiting, session, stderr, stdout

app = typer.Typer(
    help=(
        "Review identity resolution: probable duplicates, and every record's person.\n\n"
        "Example: leadsift people duplicates --threshold 0.99"
    ),
    no_args_is_help=True,
)


@app.command()
def duplicates(
    ctx: typer.Context,
    threshold: float = typer.Option(
        0.99, "--threshold", min=0.0, max=1.0, help="Lowest match probability."
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="Show at most this many pairs."),
    as_json: bool = typer.Option(False, "--json", help="Print the pairs as JSON."),
) -> None:
    """List contact records that are probably the same person (splink, parameters estimated
    from this workspace's own records), most likely first, with the evidence.

    Example:

        leadsift people duplicates --threshold 0.95 --limit 20
    """
    from leadsift.app.people import ContactRecord, duplicate_pairs

    with session(ctx) as opened:
        pairs = duplicate_pairs(opened, threshold, limit)
    if as_json:
        print_json([pair.as_dict() for pair in pairs])
        return
    table = Table(title=f"Probable duplicates ({len(pairs)})")
    for header in ("probability", "record", "record"):
        table.add_column(header)

    def show(side: ContactRecord) -> str:
        name = " ".join(part for part in (side.first_name, side.last_name) if part)
        return escape(f"{name}\n{side.email or ''}\n{side.company or ''}")

    for pair in pairs:
        table.add_row(f"{pair.match_probability:.4f}", show(pair.left), show(pair.right))
    stdout().print(table)


@app.command()
def resolve(
    ctx: typer.Context,
    threshold: float | None = typer.Option(
        None,
        "--threshold",
        min=0.5,
        max=1.0,
        help="Lowest match probability to accept (default: [identity] match_threshold).",
    ),
    retrain: bool = typer.Option(
        False, "--retrain", help="Re-estimate the matcher's parameters from the contacts."
    ),
) -> None:
    """Accept probable duplicates as links (with their probability and evidence); the next
    `leadsift score` joins linked records into one person. `leadsift score` does this itself
    at the configured threshold; use this to accept more at a lower one, or to retrain.
    Undo with `people split`.

    Example:

        leadsift people resolve --threshold 0.95 && leadsift score
    """
    from leadsift.app.people import resolve as resolve_duplicates

    with session(ctx) as opened:
        summary = resolve_duplicates(opened, threshold, retrain, say_waiting)
    trained = " (parameters estimated from the contacts)" if summary.trained else ""
    stdout().print(
        f"{summary.pairs:,} probable pairs among {summary.contacts:,} contacts, "
        f"{summary.new_links:,} new links{trained}; run `leadsift score` to apply them"
    )


@app.command()
def split(
    ctx: typer.Context,
    person_id: int = typer.Argument(..., help="The person to split back into its records."),
) -> None:
    """Undo probabilistic merges: reject every link of this person (they are never proposed
    again); the next `leadsift score` separates the records.

    Example:

        leadsift people split 1234 && leadsift score
    """
    from leadsift.app.people import split as split_person

    with session(ctx) as opened:
        rejected = split_person(opened, person_id, say_waiting)
    stdout().print(f"{rejected:,} links rejected; run `leadsift score` to apply")


@app.command()
def export(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None, "-o", "--output", help="CSV to write (default: standard output).", metavar="FILE"
    ),
) -> None:
    """Write one row per source record (each observation of a person, each identifier
    combination seen in touches) with the person it was resolved to: person_id, source,
    source_row, email, phone, handle, first_name, last_name, company, title, and for
    observations where they came from (source_type, source_id, observed_at, file,
    column_map). Run `leadsift score` first.

    Example:

        leadsift people export -o people.csv
    """
    from leadsift.app.people import export_records

    with session(ctx) as opened:
        count = export_records(opened, output or sys.stdout)
    stderr().print(f"{count:,} records" + (f" written to {output}" if output else ""))


@app.command()
def show(
    ctx: typer.Context,
    person: str = typer.Argument(..., help="A person id, or an email address of theirs."),
    as_json: bool = typer.Option(False, "--json", help="Print the person as JSON."),
) -> None:
    """Show one person: their current attributes and where each value came from (source,
    file, time observed), every observation of them, their identifiers and their score.

    Example:

        leadsift people show ana.ruiz@example.com
    """
    from leadsift.app.people import person_view

    with session(ctx) as opened:
        profile = person_view(opened, person)
    if as_json:
        print_json(profile.as_dict())
        return
    out = stdout()
    score = profile.score or {}
    stage = f" · {score['stage']}, fit {score['fit']}, intent {score['intent']}" if score else ""
    out.print(f"[bold]Person {profile.person_id}[/]{escape(stage)}")
    table = Table(title="Current attributes, and where each came from")
    for header in ("attribute", "value", "source", "observed", "file"):
        table.add_column(header, overflow="fold")
    for row in profile.attributes:
        source = row["column_map"] or row["source_type"] or ""
        if row["source_id"]:
            source += f" #{row['source_id']}"
        table.add_row(
            row["attribute"], escape(str(row["value"])), escape(source),
            str(row["observed"] or "")[:16], escape(Path(str(row["file"] or "")).name),
        )  # fmt: skip
    out.print(table)
    out.print(
        f"{len(profile.observations)} observation(s); identifiers: "
        + escape(", ".join(f"{i['kind']} {i['value']}" for i in profile.identities))
    )
    out.print(escape(_consent_line(profile.consent)))
    if profile.touches:
        out.print("touches: " + ", ".join(f"{k} {n}" for k, n in sorted(profile.touches.items())))


def _consent_line(consent: dict[str, Any]) -> str:
    basis = str(consent.get("basis") or "none stated").replace("_", " ")
    line = f"lawful basis: {basis}"
    if consent.get("basis_source"):
        line += f" (from {consent['basis_source']})"
    if consent.get("consent_at"):
        line += f"; opted in {str(consent['consent_at'])[:10]}"
        if consent.get("consent_ip"):
            line += f" from {consent['consent_ip']}"
    if consent.get("withdrawn"):
        line += f"; consent withdrawn {str(consent['withdrawn_at'] or '')[:10]}".rstrip()
    return line


# the privacy requests are people commands too (erase, suppress, report): cli/privacy_cmd.py
app.command()(privacy_cmd.erase)
app.command()(privacy_cmd.suppress)
app.command()(privacy_cmd.report)
app.command()(privacy_cmd.expire)
