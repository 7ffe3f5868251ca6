"""Read a labelled CSV or Parquet table and check it can teach a model anything.

Placeholders that mean "no answer" ("unknown", "Select", "N/A", "-", empty) become missing
values; a column that holds one value or none is left out with a note; the target must be
binary. Each problem names the file, and where it helps the line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.domain.errors import LeadsiftError
from leadsift.domain.truth import FALSE_WORDS, TRUE_WORDS
from leadsift.ingest.sniff import sniff

PLACEHOLDERS = frozenset(
    {"", "unknown", "select", "n/a", "na", "nan", "null", "none", "-", "?", "not provided"}
)
# outcome labels: true and false as files write them, and the words of a conversion column
_POSITIVE = TRUE_WORDS | {"converted", "won", "1.0"}
_NEGATIVE = FALSE_WORDS | {"not converted", "lost", "0.0"}


class TableError(LeadsiftError):
    """A table cannot be used for modelling."""


@dataclass
class LabelledTable:
    features: pd.DataFrame
    target: np.ndarray | None  # 0/1, None when the table has no target column
    time: pd.Series | None
    ids: pd.Series | None
    notes: list[str] = field(default_factory=list)


def read_table(path: Path) -> pd.DataFrame:
    """The table with numbers as numbers where a whole column is numeric, text otherwise
    (missing = NaN/None); placeholders are blanked later, column by column."""
    info = sniff(path)
    if info.format == "parquet":
        frame = pd.read_parquet(path)
    elif info.format == "csv":
        try:
            frame = pd.read_csv(
                path, sep=info.delimiter, encoding=info.encoding, keep_default_na=False,
                na_values=[""], low_memory=False,
            )  # fmt: skip
        except (pd.errors.ParserError, ValueError) as exc:
            raise TableError(f"{path}: {exc}") from None
    else:
        raise TableError(f"{path}: use a CSV, TSV or Parquet file for modelling")
    if frame.empty:
        raise TableError(f"{path}: the table has a header but no rows")
    return frame


def blank_placeholders(frame: pd.DataFrame) -> pd.DataFrame:
    """Placeholders to None in text columns, looking at each column's distinct values only
    (fast on 1M rows); numeric columns have none."""
    out = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            out[name] = column
            continue
        column = column.astype(object)
        distinct = pd.Series(column.dropna().unique())
        blank = distinct[distinct.astype(str).str.strip().str.lower().isin(PLACEHOLDERS)]
        out[name] = column.where(~column.isin(blank.tolist()) & column.notna(), None)
    return pd.DataFrame(out, index=frame.index)


def _where(path: Path, frame: pd.DataFrame, column: str, bad: pd.Series) -> str:
    """'file:line:column: column 'name': ' of the first bad row (line 1 is the header)."""
    first = int(np.flatnonzero(bad.to_numpy())[0])
    position = frame.columns.get_loc(column)
    number = position + 1 if isinstance(position, int) else 0
    return f"{path}:{first + 2}:{number}: column {column!r}: "


def _binary(path: Path, frame: pd.DataFrame, target: str) -> np.ndarray:
    if target not in frame.columns:
        raise TableError(
            f"{path}: no target column {target!r}; the columns are: " + ", ".join(frame.columns)
        )
    values = frame[target].astype("string").str.strip().str.lower()
    positive, negative = values.isin(_POSITIVE), values.isin(_NEGATIVE)
    unknown = ~(positive | negative)
    if unknown.any():
        seen = sorted(values[unknown].fillna("(empty)").unique().tolist())[:5]
        raise TableError(
            _where(path, frame, target, unknown)
            + "the target must be binary (yes/no, 1/0, true/false); found "
            + ", ".join(repr(v) for v in seen)
            + f" in {int(unknown.sum()):,} rows"
        )
    y = positive.to_numpy().astype(int)
    if y.min() == y.max():
        raise TableError(
            f"{path}: the target {target!r} has only one class "
            f"({'all positive' if y[0] else 'all negative'}); a model needs both"
        )
    return y


def _parse_time(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        raise TableError(f"{path}: no time column {column!r}")
    raw = frame[column]
    parsed = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed")
    bad = parsed.isna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise TableError(
            _where(path, frame, column, bad)
            + f"not a date or time: {raw.iloc[first]!r} ({int(bad.sum()):,} rows do not parse)"
        )
    return parsed


def prepare(
    path: Path,
    frame: pd.DataFrame,
    *,
    target: str | None,
    time: str | None = None,
    drop: tuple[str, ...] = (),
    id_column: str | None = None,
) -> LabelledTable:
    """Split a raw table into features, target, time and ids."""
    unknown = [c for c in (*drop, *([id_column] if id_column else [])) if c not in frame.columns]
    if unknown:
        raise TableError(f"{path}: no column {', '.join(repr(c) for c in unknown)} to drop or use")
    y = _binary(path, frame, target) if target else None
    when = _parse_time(path, frame, time) if time else None
    ids = frame[id_column] if id_column else None
    reserved = {c for c in (target, time, id_column) if c}
    left_out = [c for c in frame.columns if c in reserved or c in drop]
    features = blank_placeholders(frame.drop(columns=left_out))
    notes = []
    for column in list(features.columns):
        distinct = features[column].nunique(dropna=True)
        if distinct == 0:
            notes.append(f"{column!r} is empty in every row: left out")
            features = features.drop(columns=column)
        elif distinct == 1:
            notes.append(f"{column!r} holds one value in every row: left out")
            features = features.drop(columns=column)
    if features.shape[1] == 0:
        raise TableError(f"{path}: no usable feature columns are left")
    return LabelledTable(features=features, target=y, time=when, ids=ids, notes=notes)
