"""The suppression list: people whose identifiers must not come back in an import or an
event, or be contacted. `suppress` adds a person's identifier forms (as digests);
`SuppressionFilter` tells, for a table's rows, which carry a suppressed identifier."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.privacy.identifiers import (
    digest,
    email_forms,
    handle_forms,
    phone_forms,
    workspace_secret,
)  # fmt: skip
from leadsift.store import schema

REASONS = ("erased", "do_not_contact")
LEFT_OUT = "of suppressed people"  # how an import counts the rows it skipped


@dataclass(frozen=True)
class Identifiers:
    """Everything that identifies a person, as written."""

    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    handles: frozenset[tuple[str, str]] = frozenset()  # (platform, handle)

    def forms(self) -> list[tuple[str, str]]:
        """(kind, form) of every form of every identifier."""
        found = [("email", f) for e in self.emails for f in email_forms(e)]
        found += [("phone", f) for p in self.phones for f in phone_forms(p)]
        found += [("handle", f) for pl, h in self.handles for f in handle_forms(pl, h)]
        return sorted(set(found))


def suppress(connection: sa.Connection, identifiers: Identifiers, reason: str) -> int:
    """Add the identifiers' digests (a digest already listed stays as it was); returns how
    many forms the person has."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {REASONS}")
    secret = workspace_secret(connection)
    rows = [
        {"digest": digest(secret, kind, form), "kind": kind, "reason": reason,
         "created_at": datetime.now(UTC)}
        for kind, form in identifiers.forms()
    ]  # fmt: skip
    if rows:
        connection.execute(_insert_new(connection), rows)
    return len(rows)


def _insert_new(connection: sa.Connection) -> sa.Insert:
    """An insert that leaves an already listed digest as it was, on either engine."""
    table = schema.suppressions
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["digest"])
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing(index_elements=["digest"])


class SuppressionFilter:
    """The digests on the list, and a test of rows against them."""

    def __init__(self, secret: bytes, listed: set[str]) -> None:
        self._secret, self._listed = secret, listed

    @staticmethod
    def load(
        connection: sa.Connection, reasons: tuple[str, ...] = REASONS
    ) -> SuppressionFilter | None:
        """The workspace's list (entries for these reasons: imports skip the erased, exports
        every one); None when nobody is listed (nothing to test)."""
        s = schema.suppressions
        listed = {
            r[0] for r in connection.execute(sa.select(s.c.digest).where(s.c.reason.in_(reasons)))
        }
        if not listed:
            return None
        secret = connection.execute(sa.select(schema.privacy_secret.c.secret)).scalar()
        return SuppressionFilter(bytes.fromhex(str(secret)), listed)

    def __len__(self) -> int:
        return len(self._listed)

    def listed(self, kind: str, forms: Iterable[str]) -> bool:
        return any(digest(self._secret, kind, form) in self._listed for form in forms)

    def _column(self, values: pd.Series, kind: str) -> np.ndarray:
        distinct = values.dropna().astype(str).unique()
        hit = {v for v in distinct if self.listed(kind, _FORMS[kind](v))}
        return values.isin(hit).to_numpy(dtype=bool) if hit else np.zeros(len(values), bool)

    def rows(self, frame: pd.DataFrame) -> np.ndarray:
        """For each row, whether its email, phone or platform:handle is suppressed (each
        distinct value hashed once: a million rows cost their distinct identifiers)."""
        hit = np.zeros(len(frame), dtype=bool)
        for column, kind in (("email", "email"), ("phone", "phone")):
            if column in frame.columns:
                hit |= self._column(frame[column], kind)
        if "handle" in frame.columns:
            platform = (
                frame["platform"] if "platform" in frame.columns else pd.Series("", frame.index)
            )
            joined = platform.astype("string").fillna("") + "\x00" + frame["handle"].astype(
                "string"
            )  # fmt: skip
            hit |= self._column(joined.where(frame["handle"].notna()), "handle")
        return hit


def _handle(joined: str) -> set[str]:
    platform, _, handle = joined.partition("\x00")
    return handle_forms(platform, handle)


_FORMS = {"email": email_forms, "phone": phone_forms, "handle": _handle}
