"""Dashboard users and their sessions: adding, listing and removing users (`leadsift users`),
logging in (argon2, rate-limited), the session behind a cookie, logging out, and the audit
entries of what a user changed.

Adding and removing users takes the workspace's write lock, as every command's write does.
The bookkeeping of logins (a session begun, ended or seen, a failure counted) is a single
small row written in its own transaction, as the service notes an API key's use: it must
not wait behind an import's lock for a person to log in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from leadsift.access import users, web_sessions
from leadsift.access.users import MIN_PASSWORD, ROLES, User
from leadsift.access.web_sessions import IDLE, WebSession
from leadsift.app.audit import entry, note
from leadsift.app.session import OnWait, Session
from leadsift.domain.errors import LeadsiftError

__all__ = [
    "FAILURES_ALLOWED", "FAILURE_WINDOW", "MIN_PASSWORD", "ROLES", "LoginRefused",
    "TooManyFailures", "User", "WebSession", "add_user", "current_session", "list_users",
    "log_in", "log_out", "record_action", "remove_user", "user_dict",
]  # fmt: skip

# a sixth failed login for one email from one address within 15 minutes is refused unseen
FAILURES_ALLOWED = 5
FAILURE_WINDOW = timedelta(minutes=15)


class LoginRefused(LeadsiftError):
    """Wrong email or password (which of the two is not said)."""


class TooManyFailures(LeadsiftError):
    """Too many failed logins for this email from this address: wait, then try again."""


def user_dict(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "created_at": user.created_at.isoformat(),
    }


def add_user(
    session: Session, email: str, role: str, password: str, on_wait: OnWait | None = None
) -> User:
    """Add a user with this role (admin, marketer, viewer) and password (at least
    MIN_PASSWORD characters; only its argon2 hash is stored), under the write lock."""
    with session.writing("leadsift users add", on_wait) as connection:
        user = users.add_user(connection, email, role, password)
        entry(connection, "users.add", {"user": user.email, "role": user.role}, None)
    return user


def list_users(session: Session) -> list[User]:
    """Every user, by email."""
    with session.reading() as connection:
        return users.list_users(connection)


def remove_user(session: Session, email: str, on_wait: OnWait | None = None) -> User:
    """Remove a user (no such user: a LeadsiftError) and end their sessions."""
    with session.writing("leadsift users remove", on_wait) as connection:
        user = users.remove_user(connection, email)
        entry(connection, "users.remove", {"user": user.email}, None)
    return user


@dataclass(frozen=True)
class LoggedIn:
    token: str  # the session id for the cookie: never stored
    session: WebSession


def log_in(session: Session, email: str, password: str, client: str) -> LoggedIn:
    """Check the password and begin a session. Refused (LoginRefused) for a wrong email or
    password; refused before checking (TooManyFailures) after FAILURES_ALLOWED failures for
    this email from this client address within FAILURE_WINDOW."""
    now = datetime.now(UTC)
    with session.engine.begin() as connection:
        failures = users.failures_since(connection, email, client, now - FAILURE_WINDOW)
    if failures >= FAILURES_ALLOWED:
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise TooManyFailures(
            f"too many failed logins for this email: try again in {minutes} minutes"
        )
    with session.engine.begin() as connection:
        user = users.verify(connection, email, password)
        if user is None:
            users.note_failure(connection, email, client)
        else:
            users.clear_failures(connection, email, client, now - FAILURE_WINDOW)
            web_sessions.purge(connection)
            token, opened = web_sessions.start(connection, user)
    if user is None:
        raise LoginRefused("wrong email or password")
    return LoggedIn(token, opened)


def current_session(session: Session, token: str, idle: timedelta = IDLE) -> WebSession | None:
    """The live session behind a cookie's id, or None (unknown, ended or expired)."""
    with session.engine.begin() as connection:
        return web_sessions.find(connection, token, idle)


def log_out(session: Session, token: str) -> None:
    """End the session behind this id (its row is deleted)."""
    with session.engine.begin() as connection:
        web_sessions.end(connection, token)


def record_action(session: Session, user: User, action: str, detail: dict[str, Any]) -> None:
    """Note in the audit log a change a dashboard user made (`detail` gets their email)."""
    note(session, action, detail, by=user.email)
