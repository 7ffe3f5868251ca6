"""Turn a batch of text cells into typed columns, collecting every bad cell with its line.

All checks are vectorised over the batch (pandas/NumPy); only the (few) bad cells become
Python objects, so validating a million rows costs about as much as parsing them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from leadsift.domain.consent import LAWFUL_BASES, lawful_basis
from leadsift.domain.errors import RowProblem
from leadsift.domain.truth import FALSE_WORDS, TRUE_WORDS
from leadsift.ingest.attribute_json import json_objects
from leadsift.ingest.specs import ColumnSpec, ColumnType, TableSpec

_MAX_PROBLEMS_PER_COLUMN = 50  # per batch; the importer keeps a running total anyway

Lines = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class ValidationContext:
    timestamp_formats: dict[str, tuple[str, ...]]
    default_currency: str
    timezone: str | None = None  # where naive timestamps were written; UTC when None


def missing_required_columns(spec: TableSpec, columns: list[str]) -> list[str]:
    present = set(columns)
    missing = [c.name for c in spec.columns if c.required and c.name not in present]
    if spec.one_of and not present.intersection(spec.one_of):
        missing.append(" or ".join(spec.one_of))
    return missing


def validate(
    spec: TableSpec, frame: pd.DataFrame, lines: Lines, context: ValidationContext
) -> tuple[pd.DataFrame, np.ndarray[Any, np.dtype[np.bool_]], list[RowProblem], int]:
    """Typed frame (spec columns + `attributes`), a mask of good rows, problems, problem count."""
    problems: list[RowProblem] = []
    bad = np.zeros(len(frame), dtype=bool)
    total = 0
    out = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        raw = frame[column.name] if column.name in frame.columns else _empty(frame)
        if column.type is ColumnType.CURRENCY:
            raw = raw.where(raw.notna(), context.default_currency)
        values, invalid, reason = _convert(column, raw, context)
        missing = raw.isna().to_numpy() if column.required else np.zeros(len(raw), bool)
        for mask, is_value_problem in ((invalid, True), (missing, False)):
            if mask.any():
                bad |= mask
                total += int(mask.sum())
                for position in mask.nonzero()[0][:_MAX_PROBLEMS_PER_COLUMN]:
                    value = raw.iloc[position]
                    shown = (
                        _explain(column, reason, value)
                        if is_value_problem
                        else ("a value is required")
                    )
                    problems.append(RowProblem(int(lines[position]), column.name, shown))
        out[column.name] = values
    if spec.one_of:
        present = [c for c in spec.one_of if c in frame.columns]
        none_given = frame[present].isna().all(axis=1).to_numpy()
        if none_given.any():
            bad |= none_given
            total += int(none_given.sum())
            for position in none_given.nonzero()[0][:_MAX_PROBLEMS_PER_COLUMN]:
                problems.append(
                    RowProblem(int(lines[position]), None, f"needs one of {', '.join(present)}")
                )
    known = set(spec.column_names)
    extras = [c for c in frame.columns if c not in known]
    handle_columns = [c for c in extras if c.lower() in spec.extra_known]
    other = [c for c in extras if c not in handle_columns]
    out["attributes"] = json_objects(frame[other]) if other else None
    if spec.extra_known:
        out["handles"] = json_objects(frame[handle_columns]) if handle_columns else None
    problems.sort(key=lambda p: (p.line, p.column or ""))
    return out, ~bad, problems, total


def _explain(column: ColumnSpec, reason: str, value: object) -> str:
    if column.allowed is None:
        return f"{reason}: {value!r}"
    close = difflib.get_close_matches(str(value).lower(), sorted(column.allowed), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (allowed: {reason})"
    return f"unknown {column.name} {value!r}{hint}"


def _empty(frame: pd.DataFrame) -> pd.Series:
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _convert(
    column: ColumnSpec, raw: pd.Series, context: ValidationContext
) -> tuple[pd.Series, np.ndarray[Any, np.dtype[np.bool_]], str]:
    present = raw.notna().to_numpy()
    kind = column.type
    if kind is ColumnType.TEXT:
        if column.allowed is None:
            return raw, np.zeros(len(raw), bool), ""
        lowered = raw.str.lower()
        invalid = present & ~lowered.isin(column.allowed).to_numpy()
        return (
            lowered,
            invalid,
            f"unknown {column.name} (allowed: {', '.join(sorted(column.allowed))})",
        )
    if kind is ColumnType.LAWFUL_BASIS:
        bases = raw.map(lambda cell: lawful_basis(str(cell)), na_action="ignore")
        known = ", ".join(LAWFUL_BASES)
        return bases, present & bases.isna().to_numpy(), f"not a lawful basis ({known})"
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.MONEY):
        if not present.any():
            text = raw  # an empty column (most files lack most of ours): nothing to clean
        else:
            text = _money_text(raw) if kind is ColumnType.MONEY else _number_text(raw)
        numbers = pd.to_numeric(text, errors="coerce")
        invalid = present & numbers.isna().to_numpy()
        invalid |= present & ~np.isfinite(numbers.fillna(0).to_numpy(dtype=float))
        if kind is ColumnType.INTEGER:
            as_float = numbers.fillna(0).to_numpy(dtype=float)
            invalid |= present & (np.floor(as_float) != as_float)
            return numbers.astype("Int64", errors="ignore"), invalid, "not a whole number"
        return numbers.astype(float), invalid, "not a number"
    if kind is ColumnType.BOOLEAN:
        lowered = raw.str.lower()
        truth = lowered.isin(TRUE_WORDS).to_numpy()
        falsity = lowered.isin(FALSE_WORDS).to_numpy()
        values = pd.Series([None] * len(raw), index=raw.index, dtype=object)
        values[truth] = True
        values[falsity] = False
        return values, present & ~truth & ~falsity, "not yes/no (or true/false, 1/0)"
    if kind in (ColumnType.TIMESTAMP, ColumnType.DATE):
        formats = context.timestamp_formats.get(column.name, ("ISO8601",))
        stamps = _timestamps(raw, formats[0], context.timezone)
        for fmt in formats[1:]:
            stamps = stamps.where(stamps.notna(), _timestamps(raw, fmt, context.timezone))
        invalid = present & stamps.isna().to_numpy()
        expected = "an ISO 8601 date" if kind is ColumnType.DATE else "an ISO 8601 timestamp"
        if formats != ("ISO8601",):
            expected = f"a timestamp in the format {' or '.join(formats)}"
        return stamps, invalid, f"not {expected}"
    # CURRENCY
    upper = raw.str.upper()
    invalid = present & ~upper.str.fullmatch(r"[A-Z]{3}").fillna(False).to_numpy(dtype=bool)
    return upper, invalid, "not a 3-letter ISO 4217 currency code"


def _number_text(raw: pd.Series) -> pd.Series:
    """'1,234', '$1,234.50', '12.5%', '1 234' -> '1234', '1234.50', '12.5', '1234'."""
    text = raw.str.replace(r"[\s$€£¥%]|USD|EUR|GBP", "", regex=True)
    return text.str.replace(r"(?<=\d)[,_](?=\d{3}(?:\D|$))", "", regex=True)


def _epochs(raw: pd.Series, unit: str) -> pd.Series:
    numbers = pd.to_numeric(raw, errors="coerce")
    # seconds since 1970 between 1990 and 2100 (milliseconds likewise): anything else is not
    # a timestamp in that unit, but an id or a number of another kind
    scale = 1000.0 if unit == "ms" else 1.0
    plausible = numbers.between(631152000 * scale, 4102444800 * scale)
    seconds = numbers.where(plausible) / scale
    stamps = pd.to_datetime(seconds, unit="s", utc=True, errors="coerce")
    return stamps.dt.round("us")  # 1748937731.004211 s is not exact in binary


def _timestamps(raw: pd.Series, fmt: str, timezone: str | None) -> pd.Series:
    if fmt in ("epoch", "epoch_ms"):
        return _epochs(raw, "ms" if fmt == "epoch_ms" else "s")
    if timezone is None:
        return pd.to_datetime(raw, format=fmt, utc=True, errors="coerce")
    # Offsets written in the cell win; cells without one are local time in `timezone`.
    has_offset = raw.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True, na=False)
    aware = pd.to_datetime(raw.where(has_offset), format=fmt, utc=True, errors="coerce")
    naive = pd.to_datetime(raw.where(~has_offset), format=fmt, errors="coerce")
    if naive.dt.tz is None:
        # Tools write wall-clock time: the hour repeated when clocks go back is read as its
        # first (summer) occurrence, and a time in the hour skipped when they go forward as
        # the moment after the jump; refusing a whole export for either helps no one.
        first = np.ones(len(naive), dtype=bool)
        naive = naive.dt.tz_localize(timezone, ambiguous=first, nonexistent="shift_forward")
    return aware.where(has_offset, naive.dt.tz_convert("UTC"))


def _money_text(raw: pd.Series) -> pd.Series:
    """'$1,234.50', '1 234,50 €', '12,50' -> '1234.50', '1234.50', '12.50'."""
    text = raw.str.replace(r"[\s$€£¥]|USD|EUR|GBP", "", regex=True)
    decimal_comma = text.str.fullmatch(r"-?[\d.]*,\d{1,2}").eq(True)
    european = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    english = text.str.replace(",", "", regex=False)
    return european.where(decimal_comma, english)
