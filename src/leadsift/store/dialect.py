"""SQL that SQLite and PostgreSQL spell differently, as SQLAlchemy constructs compiled per
dialect, so the engine code above is written once."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class epoch_seconds(FunctionElement[float]):
    """Seconds since 1970-01-01 UTC of a timezone-aware timestamp column."""

    type = sa.Float()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    # timestamps are stored as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; julianday keeps fractions
    return f"((julianday({compiler.process(column, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    return f"EXTRACT(EPOCH FROM {compiler.process(column, **kw)})"
