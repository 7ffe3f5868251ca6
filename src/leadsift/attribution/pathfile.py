"""ChannelAttribution's path table, read from CSV (any of , ; tab |, optionally gzipped), JSON
Lines or Parquet, and written back.

Layout: `path` ("a > b > c"), `total_conversions`, and optionally `total_conversion_value`
and `total_null` (blank or absent: 0). Column names are matched without case. A bad row is
never skipped: the whole file is refused with every problem found, each naming the file, the
line (for Parquet: the row) and the column, like every other file leadsift reads.

A CSV file is read by pyarrow, block by block, and checked on whole columns (numbers parsed
and paths split and dictionary-encoded in C++; only the distinct parts of the paths are
stripped in Python): a million paths in under half a second. Only when that check finds a
problem, or pyarrow cannot parse the file, is it read again row by row with pandas, which finds
every bad cell and names its line; a file is never accepted by one reader and refused by the
other, and both give the same journeys (tests/attribution/test_fast_paths.py).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import re
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import numpy as np

from leadsift.attribution.journeys import JourneySet
from leadsift.domain.errors import InputFileError, RowProblem

if TYPE_CHECKING:
    import pandas as pd

_Number = TypeVar("_Number", np.float64, np.int32)
_Floats = np.ndarray[Any, np.dtype[np.float64]]
_Int32s = np.ndarray[Any, np.dtype[np.int32]]

PATH, CONVERSIONS = "path", "total_conversions"
VALUE, NULLS = "total_conversion_value", "total_null"
COLUMNS = (PATH, CONVERSIONS, VALUE, NULLS)
_DELIMITERS = (",", ";", "\t", "|")
# bytes of CSV per block that pyarrow parses (in threads) and this reader checks at a time
_BLOCK_BYTES = 1 << 20


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


def _sniff(path: Path, name: str) -> tuple[str, str]:
    """The CSV file's first line and its delimiter: the first of , ; tab | that splits off a
    column named path."""
    with _open_text(path) as handle:
        header = handle.readline().rstrip("\r\n")
    delimiter = next((d for d in _DELIMITERS if PATH in _normalised(header.split(d))), None)
    if delimiter is None:
        raise _fail(name, f"needs a column {PATH!r}; the first line is {header[:80]!r}")
    return header, delimiter


def _read_csv(path: Path, name: str) -> tuple[pd.DataFrame, int]:
    import pandas as pd

    _, delimiter = _sniff(path, name)
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


def _fast_csv(path: Path, name: str, separator: str) -> JourneySet | None:
    """The journeys of a CSV path table read and checked on whole columns by pyarrow, or None
    when the file is not one that this reader can take whole: it cannot parse it (a ragged row,
    a field that is no number, not UTF-8) or a check on a column finds a bad cell (an empty
    path or channel, a count that is missing or negative, a value without conversions). The
    row-by-row reader then reads the file again, to accept it all the same or to name every
    bad cell; this one never accepts a file that that one would refuse.

    The file is read as a stream of blocks of rows, each split and checked as it comes, so that
    only the journeys' codes and counts are ever held whole (memory the process first touches
    costs as much time as the parsing)."""
    header, delimiter = _sniff(path, name)
    if not separator or header.count('"') % 2:
        return None  # a header that goes on past its line is the slow reader's to judge
    names = next(csv.reader([header], delimiter=delimiter), [])
    where = {ours: names.index(theirs) for ours, theirs in _normalised(names).items()}
    if PATH not in where or CONVERSIONS not in where:
        return None
    import pyarrow as pa
    import pyarrow.csv as pcsv

    fields = [f"f{i}" for i in range(len(names))]
    ours = {column: fields[i] for column, i in where.items()}
    types = {field: pa.float64() for field in ours.values()}
    types[ours[PATH]] = pa.string()
    options = {
        "read_options": pcsv.ReadOptions(
            column_names=fields, skip_rows=1, block_size=_BLOCK_BYTES
        ),
        "parse_options": pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        "convert_options": pcsv.ConvertOptions(
            include_columns=list(ours.values()), column_types=types, null_values=[""],
            strings_can_be_null=False, quoted_strings_can_be_null=True,
        ),
    }  # fmt: skip
    # a touch takes 2 bytes of the file at least ("a>", or "a" and the delimiter), a row 4
    # ("a,1" and the line's end): room for as many, in memory that is only touched when written
    size = None if path.suffix == ".gz" else path.stat().st_size
    blocks = _Blocks(
        None if size is None else size // 2 + 1, None if size is None else size // 4 + 1
    )
    compression = "gzip" if path.suffix == ".gz" else None
    try:
        with pa.input_stream(str(path), compression=compression) as source:
            for batch in pcsv.open_csv(source, **options):
                columns = {column: batch.column(field) for column, field in ours.items()}
                if not blocks.add(_split_block(columns, separator)):
                    return None
    except (pa.ArrowException, OSError, ValueError, EOFError):
        return None
    return blocks.journeys()


def _values(array: Any, dtype: type[_Number]) -> np.ndarray[Any, np.dtype[_Number]]:
    """A primitive pyarrow array's values (any value where a cell is null) as a read-only
    NumPy view of its buffer: pyarrow's own to_numpy imports pandas, a third of a second."""
    data = array.buffers()[1]
    if data is None or len(array) == 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(data, dtype=dtype, count=array.offset + len(array))[array.offset :]


def _valid(array: Any) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Which cells of a pyarrow array are not null, from its validity bitmap."""
    bitmap = array.buffers()[0]
    if bitmap is None:
        return np.ones(len(array), dtype=bool)
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    return bits[array.offset : array.offset + len(array)].astype(bool)


class _Growing:
    """A column built block by block: written into one allocation sized for the most that the
    file can hold when that is known (its pages that are never written are never touched, so
    cost nothing), else kept as blocks and joined at the end."""

    def __init__(self, dtype: type[np.generic], capacity: int | None) -> None:
        self.dtype = dtype
        self.size = 0
        self.buffer: np.ndarray[Any, Any] | None = None
        if capacity is not None:
            with contextlib.suppress(MemoryError):  # more than may be asked for: blocks
                self.buffer = np.empty(capacity, dtype=dtype)
        self.parts: list[np.ndarray[Any, Any]] = []

    def append(self, values: np.ndarray[Any, Any]) -> None:
        end = self.size + len(values)
        if self.buffer is not None and end <= len(self.buffer):
            self.buffer[self.size : end] = values
        else:
            if self.buffer is not None:  # more than the file could hold: never, but be safe
                self.parts.append(self.buffer[: self.size])
                self.buffer = None
            self.parts.append(np.array(values, dtype=self.dtype))
        self.size = end

    def array(self) -> np.ndarray[Any, Any]:
        if self.buffer is not None:
            return self.buffer[: self.size]
        return np.concatenate(self.parts, dtype=self.dtype) if self.parts else np.zeros(0)


# what a block of rows becomes before its parts are numbered: its numbers (conversions, value,
# nulls), the distinct parts of its paths as written, each part's index into them, and the
# number of parts of each path; None for a block with a bad cell
_Split = tuple[list[_Floats], list[str], _Int32s, _Int32s]


def _split_block(columns: dict[str, Any], separator: str) -> _Split | None:
    """One block of rows checked on whole columns, and its paths split and dictionary-encoded
    in C++. (Splitting blocks in threads, while pyarrow parses the next ones in its own, was
    no faster on two cores.)"""
    import pyarrow.compute as pc

    rows = len(columns[PATH])
    found: dict[str, _Floats] = {}
    for column in (CONVERSIONS, VALUE, NULLS):
        if column not in columns:
            found[column] = np.zeros(rows)
            continue
        cells = columns[column]
        numbers = _values(cells, np.float64)
        if cells.null_count:  # blank cells
            if column == CONVERSIONS:
                return None  # a count is needed on every row
            numbers = np.where(_valid(cells), numbers, 0.0)
        if not np.isfinite(numbers).all() or (numbers < 0).any():
            return None
        found[column] = numbers
    if ((found[VALUE] > 0) & (found[CONVERSIONS] == 0)).any():
        return None
    lists = pc.split_pattern(columns[PATH], separator)
    encoded = pc.list_flatten(lists).dictionary_encode()
    return (
        [found[CONVERSIONS], found[VALUE], found[NULLS]],
        encoded.dictionary.to_pylist(),
        _values(encoded.indices, np.int32),
        _values(pc.list_value_length(lists), np.int32),
    )


class _Blocks:
    """Blocks of rows of a path table turned into journeys in file order: only the distinct
    parts of each block's paths ("a ", " a ", " a": a few per channel) are seen by Python,
    stripped as str.strip does and numbered as JourneySet.from_paths numbers labels, in order
    of first appearance."""

    def __init__(self, touches: int | None, rows: int | None) -> None:
        self.labels: dict[str, int] = {}
        self.parts: dict[str, int] = {}  # a part as written -> its label
        self.codes = _Growing(np.int64, touches)
        self.offsets = _Growing(np.int64, None if rows is None else rows + 1)
        self.offsets.append(np.zeros(1, dtype=np.int64))
        self.numbers = [_Growing(np.float64, rows) for _ in range(3)]

    def add(self, block: _Split | None) -> bool:
        """Take one block; False when a check found a bad cell in it."""
        if block is None:
            return False
        numbers, parts, indices, lengths = block
        lookup = np.empty(len(parts), dtype=np.int64)
        for i, part in enumerate(parts):
            label = self.parts.get(part)
            if label is None:
                label = self.parts[part] = self.labels.setdefault(part.strip(), len(self.labels))
            lookup[i] = label
        if "" in self.labels:
            return False  # an empty path, or an empty channel in one
        self.codes.append(lookup[indices])
        ends = np.cumsum(lengths, dtype=np.int64)
        ends += self.codes.size - len(indices)
        self.offsets.append(ends)
        for column, values in zip(self.numbers, numbers, strict=True):
            column.append(values)
        return True

    def journeys(self) -> JourneySet | None:
        if self.offsets.size <= 1:
            return None  # no rows: the slow reader says so
        conversions, value, nulls = (column.array() for column in self.numbers)
        return JourneySet(tuple(self.labels), self.codes.array(), self.offsets.array(),
                          conversions, value, nulls)  # fmt: skip


def _read_jsonl(path: Path, name: str) -> tuple[pd.DataFrame, int]:
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

    if column is None:
        return np.zeros(len(frame))
    raw = frame[column]
    empty = _empty(raw)
    text = raw.where(~empty, "0") if not required else raw
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    _nearest(text, numbers)
    what = "value" if ours == VALUE else "count"
    for i in np.flatnonzero(empty & required)[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"no {what}"))
    bad = ~np.isfinite(numbers) & ~(empty & required)
    for i in np.flatnonzero(bad)[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"not a number: {raw.iloc[i]!r}"))
    for i in np.flatnonzero(np.isfinite(numbers) & (numbers < 0))[: InputFileError.SHOWN]:
        problems.append(RowProblem(int(lines[i]), ours, f"a negative {what}: {raw.iloc[i]}"))
    return np.where(np.isfinite(numbers), numbers, 0.0)


def _nearest(text: pd.Series, numbers: np.ndarray[Any, np.dtype[np.float64]]) -> None:
    """Numbers written as text, parsed again to the nearest float (pandas' to_numeric can miss
    it by a unit in the last place; Python and pyarrow do not), so that both readers agree."""
    if text.dtype != object:
        return
    items = text.to_numpy()
    for i in np.flatnonzero(np.isfinite(numbers)):
        if isinstance(items[i], str):
            # where pandas reads a number that Python's float does not, keep pandas'
            with contextlib.suppress(ValueError):
                numbers[i] = float(items[i])


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
    kind = _kind(path)
    try:
        fast = _fast_csv(path, name, separator) if kind == "csv" else None
        if fast is not None:
            return fast
        frame, _ = readers[kind](path, name)
    except UnicodeDecodeError:
        raise _fail(name, "not UTF-8 text") from None
    except (OSError, EOFError) as error:  # unreadable, or a truncated .gz
        raise _fail(name, f"cannot be read ({error})") from None
    return journeys_from_table(frame, name, separator)


def to_path_table(journeys: JourneySet, separator: str = " > ") -> pd.DataFrame:
    """The journeys as a path table (one row per journey; aggregate() first for one per path)."""
    import pandas as pd

    paths = [separator.join(journeys.path(j)) for j in range(journeys.size)]
    return pd.DataFrame(
        {PATH: paths, CONVERSIONS: journeys.conversions, VALUE: journeys.value,
         NULLS: journeys.nulls}
    )  # fmt: skip
