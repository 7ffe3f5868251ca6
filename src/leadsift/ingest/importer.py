"""Import files into the workspace store: one transaction per file, idempotent, streaming.

A file (or each table in a ZIP) is read in batches; a column map turns each batch into the
rows of one or more tables (its yields), which are validated, keyed and written. The first
bad row stops the writing but not the reading, so the user gets every problem (the first
few in full, then a count) in one go, and the transaction is rolled back: a rejected file
leaves the database exactly as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.domain.errors import InputFileError, RowProblem
from leadsift.ingest.column_map import ColumnMap, Yield, load_builtin_maps
from leadsift.ingest.detect import detect_map
from leadsift.ingest.duplicates import DuplicateFinder
from leadsift.ingest.keys import row_keys
from leadsift.ingest.readers import RawBatch, ReadOptions, read_header_and_batches
from leadsift.ingest.sniff import FileInfo, sniff
from leadsift.ingest.sources import Source, file_source, is_zip, sha256_of, zip_sources
from leadsift.ingest.specs import STORED_AS, TABLES, TableSpec
from leadsift.ingest.validate import ValidationContext, missing_required_columns, validate
from leadsift.store import schema
from leadsift.store.bulk import BulkWriter, bulk_writer

Progress = Callable[[str, int, float], None]  # (file, rows read so far, fraction of file)

_KEY_COLUMN = {
    "touches": "touch_key",
    "contacts": "contact_key",
    "accounts": "account_key",
    "outcomes": "outcome_key",
    "profiles": "profile_key",
    "metrics": "metric_key",
}
# Placeholders tools write for "no value", read as empty cells in every file.
NULL_TEXTS = ("--", "\u2014", "\u2013", "N/A", "n/a", "#N/A")
_SUMMED = ("amount", "impressions", "reach", "clicks", "leads")
NO_ONE = "no email, phone, handle or name"
# A file expected to bring at least this many rows, and at least as many as its table
# holds, has the table's secondary indexes built once at the end (see BulkWriter).
_DEFER_INDEXES_AT = 100_000


@dataclass(frozen=True)
class ImportOptions:
    batch_rows: int = 50_000
    default_currency: str = "USD"
    column_map: ColumnMap | None = None
    campaign: str | None = None  # fills an empty or missing campaign column
    timezone: str | None = None  # zone of timestamps without an offset (overrides the map's)
    check_only: bool = False
    maps: tuple[ColumnMap, ...] | None = None  # to recognise files by; default the built-ins
    # which rows carry an erased person's identifiers (they are skipped and counted, never
    # stored): given by the application layer, which holds the suppression list
    suppressed: Callable[[pd.DataFrame], np.ndarray] | None = None


@dataclass
class TableCount:
    read: int = 0
    new: int = 0


@dataclass
class FileResult:
    file: Path
    kind: str  # the table, or the tables joined by "+"
    rows_read: int = 0  # rows (records) of the file
    rows_new: int = 0  # rows added to all tables
    status: str = "imported"  # imported, unchanged (same content imported before), checked
    warnings: list[str] = field(default_factory=list)
    maps: list[str] = field(default_factory=list)  # the maps that read it (none: own columns)
    tables: dict[str, TableCount] = field(default_factory=dict)
    left_out: Counter[str] = field(default_factory=Counter)
    suppressed: int = 0  # rows of erased people, skipped

    def summary(self) -> dict[str, Any]:
        return {
            "maps": self.maps,
            "tables": {t: {"read": c.read, "new": c.new} for t, c in self.tables.items()},
            "left_out": dict(self.left_out),
        }


class _ProblemLog:
    def __init__(self) -> None:
        self.shown: list[RowProblem] = []
        self.total = 0

    def add(self, problems: list[RowProblem], count: int | None = None) -> None:
        self.shown.extend(problems[: max(0, InputFileError.SHOWN - len(self.shown))])
        self.total += len(problems) if count is None else max(count, len(problems))


@dataclass
class _Table:
    """What one source's yields write, across its batches."""

    spec: TableSpec
    step: Yield
    duplicates: DuplicateFinder | None
    checked: bool = False
    repeated: list[tuple[int, int]] = field(default_factory=list)
    held: list[pd.DataFrame] = field(default_factory=list)  # rows to sum at the end


def _sources(path: Path) -> list[Source]:
    if not path.is_file():
        raise InputFileError(str(path), [RowProblem(1, None, "no such file")])
    if is_zip(path):
        try:
            members = zip_sources(path)
        except Exception as exc:  # zipfile raises several kinds for a damaged archive
            reason = f"unreadable ZIP: {exc}"
            raise InputFileError(str(path), [RowProblem(1, None, reason)]) from None
        if not members:
            raise InputFileError(str(path), [RowProblem(1, None, "the ZIP holds no files")])
        return members
    return [file_source(path)]


def _choose_map(
    kind: str | None, info: FileInfo, options: ImportOptions
) -> tuple[ColumnMap, FileInfo]:
    if options.column_map is not None:
        chosen = options.column_map
    elif kind is not None:
        chosen = ColumnMap.native(kind)
    else:
        maps = list(options.maps) if options.maps is not None else load_builtin_maps()
        chosen = detect_map(info, maps)
    if chosen.delimiter and info.format == "csv" and chosen.delimiter != info.delimiter:
        assert info.source is not None
        info = sniff(info.source, delimiter=chosen.delimiter)
    return chosen, info


def import_file(
    engine: sa.Engine,
    kind: str | None,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> FileResult:
    """Import one file in one transaction; with no `kind` and no map, the file's layout is
    recognised. Raises InputFileError when the file is rejected."""
    sources = _sources(path)
    plans: list[tuple[ColumnMap, FileInfo]] = []
    warnings: list[str] = []
    for source in sources:
        info = sniff(source)
        try:
            plans.append(_choose_map(kind, info, options))
        except InputFileError:
            if len(sources) == 1:
                raise
            warnings.append(f"{source.name}: left out, no map recognises its layout")
        warnings.extend(info.warnings)
    if not plans:
        raise InputFileError(
            str(path), [RowProblem(1, None, "no file in the ZIP has a known layout")]
        )
    tables = tuple(dict.fromkeys(t for m, _ in plans for t in m.tables))
    map_names = sorted({m.name for m, _ in plans if not m.is_native})
    result = FileResult(file=path, kind="+".join(tables), warnings=warnings, maps=map_names)
    map_label = ",".join(map_names) or None
    digest = sha256_of(path)
    with engine.begin() as connection:
        log_kind = result.kind if len(result.kind) <= 20 else "several"
        if not options.check_only and _already_imported(connection, digest, log_kind, map_label):
            result.status = "unchanged"
            return result
        import_id = None
        if not options.check_only:
            import_id = _open_log(connection, path, digest, plans[0][1], log_kind, map_label)
        stored = [schema.metadata.tables[STORED_AS[t]] for t in tables]
        before = {t.name: _count(connection, t) for t in stored}
        for column_map, info in plans:
            problems = _stream(connection, column_map, info, options, import_id, result, progress)
            if problems.total:
                raise InputFileError(info.name, problems.shown, problems.total)
        if options.check_only:
            result.status = "checked"
            return result
        for table in tables:
            count = result.tables.setdefault(table, TableCount())
            stored_table = schema.metadata.tables[STORED_AS[table]]
            count.new = _count(connection, stored_table) - before[stored_table.name]
        # two yields into one table (register and attend touches) share its count
        result.rows_new = sum(_count(connection, t) - before[t.name] for t in stored)
        _close_log(connection, import_id, result)
    return result


def _stream(
    connection: sa.Connection,
    column_map: ColumnMap,
    info: FileInfo,
    options: ImportOptions,
    import_id: int | None,
    result: FileResult,
    progress: Progress | None,
) -> _ProblemLog:
    problems = _ProblemLog()
    read_options = (
        ReadOptions(batch_rows=options.batch_rows)
        if column_map.is_native
        else column_map.read_options(options.batch_rows)
    )
    context = ValidationContext(
        timestamp_formats=column_map.timestamps,
        default_currency=options.default_currency,
        timezone=options.timezone or column_map.timezone,
    )
    writer = bulk_writer(connection)
    outputs = [
        _Table(
            TABLES[step.table],
            step,
            DuplicateFinder(connection, str(index))
            if TABLES[step.table].repeats == "error" and not step.distinct
            else None,
        )
        for index, step in enumerate(column_map.yields)
    ]
    nulls = NULL_TEXTS + column_map.null_values
    file_campaign = column_map.campaign_of(info.source.stem) if info.source is not None else None
    rows_read = 0
    for batch in read_header_and_batches(info, read_options):
        problems.add(batch.problems)
        frame = batch.frame
        if len(frame.columns):
            frame = frame.mask(frame.isin(nulls), None)
        if rows_read == 0 and len(frame) and not options.check_only:
            expected = len(frame) / max(batch.fraction_read, 1e-9)
            _defer_indexes(connection, writer, outputs, expected)
        rows_read += len(frame)
        result.rows_read += len(frame)
        if progress is not None:
            progress(str(result.file), result.rows_read, batch.fraction_read)
        if frame.empty:
            continue
        for output in outputs:
            _yield_batch(
                output, frame, batch, column_map, options, file_campaign, context, problems,
                result, writer, import_id, info.name,
            )  # fmt: skip
    for output in outputs:
        if output.duplicates is not None:
            output.duplicates.close()
            problems.add(*_duplicate_problems(output.spec, output.repeated))
        if output.held and not problems.total and not options.check_only:
            _write_sums(writer, output, import_id)
    if not problems.total and not options.check_only:
        writer.finish()
    if rows_read == 0 and not problems.total:
        raise InputFileError(info.name, [RowProblem(1, None, "the file has no data rows")])
    return problems


def _defer_indexes(
    connection: sa.Connection, writer: BulkWriter, outputs: list[_Table], expected: float
) -> None:
    if expected < _DEFER_INDEXES_AT:
        return
    for name in dict.fromkeys(STORED_AS[o.spec.name] for o in outputs):
        table = schema.metadata.tables[name]
        if expected >= _count(connection, table):
            writer.defer_indexes(table)


def _yield_batch(
    output: _Table,
    frame: pd.DataFrame,
    batch: RawBatch,
    column_map: ColumnMap,
    options: ImportOptions,
    file_campaign: str | None,
    context: ValidationContext,
    problems: _ProblemLog,
    result: FileResult,
    writer: BulkWriter,
    import_id: int | None,
    name: str,
) -> None:
    spec, step = output.spec, output.step
    rows, lines, found, left_out = step.apply(frame, batch.lines, column_map.name)
    problems.add(found)
    result.left_out.update(left_out)
    rows = _fill_campaign(rows, options.campaign or file_campaign)
    if not output.checked and len(rows):
        _check_columns(spec, column_map, rows, batch, name)
        output.checked = True
    if spec.leave_out_without_one_of and len(rows):
        present = [c for c in spec.one_of if c in rows.columns]
        described = rows[present].notna().any(axis=1).to_numpy() if present else None
        if described is not None and not described.all():
            result.left_out[NO_ONE] += int((~described).sum())
            rows, lines = rows[described], lines[described]
    if options.suppressed is not None and len(rows):
        hit = options.suppressed(rows)
        if hit.any():
            result.suppressed += int(hit.sum())
            rows, lines = rows[~hit], lines[~hit]
    count = result.tables.setdefault(spec.name, TableCount())
    count.read += len(rows)
    if rows.empty:
        return
    typed, good, invalid, total = validate(spec, rows, lines, context)
    problems.add(_named(invalid, step), total)
    if spec.name == "contacts":
        typed["source_type"] = column_map.source
    if spec.name == "metrics":
        typed = _metric_dates(typed)
    keys = row_keys(spec, typed)
    if output.duplicates is not None:
        output.repeated.extend(output.duplicates.add(keys[good], lines[good]))
    if problems.total or options.check_only:
        return
    if spec.repeats == "sum":
        output.held.append(typed.assign(_key=keys))
        return
    _write(writer, spec, typed, keys, import_id)


def _fill_campaign(frame: pd.DataFrame, campaign: str | None) -> pd.DataFrame:
    if campaign is None:
        return frame
    if "campaign" in frame.columns:
        frame["campaign"] = frame["campaign"].where(frame["campaign"].notna(), campaign)
    else:
        frame["campaign"] = campaign
    return frame


def _named(problems: list[RowProblem], step: Yield) -> list[RowProblem]:
    """Problems name the export's column, as the user sees it in their file."""
    renamed = []
    for problem in problems:
        theirs = step.source_column(problem.column) if problem.column else None
        column = (
            f"{theirs} ({problem.column})"
            if theirs and theirs != problem.column
            else problem.column
        )
        renamed.append(RowProblem(problem.line, column, problem.reason))
    return renamed


def _metric_dates(typed: pd.DataFrame) -> pd.DataFrame:
    """A day's row covers that day; a range without an end covers its first day."""
    typed = typed.copy()
    typed["date_from"] = typed["date_from"].where(typed["date_from"].notna(), typed["date"])
    typed["date_to"] = typed["date_to"].where(typed["date_to"].notna(), typed["date"])
    typed["date_to"] = typed["date_to"].where(typed["date_to"].notna(), typed["date_from"])
    return typed.drop(columns=["date"])


def _check_columns(
    spec: TableSpec, column_map: ColumnMap, frame: pd.DataFrame, batch: RawBatch, name: str
) -> None:
    missing = missing_required_columns(spec, list(frame.columns))
    if missing:
        found = ", ".join(str(c) for c in batch.frame.columns) or "none"
        via = "" if column_map.is_native else f" for {spec.name} by map {column_map.name!r}"
        reason = f"missing required column(s) {', '.join(missing)}{via} (found: {found})"
        raise InputFileError(name, [RowProblem(1, None, reason)])


def _write(
    writer: BulkWriter,
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
    if spec.name == "touches":
        # In key order the unique key index fills in sorted runs instead of at random
        # pages (about a seventh of a million-row import); nothing reads touches in file
        # order, which they keep by time anyway.
        frame = frame.sort_values("touch_key", kind="stable")
    writer.write(schema.metadata.tables[STORED_AS[spec.name]], frame, conflict, spec.upsert)


def _write_sums(writer: BulkWriter, output: _Table, import_id: int | None) -> None:
    """Rows of one file that share a key are parts of one figure (ad sets of a campaign on
    one day, when the report does not name them): they are added up, never collapsed."""
    held = pd.concat(output.held, ignore_index=True)
    numbers = [c for c in _SUMMED if c in held.columns]
    summed = held.groupby("_key", sort=False)[numbers].sum(min_count=1)
    first = held.drop(columns=numbers).drop_duplicates("_key").set_index("_key")
    combined = first.join(summed).reset_index()
    keys = combined.pop("_key")
    _write(writer, output.spec, combined, keys, import_id)


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
    connection: sa.Connection, digest: str, kind: str, map_name: str | None
) -> bool:
    log = schema.imports
    found = connection.execute(
        sa.select(log.c.id).where(
            log.c.sha256 == digest,
            log.c.kind == kind,
            log.c.result == "imported",
            log.c.column_map.is_(None) if map_name is None else log.c.column_map == map_name,
        )
    ).first()
    return found is not None


def _open_log(
    connection: sa.Connection,
    path: Path,
    digest: str,
    info: FileInfo,
    kind: str,
    map_name: str | None,
) -> int:
    now = datetime.now(UTC)
    inserted = connection.execute(
        schema.imports.insert().values(
            kind=kind,
            file=str(path),
            sha256=digest,
            format="zip" if is_zip(path) else info.format,
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
            summary=result.summary(),
            warnings="\n".join(result.warnings) or None,
        )
    )


def write_records(
    connection: sa.Connection,
    table: str,
    records: pd.DataFrame,
    lines: np.ndarray[Any, np.dtype[np.int64]],
    *,
    source_type: str,
    name: str,
    options: ImportOptions | None = None,
    import_id: int | None = None,
) -> tuple[int, list[RowProblem], int]:
    """Rows that come from elsewhere than a file (an API call), in leadsift's own columns,
    down a file's path: cleaned, validated, keyed and written in the caller's transaction,
    and nothing written when any row is bad. `lines` number the rows for messages (an
    event's index in its batch); `import_id` is their entry in the import log
    (ingest/service_log.py). Returns (rows read, problems shown, problems in all)."""
    options = options or ImportOptions()
    column_map = ColumnMap(name="", yields=(Yield(table),), source=source_type)
    context = ValidationContext(
        timestamp_formats={}, default_currency=options.default_currency, timezone="UTC"
    )
    output = _Table(TABLES[table], column_map.yields[0], None)
    problems = _ProblemLog()
    result = FileResult(file=Path(name), kind=table)
    frame = records.astype(object).where(records.notna(), None)
    frame = frame.mask(frame.isin(NULL_TEXTS), None)
    _yield_batch(
        output, frame, RawBatch(frame, lines), column_map, options, None, context, problems,
        result, bulk_writer(connection), import_id, name,
    )  # fmt: skip
    return result.tables.get(table, TableCount()).read, problems.shown, problems.total


def import_files(
    engine: sa.Engine,
    kind: str | None,
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
