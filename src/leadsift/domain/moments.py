"""Times read back from the database as UTC-aware datetimes.

Timestamps are stored in UTC; SQLite hands them back without a zone and PostgreSQL with
one. Every comparison with an aware time needs them aware, so each read goes through here."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


@overload
def in_utc(moment: datetime) -> datetime: ...
@overload
def in_utc(moment: None) -> None: ...
def in_utc(moment: datetime | None) -> datetime | None:
    """The moment with its zone; a zoneless one is read as UTC (as it was stored)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
