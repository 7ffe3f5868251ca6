"""Dashboard users: an email, a role, an argon2 password hash; and the failed logins that
the rate limit counts.

Roles nest: `admin` may do everything (API keys included), `marketer` may change data
(imports, splitting merges), `viewer` may only look. Passwords are hashed with argon2id
(argon2-cffi's defaults); only the hash is stored. Failed logins are kept per email and
client address, so that one address guessing at one account is slowed down without
locking the account's owner out from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from leadsift.domain.errors import LeadsiftError
from leadsift.store import schema

Role = Literal["admin", "marketer", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
_RANK = {"viewer": 0, "marketer": 1, "admin": 2}
MIN_PASSWORD = 12

_hasher = PasswordHasher()
# verified against when no user has the email, so an unknown email takes as long as a
# wrong password (timing does not tell which emails have accounts)
_DUMMY_HASH = _hasher.hash("leadsift: no such user")


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    created_at: datetime

    def may(self, role: str) -> bool:
        """Whether this user's role covers `role` (admin > marketer > viewer)."""
        return _RANK.get(self.role, -1) >= _RANK[role]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    """The email as stored (trimmed, lower case); one without a single @ is refused."""
    cleaned = normalise_email(email)
    local, at, domain = cleaned.partition("@")
    if not at or not local or "." not in domain or "@" in domain or len(cleaned) > 320:
        raise LeadsiftError(f"{email!r} is not an email address")
    return cleaned


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise LeadsiftError(f"the password must have at least {MIN_PASSWORD} characters")


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def _user(row: sa.Row[tuple[object, ...]]) -> User:
    m = row._mapping
    created = m["created_at"]
    if created.tzinfo is None:  # SQLite hands back UTC times without their zone
        created = created.replace(tzinfo=UTC)
    return User(int(m["id"]), str(m["email"]), str(m["role"]), created)


_COLUMNS = ("id", "email", "role", "created_at")


def add_user(connection: sa.Connection, email: str, role: str, password: str) -> User:
    if role not in ROLES:
        raise LeadsiftError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    address = check_email(email)
    if find_user(connection, address) is not None:
        raise LeadsiftError(f"a user {address} exists already (see `leadsift users list`)")
    now = datetime.now(UTC)
    inserted = connection.execute(
        schema.users.insert().values(
            email=address, role=role, password_hash=hash_password(password), created_at=now
        )
    )
    key = inserted.inserted_primary_key
    assert key is not None
    return User(int(key[0]), address, role, now)


def list_users(connection: sa.Connection) -> list[User]:
    u = schema.users
    rows = connection.execute(sa.select(*(u.c[c] for c in _COLUMNS)).order_by(u.c.email))
    return [_user(row) for row in rows]


def find_user(connection: sa.Connection, email: str) -> User | None:
    u = schema.users
    row = connection.execute(
        sa.select(*(u.c[c] for c in _COLUMNS)).where(u.c.email == normalise_email(email))
    ).first()
    return None if row is None else _user(row)


def user_by_id(connection: sa.Connection, user_id: int) -> User | None:
    u = schema.users
    row = connection.execute(sa.select(*(u.c[c] for c in _COLUMNS)).where(u.c.id == user_id))
    found = row.first()
    return None if found is None else _user(found)


def remove_user(connection: sa.Connection, email: str) -> User:
    """Remove the user and every session of theirs."""
    user = find_user(connection, email)
    if user is None:
        raise LeadsiftError(f"no user {normalise_email(email)} (see `leadsift users list`)")
    connection.execute(schema.web_sessions.delete().where(schema.web_sessions.c.user_id == user.id))
    connection.execute(schema.users.delete().where(schema.users.c.id == user.id))
    return user


def verify(connection: sa.Connection, email: str, password: str) -> User | None:
    """The user if this is their password, else None; as slow for an unknown email."""
    u = schema.users
    row = connection.execute(
        sa.select(u.c.id, u.c.password_hash).where(u.c.email == normalise_email(email))
    ).first()
    stored = _DUMMY_HASH if row is None else str(row.password_hash)
    try:
        _hasher.verify(stored, password)  # argon2's comparison is constant-time
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(stored):
        connection.execute(
            u.update().where(u.c.id == row.id).values(password_hash=_hasher.hash(password))
        )
    return user_by_id(connection, int(row.id))


def note_failure(connection: sa.Connection, email: str, client: str) -> None:
    connection.execute(
        schema.login_failures.insert().values(
            email=normalise_email(email)[:320], client=client[:64], at=datetime.now(UTC)
        )
    )


def failures_since(connection: sa.Connection, email: str, client: str, since: datetime) -> int:
    f = schema.login_failures
    count = connection.execute(
        sa.select(sa.func.count()).where(
            f.c.email == normalise_email(email)[:320], f.c.client == client[:64], f.c.at >= since
        )
    ).scalar_one()
    return int(count)


def clear_failures(connection: sa.Connection, email: str, client: str, before: datetime) -> None:
    """Forget this email and client's failures (after a good login), and everyone's older
    than `before` (they no longer count)."""
    f = schema.login_failures
    connection.execute(
        f.delete().where(
            sa.or_(
                sa.and_(f.c.email == normalise_email(email)[:320], f.c.client == client[:64]),
                f.c.at < before,
            )
        )
    )
