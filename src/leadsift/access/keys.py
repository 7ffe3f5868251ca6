"""API keys: created once and shown once, kept only as a hash, scoped, revocable.

A key is `lsk_` and 43 URL-safe characters (256 random bits). Only its SHA-256 is stored:
with that much entropy no one can search the hashes, so a slow password hash would only
slow every request. Scopes nest: `admin` may do everything, `read` may read, `ingest` may
only send events (a website's tracking snippet holds it, so it must not read people).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

import sqlalchemy as sa

from leadsift.domain.errors import LeadsiftError
from leadsift.store import schema

Scope = Literal["ingest", "read", "admin"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
_PREFIX = "lsk_"
_ALLOWS: dict[str, frozenset[str]] = {
    "ingest": frozenset({"ingest"}),
    "read": frozenset({"read"}),
    "admin": frozenset({"ingest", "read", "admin"}),
}


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    scope: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def allows(self, needed: str) -> bool:
        return needed in _ALLOWS.get(self.scope, frozenset())


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(
    connection: sa.Connection, scope: str, name: str | None = None
) -> tuple[ApiKey, str]:
    """A new key and its text, which is never stored and cannot be shown again."""
    if scope not in SCOPES:
        raise LeadsiftError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    text = _PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    label, prefix = name or f"{scope} key", text[:12]
    inserted = connection.execute(
        schema.api_keys.insert().values(
            name=label, scope=scope, prefix=prefix, key_hash=_hash(text), created_at=now
        )
    )
    key_id = inserted.inserted_primary_key
    assert key_id is not None
    return ApiKey(int(key_id[0]), label, scope, prefix, now, None, None), text


def _row(row: sa.Row[tuple[object, ...]]) -> ApiKey:
    m = row._mapping
    return ApiKey(
        int(m["id"]), str(m["name"]), str(m["scope"]), str(m["prefix"]),
        m["created_at"], m["revoked_at"], m["last_used_at"],
    )  # fmt: skip


def list_keys(connection: sa.Connection) -> list[ApiKey]:
    k = schema.api_keys
    columns = [k.c[c] for c in ("id", "name", "scope", "prefix", "created_at", "revoked_at",
                                "last_used_at")]  # fmt: skip
    return [_row(row) for row in connection.execute(sa.select(*columns).order_by(k.c.id))]


def revoke_key(connection: sa.Connection, key_id: int) -> ApiKey:
    k = schema.api_keys
    done = connection.execute(
        k.update()
        .where(k.c.id == key_id, k.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    if not done.rowcount:
        raise LeadsiftError(f"no active API key {key_id} (see `leadsift keys list`)")
    return next(key for key in list_keys(connection) if key.id == key_id)


def mark_used(connection: sa.Connection, key: ApiKey) -> None:
    """Note when a key was last used, at most once a minute (a write per request would make
    every read a write)."""
    now = datetime.now(UTC)
    last = key.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)  # SQLite hands back UTC times without their zone
    if last is not None and (now - last).total_seconds() < 60:
        return
    k = schema.api_keys
    connection.execute(k.update().where(k.c.id == key.id).values(last_used_at=now))


def authenticate(connection: sa.Connection, presented: str) -> ApiKey | None:
    """The active key whose text this is, or None."""
    if not presented.startswith(_PREFIX):
        return None
    k = schema.api_keys
    digest = _hash(presented)
    row = connection.execute(
        sa.select(k.c.id, k.c.key_hash).where(k.c.key_hash == digest, k.c.revoked_at.is_(None))
    ).first()
    # the lookup is by hash; compare again in constant time so timing says nothing either
    if row is None or not hmac.compare_digest(str(row.key_hash), digest):
        return None
    return next(key for key in list_keys(connection) if key.id == int(row.id))
