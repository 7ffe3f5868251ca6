"""API keys for `leadsift serve`: created (shown once, stored as a hash), listed, revoked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from leadsift.access import keys
from leadsift.access.keys import SCOPES, ApiKey
from leadsift.app.audit import entry
from leadsift.app.session import OnWait, Session

__all__ = ["SCOPES", "ApiKey", "CreatedKey", "create_key", "key_dict", "list_keys", "revoke_key"]


def key_dict(key: ApiKey) -> dict[str, Any]:
    """A key's record (never the key itself) as JSON-ready values."""
    return dict(key.__dict__)


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    text: str  # the key itself: shown this once, never stored

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.key.id, "name": self.key.name, "scope": self.key.scope, "key": self.text}


def create_key(
    session: Session,
    scope: str,
    name: str | None = None,
    on_wait: OnWait | None = None,
    by: str | None = None,
) -> CreatedKey:
    """Create a key with this scope (ingest, read or admin; another is a LeadsiftError)
    and name (default: "SCOPE key"), under the write lock; `by` (a user's email, else the
    command line's user) goes into the audit log."""
    with session.writing("leadsift keys create", on_wait) as connection:
        key, text = keys.create_key(connection, scope, name)
        entry(connection, "keys.create", {"key_id": key.id, "scope": key.scope}, by)
    return CreatedKey(key, text)


def list_keys(session: Session) -> list[ApiKey]:
    """Every key, oldest first, revoked ones included."""
    with session.reading() as connection:
        return keys.list_keys(connection)


def revoke_key(
    session: Session, key_id: int, on_wait: OnWait | None = None, by: str | None = None
) -> ApiKey:
    """Revoke an active key (no such active key: a LeadsiftError); returns it as it is now."""
    with session.writing("leadsift keys revoke", on_wait) as connection:
        key = keys.revoke_key(connection, key_id)
        entry(connection, "keys.revoke", {"key_id": key.id}, by)
    return key
