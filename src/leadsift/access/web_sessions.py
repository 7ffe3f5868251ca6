"""Dashboard sessions: a random id in the browser's cookie, only its SHA-256 in the database.

A session id is 256 random bits (`secrets.token_urlsafe(32)`), so a fast hash is enough: a
stolen copy of the database gives no cookie that works. Each session has its own CSRF token,
which every form posts back. A session ends when its user logs out, when it has been idle
longer than the idle limit, or at the latest `LONGEST` after it began.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from leadsift.access.users import User, user_by_id
from leadsift.store import schema

IDLE = timedelta(hours=12)
LONGEST = timedelta(days=7)
# last_seen_at is written at most this often (a write per page view would make reads writes)
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class WebSession:
    user: User
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


def session_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(stamp: datetime) -> datetime:
    # SQLite hands back UTC times without their zone
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp


def start(connection: sa.Connection, user: User) -> tuple[str, WebSession]:
    """A new session for `user`: the id for the cookie (never stored) and the session."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    connection.execute(
        schema.web_sessions.insert().values(
            id_hash=session_hash(token), user_id=user.id, csrf_token=csrf,
            created_at=now, last_seen_at=now,
        )
    )  # fmt: skip
    return token, WebSession(user, csrf, now, now)


def find(
    connection: sa.Connection, token: str, idle: timedelta = IDLE, now: datetime | None = None
) -> WebSession | None:
    """The live session with this id, its last use noted; None for an unknown, expired or
    ended one (an expired one is deleted)."""
    s = schema.web_sessions
    digest = session_hash(token)
    row = connection.execute(sa.select(s).where(s.c.id_hash == digest)).first()
    if row is None or not hmac.compare_digest(str(row.id_hash), digest):
        return None
    now = now or datetime.now(UTC)
    created, seen = _utc(row.created_at), _utc(row.last_seen_at)
    user = user_by_id(connection, int(row.user_id))
    if user is None or now - seen > idle or now - created > LONGEST:
        connection.execute(s.delete().where(s.c.id_hash == digest))
        return None
    if now - seen >= _TOUCH_EVERY:
        connection.execute(s.update().where(s.c.id_hash == digest).values(last_seen_at=now))
        seen = now
    return WebSession(user, str(row.csrf_token), created, seen)


def end(connection: sa.Connection, token: str) -> None:
    """Delete the session with this id (logging out)."""
    s = schema.web_sessions
    connection.execute(s.delete().where(s.c.id_hash == session_hash(token)))


def purge(connection: sa.Connection, now: datetime | None = None, idle: timedelta = IDLE) -> int:
    """Delete every expired session; returns how many."""
    now = now or datetime.now(UTC)
    s = schema.web_sessions
    done = connection.execute(
        s.delete().where(sa.or_(s.c.last_seen_at < now - idle, s.c.created_at < now - LONGEST))
    )
    return int(done.rowcount or 0)
