"""ChannelAttribution's path table, read from CSV (any of , ; tab |, optionally gzipped), JSON
Lines or Parquet, and written back.

Layout: `path` ("a > b > c"), `total_conversions`, and optionally `total_conversion_value`
and `total_null` (blank or absent: 0). Column names are matched without case. A bad row is
never skipped: the whole file is refused with every problem found, each naming the file, the
line (for Parquet: the row) and the column, like every other file leadsift reads.
"""

from __future__ import annotations

import gzip
import json
import re
import warnings
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from leadsift.attribution.journeys import JourneySet
from leadsift.domain.errors import InputFileError, RowProblem

PATH, CONVERSIONS = "path", "total_conversions"
VALUE, NULLS = "total_conversion_value", "total_null"
COLUMNS = (PATH, CONVERSIONS, VALUE, NULLS)
_DELIMITERS = (",", ";", "\t", "|")


class JourneyFileError(InputFileError):
    """A journeys file that cannot be read; says so, and where, once per problem."""

    def render(self) -> str:
        lines = [f"{self.file}: cannot be read as journeys"]
        lines += ["  " + p.describe(self.file) for p in self.problems[: self.SHOWN]]
        hidden = self.total - min(len(self.problems), self.SHOWN)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more problem(s)")
        return "\n".join(lines)


def _fail(file: str, reason: str, line: int = 1, column: str | None = None) -> JourneyFileError:
    return JourneyFileError(file, [RowProblem(line, column, reason)])


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _kind(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    last = suffixes[-1] if suffixes else ""
    if last in (".jsonl", ".ndjson"):
        return "jsonl"
    if last in (".parquet", ".pq"):
        return "parquet"
    return "csv"


def _normalised(columns: list[str]) -> dict[str, str]:
    """Our column name -> the file's, for the columns we know."""
    found: dict[str, str] = {}
    for name in columns:
        key = str(name).strip().strip('"').strip().lower()
        if key in COLUMNS and key not in found:
            found[key] = name
    return found


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, int]:
    with _open_text(path) as handle:
        header = handle.readline().rstrip("\r\n")
    delimiter = next((d for d in _DELIMITERS if PATH in _normalised(header.split(d))), None)
    if delimiter is None:
        raise _fail(name, f"needs a column {PATH!r}; the first line is {header[:80]!r}")
    try:
        with warnings.catch_warnings():
            # pandas only warns when the first row is the long one; make that an error too
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path, sep=delimiter, dtype=str, keep_default_na=False, skip_blank_lines=False,
                encoding="utf-8-sig", index_col=False,
            )  # fmt: skip
    except (pd.errors.ParserError, pd.errors.ParserWarning) as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else 2
        raise _fail(name, "the row has more fields than the header", line) from None
    frame.index = frame.index + 2  # the header is line 1
    blank = (frame == "").all(axis=1)
    return frame[~blank], 2


def _read_jsonl(path: Path, name: str) -> tuple[pd.DataFrame, int]:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    with _open_text(path) as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                raise _fail(name, f"not JSON: {error.msg}", number) from None
            if not isinstance(record, dict):
                raise _fail(name, "each line must be a JSON object", number)
            records.append(record)
            lines.append(number)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame.index = pd.Index(lines, dtype=np.int64)
    return frame, 1


def _read_parquet(path: Path, name: str) -> tuple[pd.DataFrame, int]:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's errors derive from these
        raise _fail(name, f"not a Parquet file ({error})") from None
    frame.index = pd.RangeIndex(1, len(frame) + 1)  # rows, counted from 1
    return frame, 1


def _empty(raw: pd.Series) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return np.asarray(raw.isna() | (raw.astype(str).str.strip() == ""), dtype=bool)


def _numbers(
    frame: pd.DataFrame, column: str | None, ours: str, required: bool,
    problems: list[RowProblem], lines: np.ndarray[Any, np.dtype[np.int64]],
) -> np.ndarray[Any, np.dtype[np.float64]]:  # fmt: skip
    if column is None:
        return np.zeros(len(frame))
    raw = frame[column]
    empty = _empty(raw)
    text = raw.where(~empty, "0") if not required else raw
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    what = "value" if ours == VALUE else "count"
    for i in np.flatnonzero(empty & required)[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"no {what}"))
    bad = ~np.isfinite(numbers) & ~(empty & required)
    for i in np.flatnonzero(bad)[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"not a number: {raw.iloc[i]!r}"))
    for i in np.flatnonzero(np.isfinite(numbers) & (numbers < 0))[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"a negative {what}: {raw.iloc[i]}"))
    return np.where(np.isfinite(numbers), numbers, 0.0)


def _split_paths(
    raw: pd.Series, separator: str, problems: list[RowProblem],
    lines: np.ndarray[Any, np.dtype[np.int64]],
) -> list[list[str]]:  # fmt: skip
    paths: list[list[str]] = []
    for i, item in enumerate(raw.tolist()):
        if isinstance(item, list | tuple | np.ndarray):  # JSON or Parquet lists of labels
            parts = [str(part).strip() for part in item]
            shown = separator.join(parts)
        else:
            shown = "" if item is None or item != item else str(item)  # NaN != NaN
            parts = [part.strip() for part in shown.split(separator)]
        if not shown.strip():
            problems.append(RowProblem(int(lines[i]), PATH, "the path is empty"))
        elif "" in parts:
            problems.append(RowProblem(int(lines[i]), PATH,
                                       f"an empty channel in {shown[:80]!r}"))  # fmt: skip
        paths.append(parts)
    return paths


def journeys_from_table(frame: pd.DataFrame, name: str, separator: str = ">") -> JourneySet:
    """Journeys from a table in ChannelAttribution's layout whose index holds each row's line
    (or row) number; raises JourneyFileError naming every bad cell."""
    columns = _normalised([str(c) for c in frame.columns])
    missing = [c for c in (PATH, CONVERSIONS) if c not in columns]
    if missing:
        found = ", ".join(str(c) for c in frame.columns) or "none"
        raise _fail(name, f"needs columns {PATH} and {CONVERSIONS} (ChannelAttribution's "
                          f"layout); columns found: {found}")  # fmt: skip
    if frame.empty:
        raise _fail(name, "the file has no rows")
    lines = frame.index.to_numpy(dtype=np.int64)
    problems: list[RowProblem] = []
    paths = _split_paths(frame[columns[PATH]], separator, problems, lines)
    conversions = _numbers(frame, columns[CONVERSIONS], CONVERSIONS, True, problems, lines)
    value = _numbers(frame, columns.get(VALUE), VALUE, False, problems, lines)
    nulls = _numbers(frame, columns.get(NULLS), NULLS, False, problems, lines)
    unearned = np.flatnonzero((value > 0) & (conversions == 0))
    for i in unearned[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), VALUE, f"a value of {value[i]:g} "
                                                         "without conversions"))  # fmt: skip
    if problems:
        problems.sort(key=lambda p: (p.line, COLUMNS.index(p.column or PATH)))
        raise JourneyFileError(name, problems[: InputFileError.SHOWN], len(problems))
    return JourneySet.from_paths(paths, conversions, value, nulls)


def read_path_table(path: Path, separator: str = ">") -> JourneySet:
    """Journeys from a path-table file: CSV/TSV (.gz fine), JSON Lines or Parquet."""
    name = str(path)
    if not path.is_file():
        raise _fail(name, "no such file")
    readers = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}
    try:
        frame, _ = readers[_kind(path)](path, name)
    except UnicodeDecodeError:
        raise _fail(name, "not UTF-8 text") from None
    except (OSError, EOFError) as error:  # unreadable, or a truncated .gz
        raise _fail(name, f"cannot be read ({error})") from None
    return journeys_from_table(frame, name, separator)


def to_path_table(journeys: JourneySet, separator: str = " > ") -> pd.DataFrame:
    """The journeys as a path table (one row per journey; aggregate() first for one per path)."""
    paths = [separator.join(journeys.path(j)) for j in range(journeys.size)]
    return pd.DataFrame(
        {PATH: paths, CONVERSIONS: journeys.conversions, VALUE: journeys.value,
         NULLS: journeys.nulls}
    )  # fmt: skip
