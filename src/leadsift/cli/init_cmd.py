"""`leadsift init`: create a workspace."""

from __future__ import annotations

from pathlib import Path

import typer

from leadsift.cli.console import stdout


def init(
    directory: Path = typer.Argument(Path("."), help="Folder of the new workspace."),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL; default: a SQLite file leadsift.db in DIRECTORY.",
        metavar="URL",
    ),
) -> None:
    """Create a workspace: leadsift.toml (commented settings) and its database.

    Example:

        leadsift init acme-q3

        leadsift init shared --db postgresql://me@db.example.com/leadsift
    """
    from leadsift.app.workspaces import create_workspace

    workspace = create_workspace(directory, db)
    console = stdout()
    console.print(f"Created workspace [bold]{workspace.root}[/]")
    console.print(f"  settings: {workspace.settings_path}")
    console.print(f"  database: {workspace.settings.database.url}")
    console.print("Next: edit the \\[target] section, then `leadsift import contacts FILE`.")
