"""Row keys that make imports idempotent: the same row imported twice is stored once.

A key is derived from what identifies the row (a touch's `touch_id`, an account's domain),
or from the row's whole content when the file has no such column. A contact row is an
observation of a person, so its key is its content (with its source): the same email seen
again with other values is another observation, the same row seen again is not. Keys
are stable across leadsift versions: they hash a canonical text form with BLAKE2b.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from leadsift.ingest.specs import CONSENT_COLUMNS, ColumnType, TableSpec
from leadsift.ingest.whitespace import stripped

_SEPARATOR = "\x1f"


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _canonical(frame: pd.DataFrame, spec: TableSpec, columns: tuple[str, ...]) -> pd.Series:
    """Text form of the given columns: timestamps as UTC ISO, text lower-cased and trimmed."""
    parts: list[pa.Array] = []
    for name in columns:
        series = frame[name]
        kind = spec.column(name).type
        if kind in (ColumnType.TIMESTAMP, ColumnType.DATE):
            values = series.to_numpy(dtype="datetime64[us]")
            text = pd.Series(np.datetime_as_string(values, unit="us"), index=frame.index)
            parts.append(_arrow(text.where(series.notna(), "")))
        elif kind in (ColumnType.NUMBER, ColumnType.MONEY, ColumnType.INTEGER, ColumnType.BOOLEAN):
            parts.append(_arrow(series.astype(object).where(series.notna(), "").astype(str)))
        elif series.isna().all():
            parts.append(pa.nulls(len(frame), pa.string()).fill_null(""))
        else:
            parts.append(_folded(series))
    joined = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, _SEPARATOR)
    return pd.Series(joined.to_pylist(), index=frame.index, dtype=object)


def _arrow(text: pd.Series) -> pa.Array:
    return pa.array(text.to_numpy(dtype=object), type=pa.string())


def _folded(series: pd.Series) -> pa.Array:
    """Trimmed and lower-cased as Python's str.strip().lower() would: in Arrow's kernels
    when the column is ASCII (whose case Arrow and Python agree on), else in Python, so
    keys never depend on the path."""
    text = series.fillna("").astype(str)
    arrow = _arrow(text)
    if pc.all(pc.string_is_ascii(arrow)).as_py() is not False:
        return pc.ascii_lower(stripped(arrow))
    return _arrow(text.str.strip().str.lower())


def row_keys(spec: TableSpec, frame: pd.DataFrame) -> pd.Series:
    """The key of every row of a validated frame, as a string of at most 64 characters."""
    content_columns = tuple(c for c in spec.column_names if c not in ("touch_id",))
    if spec.name == "touches":
        has_id = frame["touch_id"].notna()
        source = "id" + _SEPARATOR + frame["touch_id"].fillna("").astype(str)
        if not has_id.all():
            keyless = frame[~has_id]
            source[~has_id] = "row" + _SEPARATOR + _canonical(keyless, spec, content_columns)
    elif spec.name == "contacts":
        source = _observation_source(frame, spec, content_columns)
    elif spec.name == "accounts":
        domain = frame["domain"].fillna("").str.lower().str.strip()
        domain = domain.str.removeprefix("www.")
        name = frame["name"].fillna("").str.lower().str.strip()
        source = ("domain" + _SEPARATOR + domain).where(domain != "", "name" + _SEPARATOR + name)
    else:
        source = _canonical(frame, spec, spec.key_columns)
    return pd.Series([_digest(text) for text in source], index=frame.index, dtype=object)


def _observation_source(
    frame: pd.DataFrame, spec: TableSpec, content: tuple[str, ...]
) -> pd.Series:
    plain = tuple(c for c in content if c not in CONSENT_COLUMNS)
    row = "obs" + _SEPARATOR + _canonical(frame, spec, plain)
    for extra in ("handles", "source_type"):
        if extra in frame.columns:
            row = row + _SEPARATOR + frame[extra].fillna("").astype(str)
    consent = [c for c in CONSENT_COLUMNS if c in frame.columns and c in content]
    if consent:
        stated = frame[consent].notna().any(axis=1)
        if stated.any():
            said = _canonical(frame, spec, tuple(consent))
            row = row.where(~stated, row + _SEPARATOR + "consent" + _SEPARATOR + said)
    return row
