"""The audit trail of the application: who did what, when and why, written in the
transaction of the change it describes (a change and its entry land together or not at
all). An entry names people by id and counts them; it never holds an erased person's
identifiers."""

from __future__ import annotations

import getpass
from typing import Any

import sqlalchemy as sa

from leadsift.access import audit
from leadsift.app.session import Session

__all__ = ["actor", "audit_entries", "entry", "note"]


def actor() -> str:
    """Who runs a command, for the audit log (the operating system's user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def entry(connection: sa.Connection, action: str, detail: dict[str, Any], by: str | None) -> None:
    """One entry in the caller's transaction: `by` is a dashboard user's email, else the
    command line's user."""
    audit.record(connection, None, action, {"by": by or actor(), **detail})


def note(session: Session, action: str, detail: dict[str, Any], by: str | None = None) -> None:
    """One entry in a transaction of its own, for what changes nothing in the database
    (an export, an access report): written once the work it describes succeeded."""
    with session.engine.begin() as connection:
        entry(connection, action, detail, by)


def audit_entries(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """The latest audit entries, newest first: when, what, by whom (a user, an API key or
    the command line's user) and the detail (which holds no erased person's data)."""
    from leadsift.store import schema

    a = schema.audit_log
    with session.reading() as connection:
        rows = connection.execute(sa.select(a).order_by(a.c.id.desc()).limit(limit)).all()
    return [
        {"id": r.id, "at": str(r.at), "action": r.action, "api_key_id": r.api_key_id,
         "detail": r.detail or {}}
        for r in rows
    ]  # fmt: skip
