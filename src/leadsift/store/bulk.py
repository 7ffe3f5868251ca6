"""Bulk, idempotent writes of validated batches: one small class per database engine.

Rows go straight to the DB-API cursor inside the caller's SQLAlchemy transaction, because
per-row ORM or Core parameter processing would cost more than the rest of an import.
Timestamps arrive as pandas UTC datetimes and are rendered in the engine's storage format.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa


class BulkWriter(ABC):
    """Writes rows with INSERT ... ON CONFLICT, which SQLite and PostgreSQL spell alike."""

    placeholder: str

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self._deferred: list[sa.Index] = []

    def defer_indexes(self, table: sa.Table) -> None:
        """Build the table's secondary indexes once, in `finish`, instead of row by row: for a
        load as large as the table, one sort per index is several times cheaper than a
        million random B-tree inserts. Unique indexes stay, since ON CONFLICT needs them.
        The drop is part of the caller's transaction, so a rollback restores them. By
        default every index stays."""
        return None

    def finish(self) -> None:
        """Rebuild what `defer_indexes` dropped; call before the transaction commits."""
        for index in self._deferred:
            index.create(self.connection)
        self._deferred = []

    @abstractmethod
    def timestamps(self, series: pd.Series) -> list[Any]:
        """UTC datetimes as values the driver stores in a timezone-aware column."""

    @abstractmethod
    def dates(self, series: pd.Series) -> list[Any]: ...

    @abstractmethod
    def booleans(self, series: pd.Series) -> list[Any]: ...

    def write(
        self,
        table: sa.Table,
        frame: pd.DataFrame,
        conflict_columns: Sequence[str],
        upsert: bool,
    ) -> None:
        # A column empty in the whole batch is left out of the statement: NULL is what the
        # row gets anyway (no column has a default) and binding it costs as much as a value.
        columns = [
            name for name in frame.columns if name in conflict_columns or frame[name].notna().any()
        ]
        values = [self._column_values(table.c[name], frame[name]) for name in columns]
        rows = list(zip(*values, strict=True))
        if not rows:
            return
        marks = ", ".join([self.placeholder] * len(columns))
        quoted = ", ".join(f'"{c}"' for c in columns)
        target = ", ".join(f'"{c}"' for c in conflict_columns)
        if upsert and set(columns) - set(conflict_columns):
            updates = ", ".join(
                f'"{c}" = COALESCE(excluded."{c}", "{table.name}"."{c}")'
                for c in columns
                if c not in conflict_columns
            )
            action = f"DO UPDATE SET {updates}"
        else:
            action = "DO NOTHING"
        statement = (
            f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks}) '
            f"ON CONFLICT ({target}) {action}"
        )
        cursor = self.connection.connection.cursor()
        try:
            cursor.executemany(statement, rows)
        finally:
            cursor.close()

    def _column_values(self, column: sa.Column[Any], series: pd.Series) -> list[Any]:
        if isinstance(column.type, sa.DateTime):
            return self.timestamps(series)
        if isinstance(column.type, sa.Date):
            return self.dates(series)
        if isinstance(column.type, sa.Boolean):
            return self.booleans(series)
        if isinstance(column.type, sa.Integer | sa.BigInteger):
            return [None if pd.isna(v) else int(v) for v in series.to_numpy(dtype=object)]
        if isinstance(column.type, sa.Float | sa.Numeric):
            numbers = series.to_numpy(dtype=float, na_value=np.nan)
            return [None if np.isnan(v) else float(v) for v in numbers]
        return series.astype(object).where(series.notna(), None).tolist()


def _iso(series: pd.Series, separator: str) -> np.ndarray[Any, np.dtype[Any]]:
    values = series.to_numpy(dtype="datetime64[us]")
    text = np.datetime_as_string(values, unit="us")
    return np.char.replace(text, "T", separator) if separator != "T" else text


def _iso_dates(series: pd.Series) -> np.ndarray[Any, np.dtype[Any]]:
    return np.datetime_as_string(series.to_numpy(dtype="datetime64[D]"), unit="D")


def _with_nulls(text: np.ndarray[Any, np.dtype[Any]], series: pd.Series) -> list[Any]:
    values = text.astype(object)
    values[series.isna().to_numpy()] = None
    return list(values)


class SqliteBulkWriter(BulkWriter):
    placeholder = "?"

    def defer_indexes(self, table: sa.Table) -> None:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if not index.unique and index not in self._deferred:
                self.connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index.name}"')
                self._deferred.append(index)

    def timestamps(self, series: pd.Series) -> list[Any]:
        # SQLAlchemy's SQLite DateTime storage format, so Core reads them back as datetimes.
        return _with_nulls(_iso(series, " "), series)

    def dates(self, series: pd.Series) -> list[Any]:
        return _with_nulls(_iso_dates(series), series)

    def booleans(self, series: pd.Series) -> list[Any]:
        return [None if v is None or pd.isna(v) else int(bool(v)) for v in series]


class PostgresBulkWriter(BulkWriter):
    """Keeps every index: in PostgreSQL DROP INDEX locks the table against readers for the
    whole import, which a served workspace cannot afford."""

    placeholder = "%s"

    def timestamps(self, series: pd.Series) -> list[Any]:
        return _with_nulls(np.char.add(_iso(series, " "), "+00:00"), series)

    def dates(self, series: pd.Series) -> list[Any]:
        return _with_nulls(_iso_dates(series), series)

    def booleans(self, series: pd.Series) -> list[Any]:
        return [None if v is None or pd.isna(v) else bool(v) for v in series]


def bulk_writer(connection: sa.Connection) -> BulkWriter:
    if connection.dialect.name == "sqlite":
        return SqliteBulkWriter(connection)
    if connection.dialect.name == "postgresql":
        return PostgresBulkWriter(connection)
    raise NotImplementedError(f"no bulk writer for {connection.dialect.name}")
