"""What a workspace holds: where it is, its schema version, rows per table, recent imports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leadsift.app.session import Session
from leadsift.report.workspace_status import import_log, table_counts
from leadsift.store.inbox import INBOX_FILE, waiting_in
from leadsift.store.migrate import current_revision


@dataclass(frozen=True)
class WorkspaceStatus:
    workspace: str  # the workspace folder
    schema_version: str | None  # the database's migration revision
    counts: dict[str, int]  # rows per table
    imports: list[dict[str, Any]]  # the latest imports, newest first (see import_log)
    # what `leadsift serve` acknowledged and has not moved into the workspace yet, and what
    # the workspace refused (store/inbox.py); None when the workspace was never served
    inbox: dict[str, int] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "schema_version": self.schema_version,
            "counts": dict(self.counts),
            "imports": list(self.imports),
            "inbox": self.inbox,
        }


def workspace_status(session: Session, limit: int = 20) -> WorkspaceStatus:
    """The workspace's folder, schema version, row counts and its `limit` latest imports."""
    with session.reading() as connection:
        counts = table_counts(connection)
        log = import_log(connection, limit)
    return WorkspaceStatus(
        workspace=str(session.workspace.root),
        schema_version=current_revision(session.engine),
        counts=counts,
        imports=log,
        inbox=waiting_in(session.workspace.root / INBOX_FILE),
    )
