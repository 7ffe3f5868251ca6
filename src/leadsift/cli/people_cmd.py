"""`leadsift people duplicates|resolve|split|export|show`: review how records became people."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, say_waiting, stderr, stdout, workspace
from leadsift.domain.errors import LeadsiftError
from leadsift.export.csv_cells import write_rows
from leadsift.identity.records import EXPORT_COLUMNS, source_records

app = typer.Typer(
    help=(
        "Review identity resolution: probable duplicates, and every record's person.\n\n"
        "Example: leadsift people duplicates --threshold 0.99"
    ),
    no_args_is_help=True,
)


_SHOWN = ("email", "first_name", "last_name", "company", "phone")


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
    from leadsift.identity.links import likely_duplicates

    ws = workspace(ctx)
    with ws.opened() as engine, engine.connect() as connection:
        pairs, contacts = likely_duplicates(connection, ws.settings.identity, threshold, limit)
    by_id = contacts.set_index("id")
    rows = []
    for left, right, probability in zip(
        pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
    ):
        a, b = by_id.loc[int(left)], by_id.loc[int(right)]
        rows.append(
            {
                "contact_id_l": int(left), "contact_id_r": int(right),
                "match_probability": round(float(probability), 6),
                "left": {k: a[k] for k in _SHOWN},
                "right": {k: b[k] for k in _SHOWN},
            }
        )  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Probable duplicates ({len(rows)})")
    for header in ("probability", "record", "record"):
        table.add_column(header)
    for row in rows:

        def show(side: dict[str, object]) -> str:
            name = " ".join(str(side[k]) for k in ("first_name", "last_name") if side[k])
            return escape(f"{name}\n{side['email'] or ''}\n{side['company'] or ''}")

        table.add_row(f"{row['match_probability']:.4f}", show(row["left"]), show(row["right"]))  # type: ignore[arg-type]
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
    from leadsift.identity.links import resolve_links

    ws = workspace(ctx)
    with (
        ws.writing("leadsift people resolve", say_waiting),
        ws.opened() as engine,
        engine.begin() as connection,
    ):
        summary = resolve_links(
            connection, ws.settings.identity, threshold=threshold, retrain=retrain
        )
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
    from leadsift.identity.links import split_person

    ws = workspace(ctx)
    with (
        ws.writing("leadsift people split", say_waiting),
        ws.opened() as engine,
        engine.begin() as connection,
    ):
        rejected = split_person(connection, person_id)
    if rejected == 0:
        raise LeadsiftError(f"person {person_id} has no probabilistic links to undo")
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
    ws = workspace(ctx)
    with ws.opened() as engine, engine.connect() as connection:
        records = source_records(connection)
    rows = records.astype(object).where(records.notna(), None).itertuples(index=False)
    if output is None:
        count = write_rows(sys.stdout, EXPORT_COLUMNS, rows)
    else:
        try:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = write_rows(stream, EXPORT_COLUMNS, rows)
        except OSError as exc:
            raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
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
    from leadsift.identity.profile import person_profile

    ws = workspace(ctx)
    with ws.opened() as engine, engine.connect() as connection:
        profile = person_profile(connection, person, ws.settings.identity.source_priority)
    if as_json:
        print_json(profile.__dict__)
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
    if profile.touches:
        out.print("touches: " + ", ".join(f"{k} {n}" for k, n in sorted(profile.touches.items())))
