"""Import files into the workspace store: one transaction per file, idempotent, streaming.

A file is read in batches; each batch is mapped, validated, keyed and written. The first bad
row stops the writing but not the reading, so the user gets every problem (the first few in
full, then a count) in one go, and the transaction is rolled back: a rejected file leaves the
database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.domain.errors import InputFileError, RowProblem
from leadsift.ingest.column_map import ColumnMap
from leadsift.ingest.duplicates import DuplicateFinder
from leadsift.ingest.keys import row_keys
from leadsift.ingest.readers import RawBatch, ReadOptions, read_header_and_batches
from leadsift.ingest.sniff import FileInfo, sniff
from leadsift.ingest.specs import TABLES, TableSpec
from leadsift.ingest.validate import ValidationContext, missing_required_columns, validate
from leadsift.store import schema
from leadsift.store.bulk import bulk_writer

Progress = Callable[[str, int, float], None]  # (file, rows read so far, fraction of file)

_KEY_COLUMN = {
    "touches": "touch_key",
    "contacts": "contact_key",
    "accounts": "account_key",
    "outcomes": "outcome_key",
    "profiles": "profile_key",
}


@dataclass(frozen=True)
class ImportOptions:
    batch_rows: int = 50_000
    default_currency: str = "USD"
    column_map: ColumnMap | None = None
    campaign: str | None = None  # fills an empty or missing campaign column
    timezone: str | None = None  # zone of timestamps without an offset (overrides the map's)
    check_only: bool = False


@dataclass
class FileResult:
    file: Path
    kind: str
    rows_read: int = 0
    rows_new: int = 0
    status: str = "imported"  # imported, unchanged (same content imported before), checked
    warnings: list[str] = field(default_factory=list)


class _ProblemLog:
    def __init__(self) -> None:
        self.shown: list[RowProblem] = []
        self.total = 0

    def add(self, problems: list[RowProblem], count: int | None = None) -> None:
        self.shown.extend(problems[: max(0, InputFileError.SHOWN - len(self.shown))])
        self.total += len(problems) if count is None else max(count, len(problems))


def import_file(
    engine: sa.Engine,
    kind: str,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> FileResult:
    """Import one file in one transaction. Raises InputFileError when the file is rejected."""
    spec = TABLES[kind]
    info = sniff(path, delimiter=options.column_map.delimiter if options.column_map else None)
    result = FileResult(file=path, kind=kind, warnings=list(info.warnings))
    map_name = options.column_map.name if options.column_map else None
    with engine.begin() as connection:
        if not options.check_only and _already_imported(connection, info, kind, map_name):
            result.status = "unchanged"
            return result
        import_id = None if options.check_only else _open_log(connection, info, kind, map_name)
        table = schema.metadata.tables[kind]
        count_before = 0 if options.check_only else _count(connection, table)
        problems = _stream(connection, spec, info, options, import_id, result, progress)
        if problems.total:
            raise InputFileError(str(path), problems.shown, problems.total)
        if options.check_only:
            result.status = "checked"
            return result
        result.rows_new = _count(connection, table) - count_before
        _close_log(connection, import_id, result)
    return result


def _stream(
    connection: sa.Connection,
    spec: TableSpec,
    info: FileInfo,
    options: ImportOptions,
    import_id: int | None,
    result: FileResult,
    progress: Progress | None,
) -> _ProblemLog:
    problems = _ProblemLog()
    column_map = options.column_map
    read_options = (
        column_map.read_options(options.batch_rows)
        if column_map
        else ReadOptions(batch_rows=options.batch_rows)
    )
    context = ValidationContext(
        timestamp_formats=column_map.timestamps if column_map else {},
        default_currency=options.default_currency,
        timezone=options.timezone or (column_map.timezone if column_map else None),
    )
    writer = bulk_writer(connection)
    table = schema.metadata.tables[spec.name]
    duplicates = DuplicateFinder(connection)
    repeated: list[tuple[int, int]] = []
    header_checked = False
    for batch in read_header_and_batches(info, read_options):
        problems.add(batch.problems)
        frame = _prepare(batch, column_map, options, problems)
        if not header_checked and len(frame):
            _check_columns(spec, info, frame, batch)
            header_checked = True
        result.rows_read += len(frame)
        if progress is not None:
            progress(str(info.path), result.rows_read, batch.fraction_read)
        if frame.empty:
            continue
        typed, good, found, count = validate(spec, frame, batch.lines, context)
        problems.add(found, count)
        keys = row_keys(spec, typed)
        repeated.extend(duplicates.add(keys[good], batch.lines[good]))
        if problems.total or options.check_only:
            continue
        _write(writer, table, spec, typed, keys, import_id)
    duplicates.close()
    problems.add(*_duplicate_problems(spec, repeated))
    if result.rows_read == 0 and not problems.total:
        raise InputFileError(str(info.path), [RowProblem(1, None, "the file has no data rows")])
    return problems


def _prepare(
    batch: RawBatch, column_map: ColumnMap | None, options: ImportOptions, problems: _ProblemLog
) -> pd.DataFrame:
    frame = batch.frame
    if column_map is not None:
        frame, found = column_map.apply(frame, batch.lines)
        problems.add(found)
    if options.campaign is not None:
        if "campaign" in frame.columns:
            frame["campaign"] = frame["campaign"].where(frame["campaign"].notna(), options.campaign)
        else:
            frame["campaign"] = options.campaign
    return frame


def _check_columns(spec: TableSpec, info: FileInfo, frame: pd.DataFrame, batch: RawBatch) -> None:
    missing = missing_required_columns(spec, list(frame.columns))
    if missing:
        found = ", ".join(str(c) for c in batch.frame.columns) or "none"
        reason = f"missing required column(s) {', '.join(missing)} (found: {found})"
        raise InputFileError(str(info.path), [RowProblem(1, None, reason)])


def _write(
    writer: Any,
    table: sa.Table,
    spec: TableSpec,
    typed: pd.DataFrame,
    keys: pd.Series,
    import_id: int | None,
) -> None:
    frame = typed.copy()
    key_column = _KEY_COLUMN.get(spec.name)
    if key_column is not None:
        frame[key_column] = keys
        conflict: tuple[str, ...] = (key_column,)
    else:
        conflict = spec.key_columns
    frame["import_id"] = import_id
    writer.write(table, frame, conflict, spec.upsert)


def _duplicate_problems(
    spec: TableSpec, repeated: list[tuple[int, int]]
) -> tuple[list[RowProblem], int]:
    """Rows of one file that share a key: an error, since we could not tell which to keep."""
    named = ", ".join(spec.key_columns) if spec.name != "touches" else "touch_id (or content)"
    problems = [
        RowProblem(line, None, f"duplicate key ({named}) of line {first}")
        for line, first in sorted(repeated)[: InputFileError.SHOWN]
    ]
    return problems, len(repeated)


def _count(connection: sa.Connection, table: sa.Table) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _already_imported(
    connection: sa.Connection, info: FileInfo, kind: str, map_name: str | None
) -> bool:
    log = schema.imports
    found = connection.execute(
        sa.select(log.c.id).where(
            log.c.sha256 == info.sha256,
            log.c.kind == kind,
            log.c.result == "imported",
            log.c.column_map.is_(None) if map_name is None else log.c.column_map == map_name,
        )
    ).first()
    return found is not None


def _open_log(connection: sa.Connection, info: FileInfo, kind: str, map_name: str | None) -> int:
    now = datetime.now(UTC)
    inserted = connection.execute(
        schema.imports.insert().values(
            kind=kind,
            file=str(info.path),
            sha256=info.sha256,
            format=info.format,
            column_map=map_name,
            rows_read=0,
            rows_new=0,
            started_at=now,
            finished_at=now,
            result="running",
            warnings="\n".join(info.warnings) or None,
        )
    )
    key = inserted.inserted_primary_key
    assert key is not None, "an INSERT into imports returns its id"
    return int(key[0])


def _close_log(connection: sa.Connection, import_id: int | None, result: FileResult) -> None:
    connection.execute(
        schema.imports.update()
        .where(schema.imports.c.id == import_id)
        .values(
            rows_read=result.rows_read,
            rows_new=result.rows_new,
            finished_at=datetime.now(UTC),
            result="imported",
        )
    )


def import_files(
    engine: sa.Engine,
    kind: str,
    paths: Sequence[Path],
    options: ImportOptions,
    progress: Progress | None = None,
) -> tuple[list[FileResult], list[InputFileError]]:
    """Import each file in its own transaction; a rejected file does not stop the others."""
    results: list[FileResult] = []
    errors: list[InputFileError] = []
    for path in paths:
        try:
            results.append(import_file(engine, kind, path, options, progress))
        except InputFileError as error:
            errors.append(error)
    return results, errors
