"""`leadsift status`: what the workspace holds."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from leadsift.cli.console import print_json, session, stdout


def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
    limit: int = typer.Option(20, "--limit", help="Show this many recent imports.", min=0),
) -> None:
    """Show the workspace: its database, row counts and recent imports.

    Example:

        leadsift status

        leadsift --workspace acme-q3 status --json
    """
    from leadsift.app.status import workspace_status

    with session(ctx) as opened:
        found = workspace_status(opened, limit)
    if as_json:
        print_json(found.as_dict())
        return
    counts, log, revision = found.counts, found.imports, found.schema_version
    console = stdout()
    console.print(f"Workspace [bold]{escape(found.workspace)}[/] (schema {revision})")
    table = Table(title="Rows")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    if log:
        imports = Table(title="Recent imports")
        for header in ("#", "read as", "file", "rows read", "new rows", "when"):
            imports.add_column(header, justify="right" if "rows" in header else "left")
        for entry in log:
            imports.add_row(
                str(entry["id"]),
                escape(entry["column_map"] or entry["kind"]),
                escape(entry["file"]),
                f"{entry['rows_read']:,}",
                f"{entry['rows_new']:,}",
                entry["finished_at"][:19],
            )
        console.print(imports)
    inbox = found.inbox
    if inbox and (inbox["calls"] or inbox["refused"]):
        console.print(
            f"leadsift serve: {inbox['calls']:,} acknowledged calls not yet in the workspace"
            + (
                f"; {inbox['refused']:,} deliveries refused (see docs/service.md)"
                if inbox["refused"]
                else ""
            )
        )
