"""Bulk, idempotent writes of validated batches: one small class per database engine.

Rows go straight to the DB-API cursor inside the caller's SQLAlchemy transaction, because
per-row ORM or Core parameter processing would cost more than the rest of an import.
Timestamps arrive as pandas UTC datetimes and are rendered in the engine's storage format.
SQLite takes the rows with executemany; PostgreSQL with COPY into a temporary table and
one INSERT ... SELECT from it (see PostgresBulkWriter), to the same effect.
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
    def booleans(self, values: np.ndarray[Any, np.dtype[Any]], missing: Any) -> list[Any]: ...

    @abstractmethod
    def insert(
        self, table: sa.Table, columns: list[str], values: list[list[Any]], on_conflict: str
    ) -> None:
        """INSERT the rows (`values` holds one list per column) ... `on_conflict`."""

    def write(
        self,
        table: sa.Table,
        frame: pd.DataFrame,
        conflict_columns: Sequence[str],
        upsert: bool,
    ) -> None:
        """Insert the frame's rows, one at a time in effect: a row whose key is taken (by a
        stored row or an earlier row of the frame) is skipped, or with `upsert` fills the
        taken row's columns with its values that are not empty."""
        if frame.empty:
            return
        columns, values = [], []
        for name in frame.columns:
            converted = self._column_values(table.c[name], frame[name])
            # A column empty in the whole batch is left out of the statement: NULL is what
            # the row gets anyway (no column has a default) and binding it costs as much as
            # a value.
            if converted is not None or name in conflict_columns:
                columns.append(str(name))
                values.append(converted or [None] * len(frame))
        if not columns:
            return
        self.insert(
            table, columns, values, on_conflict(table.name, columns, conflict_columns, upsert)
        )

    def _column_values(self, column: sa.Column[Any], series: pd.Series) -> list[Any] | None:
        """The column's values for the driver, None for a column with no value at all."""
        if isinstance(column.type, sa.DateTime | sa.Date):
            if not series.notna().any():
                return None
            if isinstance(column.type, sa.DateTime):
                return self.timestamps(series)
            return self.dates(series)
        if isinstance(column.type, sa.Float | sa.Numeric):
            numbers = series.to_numpy(dtype=float, na_value=np.nan)
            empty = np.isnan(numbers)
            if empty.all():
                return None
            floats = numbers.astype(object)
            floats[empty] = None
            return floats.tolist()
        values = series.to_numpy(dtype=object)
        missing = pd.isna(values)
        if missing.all():
            return None
        if isinstance(column.type, sa.Boolean):
            return self.booleans(values, missing)
        if isinstance(column.type, sa.Integer | sa.BigInteger):
            return [None if m else int(v) for v, m in zip(values, missing, strict=True)]
        if missing.any():
            values = values.copy()
            values[missing] = None
        return values.tolist()


def on_conflict(
    table: str, columns: Sequence[str], conflict_columns: Sequence[str], upsert: bool
) -> str:
    target = ", ".join(f'"{c}"' for c in conflict_columns)
    if upsert and set(columns) - set(conflict_columns):
        updates = ", ".join(
            f'"{c}" = COALESCE(excluded."{c}", "{table}"."{c}")'
            for c in columns
            if c not in conflict_columns
        )
        return f"ON CONFLICT ({target}) DO UPDATE SET {updates}"
    return f"ON CONFLICT ({target}) DO NOTHING"


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

    def booleans(self, values: np.ndarray[Any, np.dtype[Any]], missing: Any) -> list[Any]:
        return [None if m else int(bool(v)) for v, m in zip(values, missing, strict=True)]

    def insert(
        self, table: sa.Table, columns: list[str], values: list[list[Any]], on_conflict: str
    ) -> None:
        marks = ", ".join(["?"] * len(columns))
        quoted = ", ".join(f'"{c}"' for c in columns)
        statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks}) {on_conflict}'
        cursor = self.connection.connection.cursor()
        try:
            cursor.executemany(statement, list(zip(*values, strict=True)))
        finally:
            cursor.close()


class PostgresBulkWriter(BulkWriter):
    """COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT from it:
    executemany would run one INSERT per row, and that costs more than the rows' own work
    on the server. One statement cannot meet a key twice (DO UPDATE refuses to, DO NOTHING
    would depend on the order), so a frame's rows that share a key are made one first, to
    what one INSERT per row would leave: the first row, or with `upsert` each column's last
    value that is not empty. Keeps every index: in PostgreSQL DROP INDEX locks the table
    against readers for the whole import, which a served workspace cannot afford."""

    def write(
        self,
        table: sa.Table,
        frame: pd.DataFrame,
        conflict_columns: Sequence[str],
        upsert: bool,
    ) -> None:
        super().write(
            table, one_row_per_key(frame, conflict_columns, upsert), conflict_columns, upsert
        )

    def timestamps(self, series: pd.Series) -> list[Any]:
        return _with_nulls(np.char.add(_iso(series, " "), "+00:00"), series)

    def dates(self, series: pd.Series) -> list[Any]:
        return _with_nulls(_iso_dates(series), series)

    def booleans(self, values: np.ndarray[Any, np.dtype[Any]], missing: Any) -> list[Any]:
        return [None if m else bool(v) for v, m in zip(values, missing, strict=True)]

    def insert(
        self, table: sa.Table, columns: list[str], values: list[list[Any]], on_conflict: str
    ) -> None:
        # The staging table has the target's column types, so COPY reads each text as the
        # INSERT would have (a too-long text, a bad timestamp fail the same way); it lives
        # in the caller's transaction and is dropped at its end if not before.
        stage, order = f'"_bulk_{table.name}"', '"_bulk_row"'
        quoted = ", ".join(f'"{c}"' for c in columns)
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "
                f'SELECT {quoted}, 0 AS {order} FROM "{table.name}" WITH NO DATA'
            )
            with cursor.copy(f"COPY {stage} ({quoted}, {order}) FROM STDIN") as copy:
                for row in zip(*values, range(len(values[0])), strict=True):
                    copy.write_row(row)
            cursor.execute(
                f'INSERT INTO "{table.name}" ({quoted}) SELECT {quoted} FROM {stage} '
                f"ORDER BY {order} {on_conflict}; DROP TABLE {stage}"
            )
        finally:
            cursor.close()


def one_row_per_key(frame: pd.DataFrame, key: Sequence[str], upsert: bool) -> pd.DataFrame:
    """The frame with one row for each key, in the place of its first row, as inserting the
    rows one by one with ON CONFLICT DO NOTHING (the first row) or with DO UPDATE SET each
    column to COALESCE(new, old) (each column's last value that is not empty) leaves it. A
    row with an empty key column has no key (NULLs never conflict) and stays as it is."""
    key = list(key)
    keyed = frame[key].notna().all(axis=1).to_numpy()
    repeated = frame.duplicated(key).to_numpy() & keyed
    if not repeated.any():
        return frame
    if not upsert:
        return frame[~repeated]
    rows = frame.reset_index(drop=True)
    merged = rows[keyed].groupby(key, sort=False).last().reset_index()  # skips empty values
    merged.index = pd.Index(np.flatnonzero(keyed & ~repeated))
    return pd.concat([merged[list(frame.columns)], rows[~keyed]]).sort_index()


def bulk_writer(connection: sa.Connection) -> BulkWriter:
    if connection.dialect.name == "sqlite":
        return SqliteBulkWriter(connection)
    if connection.dialect.name == "postgresql":
        return PostgresBulkWriter(connection)
    raise NotImplementedError(f"no bulk writer for {connection.dialect.name}")
