"""Recognise which tool wrote a file: its header (or its first JSON record) against each
built-in map's `[detect]` columns, else leadsift's own columns for one table."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pyarrow.parquet as pq

from leadsift.domain.errors import InputFileError, RowProblem
from leadsift.ingest.column_map import ColumnMap
from leadsift.ingest.json_records import flatten, read_json_records
from leadsift.ingest.readers import _header_after
from leadsift.ingest.sniff import FileInfo
from leadsift.ingest.specs import IMPORT_KINDS, TABLES
from leadsift.ingest.validate import missing_required_columns

_ROWS = 200


@dataclass(frozen=True)
class _Candidate:
    column_map: ColumnMap
    score: tuple[int, int]
    missing: tuple[str, ...]


def _rows(info: FileInfo, delimiter: str) -> list[list[str]]:
    with info.open() as binary:
        head = binary.read(1 << 20).decode(info.encoding, errors="replace")
    lines = head.splitlines()[:_ROWS]
    try:
        return [
            [c.strip().lstrip("\ufeff") for c in r] for r in csv.reader(lines, delimiter=delimiter)
        ]
    except csv.Error:
        return []


def _json_keys(info: FileInfo, records: str = "") -> list[str]:
    if info.format == "parquet":
        return list(pq.ParquetFile(info.path).schema_arrow.names)
    with info.open() as binary:
        if info.format == "jsonl":
            first = io.TextIOWrapper(binary, encoding=info.encoding).readline()
            try:
                value = json.loads(first)
            except json.JSONDecodeError:
                return []
            return list(flatten(value)) if isinstance(value, dict) else []
        text = binary.read().decode(info.encoding)
    try:
        for _, record in read_json_records(info.name, text, records):
            return list(flatten(record))
    except InputFileError:
        if records:
            return []
        raise
    return []


def _header_row(column_map: ColumnMap, rows: list[list[str]]) -> list[str] | None:
    """The row this map would take as its header."""
    if column_map.header_after is not None:
        for index, row in enumerate(rows[:-1]):
            if _header_after(column_map.header_after, row):
                return rows[index + 1]
        return None
    wanted = set(column_map.detect_columns)
    return next((row for row in rows if wanted <= set(row)), None)


def _mapped_columns(column_map: ColumnMap) -> set[str]:
    return {theirs for y in column_map.yields for theirs, _ in y.columns}


def _score(column_map: ColumnMap, header: set[str]) -> _Candidate:
    wanted = column_map.detect_columns
    missing = tuple(c for c in wanted if c not in header)
    found = len(wanted) - len(missing)
    mapped = len((_mapped_columns(column_map) | set(wanted)) & header)
    # among maps whose signature the header has, the one that explains most of its columns
    return _Candidate(column_map, (mapped if not missing else -len(missing), found), missing)


def detect_map(info: FileInfo, maps: list[ColumnMap]) -> ColumnMap:
    """The map for this file: the built-in whose detect columns its header has (the one
    that knows most of its columns), else leadsift's own layout of one table."""
    candidates: list[_Candidate] = []
    text_rows: list[list[str]] = []
    if info.format == "csv":
        by_delimiter: dict[str, list[list[str]]] = {}
        for column_map in maps:
            if not column_map.detect_columns:
                continue
            delimiter = column_map.delimiter or info.delimiter
            rows = by_delimiter.setdefault(delimiter, _rows(info, delimiter))
            header = _header_row(column_map, rows)
            if header is not None:
                candidates.append(_score(column_map, set(header)))
                continue
            wanted = set(column_map.detect_columns)
            nearest = max(rows, key=lambda r: len(set(r) & wanted), default=[])
            best = _score(column_map, set(nearest))
            if column_map.header_after is not None:
                marker = f"a row {column_map.header_after!r} above its header"
                score = (best.score[0] - 1, best.score[1])
                best = _Candidate(column_map, score, (*best.missing, marker))
            candidates.append(best)
        text_rows = by_delimiter.get(info.delimiter) or _rows(info, info.delimiter)
        first = text_rows[0] if text_rows else []
    else:
        cache: dict[str, list[str]] = {}
        for column_map in maps:
            if not column_map.detect_columns:
                continue
            keys = cache.setdefault(column_map.records, _json_keys(info, column_map.records))
            candidates.append(_score(column_map, set(keys)))
        first = cache.get("") or _json_keys(info)
    matched = [c for c in candidates if not c.missing]
    if matched:
        return max(matched, key=lambda c: c.score).column_map
    native = _native(first)
    if native is not None:
        return ColumnMap.native(native)
    raise _no_match(info, candidates, first)


def _native(header: list[str]) -> str | None:
    """A file in leadsift's own columns: the table whose required columns it has and whose
    columns it shares most of."""
    best: tuple[float, str] | None = None
    present = set(header)
    for kind in IMPORT_KINDS:
        spec = TABLES[kind]
        if missing_required_columns(spec, header):
            continue
        known = present & (set(spec.column_names) | spec.extra_known)
        required = sum(1 for c in spec.columns if c.required)
        score = required + len(known) / max(1, len(present))
        if best is None or score > best[0]:
            best = (score, kind)
    return best[1] if best is not None else None


def _no_match(info: FileInfo, candidates: list[_Candidate], header: list[str]) -> InputFileError:
    closest = sorted(candidates, key=lambda c: c.score, reverse=True)[:3]
    near = "; ".join(
        f"{c.column_map.name} (lacks {', '.join(c.missing)})" for c in closest if c.missing
    )
    found = ", ".join(h for h in header if h)[:300] or "none"
    reason = (
        f"no built-in map recognises this layout, and it lacks leadsift's own columns. "
        f"Closest maps: {near or 'none'}. Columns found: {found}. Name the table and a map "
        "(leadsift import KIND FILE --map MAP.toml); docs/map-format.md says how to write one"
    )
    return InputFileError(info.name, [RowProblem(1, None, reason)])
