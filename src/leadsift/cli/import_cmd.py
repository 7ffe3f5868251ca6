"""`leadsift import KIND FILE...`: bring files into the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from leadsift.cli.console import (
    print_json,
    progress_bar,
    say_waiting,
    session,
    stderr,
    stdout,
    usage_errors,
)
from leadsift.domain.errors import LeadsiftError
from leadsift.ingest.specs import IMPORT_KINDS, TABLES

if TYPE_CHECKING:
    from leadsift.ingest.importer import FileResult

_DETECT = "files"


class _FilesByDefault(TyperGroup):
    """`leadsift import FILE...`: a first argument that names no table is a file whose
    layout is recognised (the hidden `files` command)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [_DETECT, *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=_FilesByDefault,
    help=(
        "Import files as your tools export them (CSV/TSV in any encoding, JSON, JSON Lines, "
        "Parquet, .gz, .zip): the tool's layout is recognised, or name the table.\n\n"
        "Example: leadsift import hubspot-contacts.csv zoom-attendees.csv sendgrid-events.json\n\n"
        "Example: leadsift import touches email-activity.csv webinar.jsonl"
    ),
    no_args_is_help=True,
)

_NOUNS = {
    "contacts": "people",
    "touches": "touches",
    "campaigns": "campaigns",
    "metrics": "metric rows",
}


class ImportRejectedError(LeadsiftError):
    """At least one file was rejected; the messages were already printed."""


def _run_import(
    ctx: typer.Context,
    kind: str | None,
    files: list[Path],
    column_map: str | None,
    check: bool,
    campaign: str | None,
    timezone: str | None,
    as_json: bool,
) -> None:
    from leadsift.app.imports import ImportRequest, import_files

    with usage_errors():
        request = ImportRequest(
            column_map=column_map, check=check, campaign=campaign, timezone=timezone
        )
    with session(ctx) as opened, progress_bar(not as_json) as bar:
        tasks: dict[str, object] = {}

        def advance(file: str, rows: int, fraction: float) -> None:
            if file not in tasks:
                tasks[file] = bar.add_task(f"{Path(file).name}", total=1000)
            bar.update(tasks[file], completed=int(fraction * 1000))  # type: ignore[arg-type]

        outcome = import_files(opened, kind, files, request, advance, say_waiting)
    results, errors = outcome.results, outcome.rejected
    err = stderr()
    for result in results:
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}")
    if as_json:
        print_json(outcome.as_dict())
    else:
        _print_results(results, check)
    for error in errors:
        err.print(f"[red]error:[/] {escape(error.render())}", highlight=False)
    if errors:
        raise ImportRejectedError(f"{len(errors)} of {len(files)} file(s) rejected")


def describe(result: FileResult, check: bool) -> str:
    """`mailchimp-audience: 19 people, 0 touches` (what a file gave, by its layout)."""
    from leadsift.ingest.importer import NO_ONE

    layout = ", ".join(result.maps) or f"{result.kind} (leadsift columns)"
    if result.status == "unchanged":
        return f"{layout}: imported before, nothing new"
    counted = "read" if check else "new"
    parts = [
        f"{(c.read if check else c.new):,} {_NOUNS.get(t, t)}" for t, c in result.tables.items()
    ]
    if result.tables and "touches" not in result.tables and "contacts" in result.tables:
        parts.append("0 touches")
    text = f"{layout}: {', '.join(parts) or 'nothing'}"
    if check:
        text += f" ({counted}; nothing written)"
    if result.left_out:
        listed = ", ".join(f"{value} {n:,}" for value, n in result.left_out.most_common())
        why = "rows left out" if NO_ONE not in result.left_out else "left out"
        text += f"; {why}: {listed}"
    if result.suppressed:
        text += f"; {result.suppressed:,} rows of suppressed people skipped"
    return text


def _print_results(results: list[FileResult], check: bool) -> None:
    if not results:
        return
    table = Table(title="Checked (nothing written)" if check else "Imported")
    for header in ("file", "recognised as, and what it gave", "status"):
        table.add_column(header, overflow="fold")
    for result in results:
        table.add_row(escape(result.file.name), escape(describe(result, check)), result.status)
    stdout().print(table)


def _make_command(kind: str | None) -> None:
    """`import KIND FILE...` for each table, and the hidden `files` command behind
    `import FILE...` (kind None: the layout is recognised)."""

    def command(
        ctx: typer.Context,
        files: list[Path] = typer.Argument(..., help="Files to import.", metavar="FILE..."),
        column_map: str | None = typer.Option(
            None, "--map", help="A column map: a built-in name or a MAP.toml file.", metavar="MAP"
        ),
        check: bool = typer.Option(False, "--check", help="Validate only; write nothing."),
        campaign: str | None = typer.Option(
            None, "--campaign", help="Campaign for rows that name none."
        ),
        timezone: str | None = typer.Option(
            None,
            "--timezone",
            help="IANA zone of timestamps written without an offset (default UTC).",
            metavar="ZONE",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    ) -> None:
        _run_import(ctx, kind, files, column_map, check, campaign, timezone, as_json)

    if kind is None:
        command.__doc__ = """Import files as your tools exported them: each file's layout is
        recognised.

        Example:

            leadsift import hubspot-contacts.csv attendees.csv --campaign "June webinar"
        """
        app.command(name=_DETECT, hidden=True)(command)
        return
    columns = ", ".join(TABLES[kind].column_names)
    command.__doc__ = f"""Import {kind} files: leadsift's own columns, or a tool's export (--map).

    Columns: {columns}. Unknown columns are kept as attributes. Re-importing a file,
    or an overlapping one, never stores a row twice. A file with any bad row is rejected
    whole, with the file, line, column and reason of each problem.

    Example:

        leadsift import {kind} {kind}.csv more-{kind}.jsonl

        leadsift import {kind} export.csv --map MAP.toml --check
    """
    app.command(name=kind)(command)


for _kind in (*IMPORT_KINDS, None):
    _make_command(_kind)


@app.command(name="maps")
def list_maps(
    as_json: bool = typer.Option(False, "--json", help="Print the maps as JSON."),
) -> None:
    """List the built-in column maps: each tool's export layout leadsift recognises, the
    tables it yields and where the layout is documented.

    Example:

        leadsift import maps

        leadsift import attendees.csv --map zoom-webinar-attendees --campaign "May webinar"
    """
    from leadsift.app.imports import MAPS_DOCS
    from leadsift.app.imports import list_maps as builtin_maps

    maps = builtin_maps()
    if as_json:
        print_json([m.as_dict() for m in maps])
        return
    table = Table(title=f"Built-in column maps (layouts and sources: {MAPS_DOCS})")
    table.add_column("name", no_wrap=True)
    for header in ("tool", "yields", "export"):
        table.add_column(header, overflow="fold")
    for m in maps:
        table.add_row(m.name, m.tool, ", ".join(m.yields), m.description)
    stdout().print(table)
