"""Stream a CSV, JSON (Lines or document) or Parquet table as batches of text cells with
their line numbers.

Every reader yields the same thing, a `RawBatch`: a DataFrame of strings (None for empty
cells) and, for each row, the line it started on, so that any later problem can be reported
as file:line:column. Rows that cannot even be split into cells are reported here. Nested JSON
fields become columns named by their dotted path (`message.headers.subject`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from leadsift.domain.errors import InputFileError, RowProblem
from leadsift.ingest.json_records import flatten, read_json_records
from leadsift.ingest.sniff import FileInfo
from leadsift.ingest.whitespace import stripped_or_none

# Free-text columns (a bio, a note) can exceed the csv module's 128 KiB default.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RawBatch:
    frame: pd.DataFrame
    lines: np.ndarray[Any, np.dtype[np.int64]]
    problems: list[RowProblem] = field(default_factory=list)
    fraction_read: float = 1.0  # how far into the file this batch ends, for progress bars


@dataclass(frozen=True)
class ReadOptions:
    batch_rows: int = 50_000
    # the header follows the first row whose first cell is this text (or matches it as a
    # regular expression)
    header_after: str | None = None
    header_columns: tuple[str, ...] = ()  # ... else the first row that has all these cells
    stop_at_blank: bool = False  # the table ends at its first blank row
    stop_at: tuple[str, ...] = ()  # ... or at a row whose first cell is one of these
    footer: tuple[str, ...] = ()  # ... or at a row whose first cell matches one of these
    skip_rows: tuple[str, ...] = ()  # rows whose first cell matches one of these are left out
    records: str = ""  # JSON documents: the dotted path of the array of records


_HEADER_SEARCH_ROWS = 200


def read_header_and_batches(info: FileInfo, options: ReadOptions) -> Iterator[RawBatch]:
    if info.format == "csv":
        return _read_csv(info, options)
    if info.format == "jsonl":
        return _read_jsonl(info, options)
    if info.format == "json":
        return _read_json(info, options)
    return _read_parquet(info, options)


def _first_cell_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _frame(rows: list[list[str]], header: list[str]) -> pd.DataFrame:
    """Rows of raw cells as columns of trimmed text, None where empty."""
    if not rows:
        return pd.DataFrame(columns=header, dtype=object)
    columns = zip(*rows, strict=True)
    return pd.DataFrame(
        {name: stripped_or_none(cells) for name, cells in zip(header, columns, strict=True)},
        columns=header,
    )


def _clean_cell(value: str) -> str | None:
    value = value.strip()
    return value or None


def _fraction(binary: Any, size: int) -> float:
    try:
        return min(1.0, binary.tell() / size) if size else 1.0
    except (OSError, ValueError):
        return 1.0


def _read_csv(info: FileInfo, options: ReadOptions) -> Iterator[RawBatch]:
    footer = _first_cell_pattern(options.footer)
    skipped = _first_cell_pattern(options.skip_rows)
    ends_or_skips = bool(options.stop_at) or footer is not None or skipped is not None
    with (
        info.open() as binary,
        io.TextIOWrapper(binary, encoding=info.encoding, newline="") as handle,
    ):
        reader = csv.reader(handle, delimiter=info.delimiter)
        header = _csv_header(info, reader, options)
        width = len(header)
        rows: list[list[str]] = []
        lines: list[int] = []
        problems: list[RowProblem] = []
        last_line = reader.line_num
        try:
            for raw in reader:
                start = last_line + 1
                last_line = reader.line_num
                if not "".join(raw).strip():
                    if options.stop_at_blank:
                        break
                    continue
                if ends_or_skips:
                    first = raw[0].strip()
                    if options.stop_at and first in options.stop_at:
                        break
                    if footer is not None and footer.search(first):
                        break
                    if skipped is not None and skipped.search(first):
                        continue
                if len(raw) > width and not any(cell.strip() for cell in raw[width:]):
                    raw = raw[:width]  # report tools pad rows to their widest section
                if len(raw) != width:
                    problems.append(
                        RowProblem(start, None, f"has {len(raw)} fields, the header has {width}")
                    )
                    continue
                rows.append(raw)
                lines.append(start)
                if len(rows) >= options.batch_rows:
                    yield RawBatch(
                        _frame(rows, header),
                        np.asarray(lines, np.int64),
                        problems,
                        _fraction(binary, info.size),
                    )
                    rows, lines, problems = [], [], []
        except csv.Error as exc:
            problems.append(RowProblem(reader.line_num, None, f"unreadable CSV: {exc}"))
        if rows or problems:
            yield RawBatch(_frame(rows, header), np.asarray(lines, np.int64), problems)


def _header_after(text: str, row: list[str]) -> bool:
    if not row:
        return False
    cell = row[0].strip().lstrip("\ufeff")
    if cell == text:
        return True
    try:
        return re.match(text, cell) is not None
    except re.error:
        return False


def _csv_header(info: FileInfo, reader: Any, options: ReadOptions) -> list[str]:
    try:
        header_row: list[str] | None
        if options.header_after is not None:
            for row in reader:
                if _header_after(options.header_after, row):
                    break
            else:
                raise _file_problem(
                    info, 1, f"no row starting with {options.header_after!r} before the table"
                )
            header_row = next(reader, None)
        elif options.header_columns:
            header_row = _find_header(info, reader, options.header_columns)
        else:
            header_row = next(reader, None)
    except csv.Error as exc:
        raise _file_problem(info, reader.line_num, f"unreadable CSV: {exc}") from None
    if header_row is None or not any(cell.strip() for cell in header_row):
        raise _file_problem(info, 1, "the file has no header row")
    header = [cell.strip().lstrip("\ufeff") for cell in header_row]
    while header and not header[-1]:
        header.pop()  # padding from a wider section above, not a column
    _check_header(info, reader.line_num, header)
    return header


def _find_header(info: FileInfo, reader: Any, columns: tuple[str, ...]) -> list[str]:
    """The first row holding every one of `columns`: reports put titles and date ranges
    above their header."""
    wanted = set(columns)
    for row in reader:
        if wanted <= {cell.strip().lstrip("\ufeff") for cell in row}:
            return list(row)
        if reader.line_num > _HEADER_SEARCH_ROWS:
            break
    raise _file_problem(
        info, 1, f"no header row with the columns {', '.join(columns)} near the top of the file"
    )


def _check_header(info: FileInfo, line: int, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            raise _file_problem(info, line, "the header has an empty column name")
        if name in seen:
            raise _file_problem(info, line, f"the header names column {name!r} twice")
        seen.add(name)


def _file_problem(info: FileInfo, line: int, reason: str) -> InputFileError:
    return InputFileError(info.name, [RowProblem(line, None, reason)])


def _json_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _clean_cell(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _read_jsonl(info: FileInfo, options: ReadOptions) -> Iterator[RawBatch]:
    records: list[dict[str, str | None]] = []
    lines: list[int] = []
    problems: list[RowProblem] = []
    with (
        info.open() as binary,
        io.TextIOWrapper(binary, encoding=info.encoding) as handle,
    ):
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(RowProblem(number, None, f"invalid JSON at column {exc.colno}"))
                continue
            if not isinstance(value, dict):
                problems.append(RowProblem(number, None, "a line must be a JSON object {...}"))
                continue
            records.append({k: _json_cell(v) for k, v in flatten(value).items()})
            lines.append(number)
            if len(records) >= options.batch_rows:
                batch = _jsonl_batch(records, lines, problems)
                batch.fraction_read = _fraction(binary, info.size)
                yield batch
                records, lines, problems = [], [], []
    if records or problems:
        yield _jsonl_batch(records, lines, problems)


def _read_json(info: FileInfo, options: ReadOptions) -> Iterator[RawBatch]:
    with info.open() as binary:
        text = binary.read().decode(info.encoding)
    records: list[dict[str, str | None]] = []
    lines: list[int] = []
    for line, record in read_json_records(info.name, text, options.records):
        records.append({k: _json_cell(v) for k, v in flatten(record).items()})
        lines.append(line)
        if len(records) >= options.batch_rows:
            yield _jsonl_batch(records, lines, [])
            records, lines = [], []
    if records:
        yield _jsonl_batch(records, lines, [])


def _jsonl_batch(
    records: list[dict[str, str | None]], lines: list[int], problems: list[RowProblem]
) -> RawBatch:
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    frame = frame.astype(object).where(frame.notna(), None)
    return RawBatch(frame, np.asarray(lines, np.int64), problems)


def _arrow_to_text(column: Any) -> Any:
    if pa.types.is_timestamp(column.type) and column.type.tz is None:
        # a naive Parquet timestamp means UTC, as a missing offset does in text files
        column = pc.assume_timezone(column, "UTC")
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column
    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.array([None if v is None else json.dumps(v) for v in column.to_pylist()])


def _read_parquet(info: FileInfo, options: ReadOptions) -> Iterator[RawBatch]:
    try:
        parquet = pq.ParquetFile(info.path)  # never compressed nor in a ZIP (sniff refuses)
    except (pa.ArrowInvalid, OSError) as exc:
        raise _file_problem(info, 1, f"unreadable Parquet file: {exc}") from None
    header = list(parquet.schema_arrow.names)
    _check_header(info, 1, header)
    first_row = 1
    for batch in parquet.iter_batches(batch_size=options.batch_rows):
        columns = {name: _arrow_to_text(batch.column(name)) for name in header}
        frame = pa.table(columns).to_pandas(types_mapper=None).astype(object)
        frame = frame.apply(lambda col: col.str.strip().replace("", None) if len(col) else col)
        frame = frame.where(frame.notna(), None)
        # Parquet has no lines; we number rows from 1 so messages still point at a row.
        lines = np.arange(first_row, first_row + len(frame), dtype=np.int64)
        first_row += len(frame)
        total = parquet.metadata.num_rows
        yield RawBatch(frame, lines, [], (first_row - 1) / total if total else 1.0)
