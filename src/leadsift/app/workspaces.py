"""Workspaces: a folder with leadsift.toml (commented settings) and its database."""

from __future__ import annotations

from pathlib import Path

from leadsift.workspace.workspace import Workspace, init_workspace

__all__ = ["Workspace", "create_workspace"]


def create_workspace(directory: Path, database_url: str | None = None) -> Workspace:
    """Create a workspace in `directory` (made if missing): leadsift.toml and its database
    at the latest schema, a SQLite file leadsift.db in the folder unless `database_url`
    names another. A folder that is already a workspace, or a URL leadsift cannot use, is
    a WorkspaceError."""
    return init_workspace(directory, database_url)
