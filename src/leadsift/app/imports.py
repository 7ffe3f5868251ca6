"""Imports: files as the team's tools export them, into the workspace, and the built-in
column maps that recognise those tools' layouts."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadsift.app.errors import BadOption
from leadsift.app.session import OnWait, Session
from leadsift.domain.errors import InputFileError, LeadsiftError
from leadsift.ingest.column_map import load_builtin_maps, load_map
from leadsift.ingest.importer import FileResult, ImportOptions, Progress
from leadsift.ingest.importer import import_files as run_imports
from leadsift.privacy.suppression import SuppressionFilter

# where each built-in map's layout is documented
MAPS_DOCS = "docs/maps.md"

__all__ = [
    "MAPS_DOCS", "FileResult", "ImportOutcome", "ImportRequest", "MapInfo", "Progress",
    "check_timezone", "file_result_dict", "import_files", "list_maps",
]  # fmt: skip


def check_timezone(name: str) -> None:
    """Refuse a name that is not an IANA time zone (BadOption)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BadOption(
            "--timezone", f"{name!r} is not an IANA time zone such as America/Chicago"
        ) from None


@dataclass(frozen=True)
class ImportRequest:
    """How to read the files: a column map (a built-in name or a MAP.toml path; none: the
    layout is recognised), validate only (`check`), the campaign of rows that name none,
    the zone of timestamps without an offset. The time zone is checked when made."""

    column_map: str | None = None
    check: bool = False
    campaign: str | None = None
    timezone: str | None = None

    def __post_init__(self) -> None:
        if self.timezone is not None:
            check_timezone(self.timezone)


def file_result_dict(result: FileResult) -> dict[str, Any]:
    """What one file gave, as JSON-ready values (`leadsift import --json`)."""
    return {
        "file": str(result.file),
        "kind": result.kind,
        "maps": result.maps,
        "status": result.status,
        "rows_read": result.rows_read,
        "rows_new": result.rows_new,
        "tables": {t: {"read": c.read, "new": c.new} for t, c in result.tables.items()},
        "left_out": dict(result.left_out),
        "suppressed": result.suppressed,
        "warnings": result.warnings,
    }


@dataclass(frozen=True)
class ImportOutcome:
    """The files imported (or checked) and the files rejected whole, each with its problems.
    A rejected file does not stop the others."""

    results: list[FileResult] = field(default_factory=list)
    rejected: list[InputFileError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": [file_result_dict(r) for r in self.results],
            "rejected": [
                {"file": e.file, "problems": [p.__dict__ for p in e.problems], "total": e.total}
                for e in self.rejected
            ],
        }


def import_files(
    session: Session,
    kind: str | None,
    paths: Sequence[Path],
    request: ImportRequest = ImportRequest(),
    progress: Progress | None = None,
    on_wait: OnWait | None = None,
) -> ImportOutcome:
    """Import the files into table `kind` (contacts, touches...; None: recognise each file's
    layout) under the workspace's write lock, each file in its own transaction, with the
    workspace's [imports] batch size and default currency. A map that yields no `kind` is
    a LeadsiftError. `progress` hears (file, rows read, fraction of the file)."""
    mapping = load_map(request.column_map) if request.column_map else None
    if mapping is not None and kind is not None and kind not in mapping.tables:
        yields = " and ".join(mapping.tables)
        raise LeadsiftError(f"map {mapping.name!r} is for {yields}, not for {kind}")
    settings = session.settings.imports
    with session.reading() as connection:
        erased = SuppressionFilter.load(connection, reasons=("erased",))
    options = ImportOptions(
        suppressed=None if erased is None else erased.rows,
        batch_rows=settings.batch_rows,
        default_currency=settings.default_currency,
        column_map=mapping,
        campaign=request.campaign,
        timezone=request.timezone,
        check_only=request.check,
    )
    with session.locked("leadsift import", on_wait):
        results, errors = run_imports(session.engine, kind, paths, options, progress)
    return ImportOutcome(results, errors)


@dataclass(frozen=True)
class MapInfo:
    """A built-in column map: the tool whose export layout it reads, the tables it yields,
    the source type of what it yields, the columns that recognise the layout, and where it
    is documented."""

    name: str
    tool: str
    yields: list[str]
    source_type: str
    description: str
    reference: str
    recognised_by: list[str]
    docs: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def list_maps() -> list[MapInfo]:
    """The built-in column maps, by name."""
    return [
        MapInfo(
            name=m.name, tool=m.tool, yields=list(m.tables), source_type=m.source,
            description=m.description, reference=m.reference,
            recognised_by=list(m.detect_columns), docs=f"{MAPS_DOCS}#{m.name}",
        )
        for m in load_builtin_maps()
    ]  # fmt: skip
