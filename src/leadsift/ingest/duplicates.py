"""Find rows of one file that share a key, with memory that stays flat however long the file.

The keys seen so far live in a temporary table inside the import's transaction (SQLite keeps
it on disk), not in Python: a 2 GB file has tens of millions of keys. The table is keyed by
the first 64 bits of each (BLAKE2b, so uniform) key as an integer, which SQLite stores as the
row id: one B-tree of small entries instead of a text index beside the table, several times
quicker to fill. The full key is kept beside it and compared, so a shared 64-bit prefix is
never taken for a repeat; a second key with the prefix of another (about one chance in
10^5 for a file of ten million rows) goes unchecked.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

_TABLE = "tmp_import_keys"
_LOOKUP_CHUNK = 500
_HALF = 1 << 63  # an unsigned 64-bit prefix, shifted into SQL's signed integer range


def _prefix(key: str) -> int:
    return int(key[:16], 16) - _HALF


class DuplicateFinder:
    """Feed it each batch's keys and lines; it returns (line, line of the first occurrence)."""

    def __init__(self, connection: sa.Connection, name: str = "") -> None:
        self.connection = connection
        self._table = f"{_TABLE}{name}"  # one per yield of a map
        self._created = False

    def _create(self) -> None:
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self._table}")
        # SQLite makes only a column spelled INTEGER PRIMARY KEY the row id
        id_type = "INTEGER" if self.connection.dialect.name == "sqlite" else "BIGINT"
        self.connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {self._table} "
            f"(id {id_type} PRIMARY KEY, key VARCHAR(64) NOT NULL, line BIGINT NOT NULL)"
        )
        self._created = True

    def add(
        self, keys: pd.Series, lines: np.ndarray[Any, np.dtype[np.int64]]
    ) -> list[tuple[int, int]]:
        if not self._created:
            self._create()
        if self.connection.dialect.name == "sqlite":
            # the temporary database has its own page cache, 2 MB unless told
            self.connection.exec_driver_sql("PRAGMA temp.cache_size=-65536")
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
            unique_keys = unique["key"].tolist()
            cursor.executemany(
                f"INSERT INTO {self._table} (id, key, line) "
                f"VALUES ({placeholder}, {placeholder}, {placeholder}) "
                "ON CONFLICT (id) DO NOTHING",
                list(
                    zip(
                        [_prefix(k) for k in unique_keys],
                        unique_keys,
                        unique["line"].astype(int).tolist(),
                        strict=True,
                    )
                ),
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
        table = sa.table(self._table, sa.column("id"), sa.column("key"), sa.column("line"))
        found = []
        prefixes = [_prefix(k) for k in ours]
        for start in range(0, len(prefixes), _LOOKUP_CHUNK):
            chunk = prefixes[start : start + _LOOKUP_CHUNK]
            for key, line in self.connection.execute(
                sa.select(table.c.key, table.c.line).where(table.c.id.in_(chunk))
            ):
                if key in ours and int(line) != int(ours[key]):
                    found.append((int(ours[key]), int(line)))
        return found

    def close(self) -> None:
        if self._created:
            self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {self._table}")
            self._created = False
