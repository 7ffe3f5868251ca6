"""`leadsift import KIND FILE...`: bring files into the workspace."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, progress_bar, stderr, stdout, workspace
from leadsift.domain.errors import LeadsiftError
from leadsift.ingest.column_map import builtin_maps, load_map
from leadsift.ingest.importer import FileResult, ImportOptions, import_files
from leadsift.ingest.specs import TABLES

app = typer.Typer(
    help=(
        "Import files (CSV, TSV, JSON Lines, Parquet) into the workspace.\n\n"
        "Example: leadsift import touches email-activity.csv webinar.jsonl"
    ),
    no_args_is_help=True,
)


class ImportRejectedError(LeadsiftError):
    """At least one file was rejected; the messages were already printed."""


def _run_import(
    ctx: typer.Context,
    kind: str,
    files: list[Path],
    column_map: str | None,
    check: bool,
    campaign: str | None,
    timezone: str | None,
    as_json: bool,
) -> None:
    ws = workspace(ctx)
    if timezone is not None:
        _check_timezone(timezone)
    mapping = load_map(column_map) if column_map else None
    if mapping is not None and mapping.kind is not None and mapping.kind != kind:
        raise LeadsiftError(f"map {mapping.name!r} is for {mapping.kind}, not for {kind}")
    options = ImportOptions(
        batch_rows=ws.settings.imports.batch_rows,
        default_currency=ws.settings.imports.default_currency,
        column_map=mapping,
        campaign=campaign,
        timezone=timezone,
        check_only=check,
    )
    engine = ws.connect()
    try:
        with progress_bar(not as_json) as bar:
            tasks: dict[str, object] = {}

            def advance(file: str, rows: int, fraction: float) -> None:
                if file not in tasks:
                    tasks[file] = bar.add_task(f"{Path(file).name}", total=1000)
                bar.update(tasks[file], completed=int(fraction * 1000))  # type: ignore[arg-type]

            results, errors = import_files(engine, kind, files, options, advance)
    finally:
        engine.dispose()
    err = stderr()
    for result in results:
        for warning in result.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}")
    if as_json:
        print_json(
            {
                "files": [_result_json(r) for r in results],
                "rejected": [
                    {
                        "file": e.file,
                        "problems": [p.__dict__ for p in e.problems],
                        "total": e.total,
                    }
                    for e in errors
                ],
            }
        )
    else:
        _print_results(results, check)
    for error in errors:
        err.print(f"[red]error:[/] {escape(error.render())}", highlight=False)
    if errors:
        raise ImportRejectedError(f"{len(errors)} of {len(files)} file(s) rejected")


def _check_timezone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(
            f"{name!r} is not an IANA time zone such as America/Chicago", param_hint="--timezone"
        ) from None


def _result_json(result: FileResult) -> dict[str, object]:
    return {
        "file": str(result.file),
        "kind": result.kind,
        "status": result.status,
        "rows_read": result.rows_read,
        "rows_new": result.rows_new,
        "warnings": result.warnings,
    }


def _print_results(results: list[FileResult], check: bool) -> None:
    if not results:
        return
    table = Table(title="Checked (nothing written)" if check else "Imported")
    for header in ("file", "status", "rows read", "new rows"):
        table.add_column(header, justify="right" if "rows" in header else "left")
    for result in results:
        table.add_row(
            escape(str(result.file)),
            result.status,
            f"{result.rows_read:,}",
            "-" if check else f"{result.rows_new:,}",
        )
    stdout().print(table)


def _make_command(kind: str) -> None:
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

    columns = ", ".join(TABLES[kind].column_names)
    command.__doc__ = f"""Import {kind} files.

    Columns: {columns}. Unknown columns are kept as attributes. Re-importing a file,
    or an overlapping one, never stores a row twice. A file with any bad row is rejected
    whole, with the file, line, column and reason of each problem.

    Example:

        leadsift import {kind} {kind}.csv more-{kind}.jsonl

        leadsift import {kind} export.csv --map MAP.toml --check
    """
    app.command(name=kind)(command)


for _kind in TABLES:
    _make_command(_kind)


@app.command(name="maps")
def list_maps(
    as_json: bool = typer.Option(False, "--json", help="Print the maps as JSON."),
) -> None:
    """List the built-in column maps for real tools' export files.

    Example:

        leadsift import maps

        leadsift import touches attendees.csv --map zoom-webinar-attendees --campaign "May webinar"
    """
    maps = [load_map(str(path)) for _, path in sorted(builtin_maps().items())]
    if as_json:
        print_json(
            [
                {
                    "name": m.name,
                    "kind": m.kind,
                    "description": m.description,
                    "reference": m.reference,
                }
                for m in maps
            ]
        )
        return
    table = Table(title="Built-in column maps")
    for header in ("name", "imports", "for"):
        table.add_column(header)
    for m in maps:
        table.add_row(m.name, m.kind or "any", m.description)
    stdout().print(table)
