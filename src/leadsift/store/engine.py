"""Database engines for a workspace, built on demand (never at import time)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from leadsift.domain.errors import WorkspaceError


def normalise_url(url: str, base_dir: Path) -> str:
    """Resolve a relative SQLite path against the workspace folder and pick our PG driver."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if not database or database == ":memory:":
            raise WorkspaceError("a workspace needs a SQLite file, not an in-memory database")
        path = Path(database)
        if not path.is_absolute():
            path = (base_dir / path).resolve()
        return str(parsed.set(drivername="sqlite", database=str(path)))
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise WorkspaceError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql://")


def _tune_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the report read while an import writes; NORMAL is durable at checkpoints.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    # Writers queue on the workspace's write lock; this covers what the lock cannot, such as
    # a reader meeting a checkpoint, or a writer from an older leadsift.
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def create_engine(url: str) -> sa.Engine:
    """An engine for an already-normalised URL (see `normalise_url`)."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _tune_sqlite)
        return engine
    # Dates of timestamps (intent's daily caps) must be UTC dates, whatever the server's zone.
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"})
