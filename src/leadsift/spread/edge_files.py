"""Edge files read at disk speed: SNAP text by one pass of a compiled scanner over the bytes,
CSV and TSV by pyarrow's multithreaded reader, Parquet by pyarrow; gzip for any of them.

Each gives two id columns (an int64 numpy array when every id is a plain integer, else a
pyarrow text array) and the `p` column when there is one; `csr.number_nodes` takes it from
there. What the files may hold and the messages for bad lines are those of the reader they
replace (`graph.read_edges`): SNAP text is two ids a line (spaces, tabs or commas between,
more fields ignored), blank lines and lines starting with # or % skipped; CSV and TSV have a
header, `source`, `target` and optionally `p`, or else their first two columns are taken.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numba
import numpy as np

from leadsift.spread.graph import GraphError


@dataclass(frozen=True)
class EdgeColumns:
    source: Any  # np.ndarray of int64, or a pyarrow text array
    target: Any
    p: np.ndarray | None = None  # float64, checked to be in [0, 1]


def unpack(path: Path, data: bytes) -> bytes:
    """The file's bytes, gunzipped when it is gzipped."""
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise GraphError(f"{path}: not a readable gzip file ({exc})") from None
    return data


def read_columns(path: Path, data: bytes, kind: str) -> EdgeColumns:
    """The edge columns of `data`, the (gunzipped) bytes of `path`, a `kind` file (snap, csv,
    tsv or parquet: graph_cache.kind_of)."""
    if kind == "parquet":
        return _from_table(path, _parquet(path, data))
    if kind in ("csv", "tsv"):
        return _from_table(path, _csv(path, data, "\t" if kind == "tsv" else ","))
    return _snap(path, data)


def _parquet(path: Path, data: bytes) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        raise GraphError(f"{path}: not a readable Parquet file ({exc})") from None


def _csv(path: Path, data: bytes, delimiter: str) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    invalid: list[str] = []

    def refuse(row: Any) -> str:
        invalid.append(row.text)
        return "skip"

    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    names = [name.strip().strip('"').lower() for name in header.rstrip("\r").split(delimiter)]
    try:
        table = pcsv.read_csv(
            pa.BufferReader(data),
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, invalid_row_handler=refuse),
            # every column as text: ids are text until they prove to be plain numbers
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        kind = "TSV" if delimiter == "\t" else "CSV"
        raise GraphError(f"{path}: cannot read it as {kind} ({exc})") from None
    if invalid:
        line = _line_of(data, invalid[0])
        raise GraphError(
            f"{path}:{line}: expected {len(names)} fields as in the header, found "
            f"{invalid[0][:60]!r}"
        )
    return table


def _line_of(data: bytes, text: str) -> int:
    at = data.find(text.encode("utf-8", "replace"))
    return data.count(b"\n", 0, at) + 1 if at >= 0 else 0


def _from_table(path: Path, table: Any) -> EdgeColumns:
    import pyarrow as pa
    import pyarrow.compute as pc

    names = [str(name).strip().lower() for name in table.column_names]
    table = table.rename_columns(names)
    if not {"source", "target"} <= set(names):
        if len(names) >= 2 and "source" not in names:
            # a header-less or differently named two-column list, as SNAP's CSVs are
            names = ["source", "target", *names[2:]]
            table = table.rename_columns(names)
        else:
            raise GraphError(f"{path}: needs columns source and target")
    if table.num_rows == 0:
        raise GraphError(f"{path}: the graph has no edges")
    columns = []
    for name in ("source", "target"):
        column = table.column(name).combine_chunks()
        if pa.types.is_integer(column.type) and column.null_count == 0:
            columns.append(column.to_numpy().astype(np.int64, copy=False))
        else:
            columns.append(pc.utf8_trim_whitespace(column.cast(pa.large_string())))
    p = _probabilities(path, table.column("p")) if "p" in names else None
    return EdgeColumns(columns[0], columns[1], p)


def _probabilities(path: Path, column: Any) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = None
    if values is None or column.null_count or np.isnan(values).any():
        import pandas as pd  # the bad value's row, on the error path only

        values = pd.to_numeric(pd.Series(column.to_pylist()), errors="coerce").to_numpy(float)
    bad = np.flatnonzero(~((values >= 0) & (values <= 1)))
    if len(bad):
        row = int(bad[0])
        raise GraphError(f"{path}:{row + 2}: probability {column[row].as_py()!r} is not in [0, 1]")
    return np.asarray(values, dtype=np.float64)


@numba.njit(cache=True, nogil=True)
def _scan(buf, as_text):  # type: ignore[no-untyped-def]
    """SNAP text: the first two tokens of each line that is not blank or a comment. As
    numbers (values) until a token is not a canonical integer, then `ok` is False; with
    as_text, their bytes packed one after another (text, with the token `ends`). `bad` is
    the 1-based number of the first line with fewer than two tokens (0: none)."""
    size = buf.shape[0]
    lines = 1
    for i in range(size):
        if buf[i] == 10 or (buf[i] == 13 and (i + 1 == size or buf[i + 1] != 10)):
            lines += 1
    values = np.empty(0 if as_text else 2 * lines, dtype=np.int64)
    ends = np.empty(2 * lines if as_text else 0, dtype=np.int64)
    text = np.empty(size if as_text else 0, dtype=np.uint8)
    count = 0
    used = 0
    line = 0
    i = 0
    ok = True
    while i < size:
        line += 1
        # a line: skip leading blanks
        while i < size and (buf[i] == 32 or buf[i] == 9 or buf[i] == 11 or buf[i] == 12):
            i += 1
        comment = i < size and (buf[i] == 35 or buf[i] == 37)
        tokens = 0
        while i < size and buf[i] != 10 and buf[i] != 13:
            c = buf[i]
            if c == 32 or c == 9 or c == 44 or c == 11 or c == 12:
                i += 1
                continue
            start = i
            while i < size:
                c = buf[i]
                if c == 32 or c == 9 or c == 44 or c == 11 or c == 12 or c == 10 or c == 13:
                    break
                i += 1
            if comment or tokens >= 2:
                tokens += 1
                continue
            if as_text:
                text[used : used + i - start] = buf[start:i]
                used += i - start
                ends[count] = used
            elif ok:
                length = i - start
                canonical = 0 < length <= 18 and not (length > 1 and buf[start] == 48)
                number = 0
                for j in range(start, i):
                    digit = buf[j] - 48
                    if digit < 0 or digit > 9:
                        canonical = False
                        break
                    number = number * 10 + digit
                if not canonical:
                    ok = False
                else:
                    values[count] = number
            count += 1
            tokens += 1
        if not comment and tokens == 1:
            return values[:0], ends[:0], text[:0], ok, line
        if i < size and buf[i] == 13 and i + 1 < size and buf[i + 1] == 10:
            i += 1  # \r\n is one line end
        i += 1
    return values[:count], ends[:count], text[:used], ok, 0


def _snap(path: Path, data: bytes) -> EdgeColumns:
    import pyarrow as pa

    buf = np.frombuffer(data, dtype=np.uint8)
    values, _, _, ok, bad = _scan(buf, False)
    if bad:
        raise GraphError(f"{path}:{bad}: expected two node ids, found {_line(data, bad)!r}")
    if len(values) == 0:
        raise GraphError(f"{path}: the graph has no edges")
    if ok:
        return EdgeColumns(values[0::2].copy(), values[1::2].copy())
    _, ends, text, _, _ = _scan(buf, True)
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    binary = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(text)]
    )
    try:
        strings = binary.cast(pa.large_string())
    except pa.ArrowInvalid:  # not UTF-8: as the text reader did, with replacement marks
        decoded = [value.decode("utf-8", "replace") for value in binary.to_pylist()]
        strings = pa.array(decoded, type=pa.large_string())
    return EdgeColumns(strings[0::2], strings[1::2])


def _line(data: bytes, number: int) -> str:
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")[number - 1]
    return text.decode("utf-8", "replace").strip()[:60]
