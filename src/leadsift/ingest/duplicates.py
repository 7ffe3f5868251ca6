"""Find rows of one file that share a key, with memory that stays flat however long the file.

The keys seen so far live in a temporary table inside the import's transaction (SQLite keeps
it on disk), not in Python: a 2 GB file has tens of millions of keys.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

_TABLE = "tmp_import_keys"
_LOOKUP_CHUNK = 500


class DuplicateFinder:
    """Feed it each batch's keys and lines; it returns (line, line of the first occurrence)."""

    def __init__(self, connection: sa.Connection, name: str = "") -> None:
        self.connection = connection
        self._table = f"{_TABLE}{name}"  # one per yield of a map
        self._created = False

    def _create(self) -> None:
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self._table}")
        self.connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {self._table} "
            "(key VARCHAR(32) PRIMARY KEY, line BIGINT NOT NULL)"
        )
        self._created = True

    def add(
        self, keys: pd.Series, lines: np.ndarray[Any, np.dtype[np.int64]]
    ) -> list[tuple[int, int]]:
        if not self._created:
            self._create()
        frame = pd.DataFrame({"key": keys.to_numpy(dtype=object), "line": lines})
        repeated = frame.duplicated("key", keep="first").to_numpy()
        found: list[tuple[int, int]] = []
        if repeated.any():
            first = frame[~repeated].set_index("key")["line"]
            for key, line in frame[repeated].itertuples(index=False):
                found.append((int(line), int(first[key])))
        unique = frame[~repeated]
        placeholder = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        cursor = self.connection.connection.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {self._table} (key, line) VALUES ({placeholder}, {placeholder}) "
                "ON CONFLICT (key) DO NOTHING",
                list(zip(unique["key"].tolist(), unique["line"].astype(int).tolist(), strict=True)),
            )
            inserted = cursor.rowcount
        finally:
            cursor.close()
        if inserted < len(unique):
            found.extend(self._earlier(unique))
        return found

    def _earlier(self, batch: pd.DataFrame) -> list[tuple[int, int]]:
        """Rows of this batch whose key an earlier batch already had."""
        ours = dict(zip(batch["key"], batch["line"], strict=True))
        table = sa.table(self._table, sa.column("key"), sa.column("line"))
        found = []
        keys = list(ours)
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            for key, line in self.connection.execute(
                sa.select(table.c.key, table.c.line).where(table.c.key.in_(chunk))
            ):
                if int(line) != int(ours[key]):
                    found.append((int(ours[key]), int(line)))
        return found

    def close(self) -> None:
        if self._created:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self._table}")
            self._created = False
