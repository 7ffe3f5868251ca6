"""Column maps: how a tool's export becomes leadsift's tables (docs/map-format.md).

A map reads one export layout and yields one or more tables from each row (a Zoom attendee
report gives people, `register` touches and `attend` touches). Parsing here; applying a
yield to a batch is `Yield.apply`.
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadsift.domain.errors import ConfigError, RowProblem
from leadsift.ingest.readers import ReadOptions
from leadsift.ingest.specs import TABLES, YIELD_TABLES

_ALLOWED_KEYS = {
    "name", "kind", "tool", "description", "reference", "source", "read", "detect", "columns",
    "values", "constants", "timestamps", "timezone", "yields",
}  # fmt: skip
_READ_KEYS = {
    "delimiter", "encoding", "header_after", "stop_at_blank", "stop_at", "footer", "skip_rows",
    "null_values", "records", "campaign_from_file",
}  # fmt: skip
_YIELD_KEYS = {"table", "columns", "values", "constants", "skip", "when", "distinct"}
SOURCE_TYPES = ("crm", "list", "webinar", "form", "email", "ads", "event", "api")


@dataclass(frozen=True)
class Yield:
    """One table a map gives from each row of the file."""

    table: str
    columns: tuple[tuple[str, str], ...] = ()  # (export column, ours), in the map's order
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    skip: dict[str, frozenset[str]] = field(default_factory=dict)
    when: dict[str, frozenset[str]] = field(default_factory=dict)
    distinct: bool = False  # identical rows of this yield in one file are one row
    # export columns named like one of ours that another yield maps: this yield leaves them
    # out rather than take them as its own (SendGrid's `ip` is the recipient's only on
    # engagement events)
    hidden: frozenset[str] = frozenset()

    def source_column(self, ours: str) -> str | None:
        """The export column that feeds `ours`, for messages."""
        return next((theirs for theirs, mine in self.columns if mine == ours), None)

    def apply(
        self, frame: pd.DataFrame, lines: Any, map_name: str
    ) -> tuple[pd.DataFrame, Any, list[RowProblem], Counter[str]]:
        """The rows this yield keeps, renamed, translated and completed; their lines; the
        problems; and the rows left out by `skip`, per value."""
        left_out: Counter[str] = Counter()
        keep = np.ones(len(frame), dtype=bool)
        for column, allowed in self.when.items():
            cells = frame[column] if column in frame.columns else pd.Series(None, index=frame.index)
            keep &= cells.isin(allowed).to_numpy()
        frame = self._rename(frame)
        for column, values in self.skip.items():
            if column in frame.columns:
                skipped = frame[column].isin(values).to_numpy() & keep
                left_out.update(frame[column][skipped].astype(str))
                keep &= ~skipped
        if not keep.all():
            frame = frame[keep]
            lines = lines[keep]
        problems: list[RowProblem] = []
        for column, mapping in self.values.items():
            if column not in frame.columns:
                continue
            source = frame[column]
            translated = source.map(mapping)
            if "*" in mapping:
                translated = translated.where(source.isna() | translated.notna(), mapping["*"])
            unmapped = (source.notna() & translated.isna()).to_numpy()
            theirs = self.source_column(column)
            shown = f"{theirs} ({column})" if theirs and theirs != column else column
            for position in unmapped.nonzero()[0][:50]:
                problems.append(
                    RowProblem(
                        int(lines[position]),
                        shown,
                        f"value {source.iloc[position]!r} has no translation in map "
                        f"{map_name!r} (known: {', '.join(sorted(mapping))})",
                    )
                )
            frame[column] = translated.where(translated.notna(), None)
        for column, value in self.constants.items():
            if column not in frame.columns:
                frame[column] = value
            else:
                frame[column] = frame[column].where(frame[column].notna(), value)
        return frame, lines, problems, left_out

    def _rename(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Several export columns mapped to one are taken in the map's order, the first
        non-empty cell winning (Zoom's Join Time, else Registration Time)."""
        mapped = {theirs for theirs, _ in self.columns}
        renamed = pd.DataFrame(index=frame.index)
        for column in frame.columns:
            if column not in mapped and column not in self.hidden:
                renamed[column] = frame[column]
        for theirs, ours in self.columns:
            if theirs not in frame.columns:
                continue
            if ours in renamed.columns:
                current = renamed[ours]
                renamed[ours] = current.where(current.notna(), frame[theirs])
            else:
                renamed[ours] = frame[theirs]
        return renamed


@dataclass(frozen=True)
class ColumnMap:
    name: str
    yields: tuple[Yield, ...]
    tool: str = ""
    description: str = ""
    reference: str = ""
    source: str = "list"  # the source type of the observations it yields
    delimiter: str | None = None
    encoding: str | None = None
    header_after: str | None = None
    stop_at_blank: bool = False
    stop_at: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    skip_rows: tuple[str, ...] = ()
    null_values: tuple[str, ...] = ()
    records: str = ""
    campaign_from_file: str | None = None
    timezone: str | None = None  # zone of timestamps that carry no offset
    detect_columns: tuple[str, ...] = ()
    timestamps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    builtin: bool = False

    @classmethod
    def native(cls, table: str) -> ColumnMap:
        """A file already in leadsift's own columns for `table`."""
        return cls(name="", yields=(Yield(table),))

    @property
    def is_native(self) -> bool:
        return self.name == ""

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(y.table for y in self.yields))

    @property
    def kind(self) -> str | None:
        """The one table a single-table map imports into."""
        return self.tables[0] if len(self.tables) == 1 else None

    def read_options(self, batch_rows: int) -> ReadOptions:
        return ReadOptions(
            batch_rows=batch_rows,
            header_after=self.header_after,
            header_columns=self.detect_columns if self.header_after is None else (),
            stop_at_blank=self.stop_at_blank,
            stop_at=self.stop_at,
            footer=self.footer,
            skip_rows=self.skip_rows,
            records=self.records,
        )

    def campaign_of(self, stem: str) -> str | None:
        """The campaign named by a file's name, for exports with one file per campaign."""
        if self.campaign_from_file is None:
            return None
        found = re.search(self.campaign_from_file, stem)
        if found is None:
            return None
        named = found.groupdict().get("campaign")
        return (named if named is not None else found.group(0)).strip() or None


def builtin_maps() -> dict[str, Path]:
    folder = resources.files("leadsift.ingest") / "maps"
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def load_builtin_maps() -> list[ColumnMap]:
    return [load_map(str(path)) for _, path in sorted(builtin_maps().items())]


def load_map(name_or_path: str) -> ColumnMap:
    """A built-in map by name (e.g. `zoom-webinar-attendees`) or a map file by path."""
    builtin = builtin_maps()
    path = builtin.get(name_or_path, Path(name_or_path))
    if not path.is_file():
        known = ", ".join(sorted(builtin)) or "none"
        raise ConfigError(f"no column map {name_or_path!r}: not a file, nor a built-in ({known})")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    parsed = _parse_map(path, raw)
    if path in builtin.values():
        parsed = ColumnMap(**{**parsed.__dict__, "builtin": True})
    return parsed


def _strings(value: object) -> tuple[str, ...]:
    """A TOML string or array of strings as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _timezone(path: Path, name: object) -> str | None:
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{path}: timezone {name!r} is not an IANA time zone") from None
    return str(name)


def _table(path: Path, where: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    return value


def _values(path: Path, where: str, raw: object) -> dict[str, dict[str, str]]:
    values = _table(path, where, raw)
    for column, mapping in values.items():
        if not isinstance(mapping, dict):
            raise ConfigError(f"{path}: [{where}.{column}] must be a table of value = value")
    return {str(c): {str(k): str(v) for k, v in m.items()} for c, m in values.items()}


def _regexes(path: Path, key: str, patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: [read] {key} {pattern!r} is not a regex: {exc}") from None
    return patterns


def _parse_yield(
    path: Path, index: int, raw: object, shared: dict[str, str], top_values: dict[str, Any]
) -> Yield:
    where = f"yields[{index}]"
    entry = _table(path, where, raw)
    unknown = set(entry) - _YIELD_KEYS
    if unknown:
        raise ConfigError(f"{path}: {where}: unknown key(s) {', '.join(sorted(unknown))}")
    table = entry.get("table")
    if table not in YIELD_TABLES:
        raise ConfigError(
            f"{path}: {where}: table {table!r} is not one of {', '.join(YIELD_TABLES)}"
        )
    # an export column may feed several of ours: "OPTIN_TIME" = ["created_at", "consent_at"]
    own = [
        (str(theirs), ours)
        for theirs, named in _table(path, f"{where}.columns", entry.get("columns")).items()
        for ours in _strings(named)
    ]
    mine = {theirs for theirs, _ in own}
    columns = own + [(k, v) for k, v in shared.items() if k not in mine]
    values = {**_values(path, "values", top_values.get("values")),
              **_values(path, f"{where}.values", entry.get("values"))}  # fmt: skip
    own_constants = _table(path, f"{where}.constants", entry.get("constants"))
    constants = {
        **{str(k): str(v) for k, v in top_values.get("constants", {}).items()},
        **{str(k): str(v) for k, v in own_constants.items()},
    }

    def value_sets(key: str) -> dict[str, frozenset[str]]:
        return {
            str(column): frozenset(_strings(listed))
            for column, listed in _table(path, f"{where}.{key}", entry.get(key)).items()
        }

    return Yield(
        table=str(table),
        columns=tuple(columns),
        values=values,
        constants=constants,
        skip=value_sets("skip"),
        when=value_sets("when"),
        distinct=bool(entry.get("distinct", False)),
    )


def _parse_map(path: Path, raw: dict[str, Any]) -> ColumnMap:
    unknown = set(raw) - _ALLOWED_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    read = raw.get("read", {})
    if not isinstance(read, dict) or set(read) - _READ_KEYS:
        raise ConfigError(f"{path}: [read] takes only {', '.join(sorted(_READ_KEYS))}")
    shared = {str(k): str(v) for k, v in _table(path, "[columns]", raw.get("columns")).items()}
    timezone = _timezone(path, raw.get("timezone"))
    kind = raw.get("kind")
    yields_raw = raw.get("yields")
    if yields_raw is None:
        if kind is None:
            raise ConfigError(f"{path}: a map needs [[yields]] (or a top-level kind)")
        if kind not in YIELD_TABLES:
            raise ConfigError(f"{path}: kind {kind!r} is not one of {', '.join(YIELD_TABLES)}")
        yields_raw = [{"table": kind}]
        top = {"values": raw.get("values"), "constants": raw.get("constants", {})}
    else:
        if kind is not None or not isinstance(yields_raw, list) or not yields_raw:
            raise ConfigError(f"{path}: give either a top-level kind or a list of [[yields]]")
        top = {"values": raw.get("values"), "constants": raw.get("constants", {})}
    parsed = [
        _parse_yield(path, index, entry, shared, top) for index, entry in enumerate(yields_raw)
    ]
    anywhere = {theirs for step in parsed for theirs, _ in step.columns}
    yields = tuple(
        replace(
            step,
            hidden=frozenset(
                c
                for c in anywhere - {theirs for theirs, _ in step.columns}
                if c in TABLES[step.table].column_names
            ),
        )
        for step in parsed
    )
    source = str(raw.get("source", "list"))
    if source not in SOURCE_TYPES:
        raise ConfigError(f"{path}: source {source!r} is not one of {', '.join(SOURCE_TYPES)}")
    detect = _table(path, "[detect]", raw.get("detect"))
    campaign_from_file = read.get("campaign_from_file")
    if campaign_from_file is not None:
        _regexes(path, "campaign_from_file", (str(campaign_from_file),))
    return ColumnMap(
        name=str(raw.get("name", path.stem)),
        yields=yields,
        tool=str(raw.get("tool", "")),
        description=str(raw.get("description", "")),
        reference=str(raw.get("reference", "")),
        source=source,
        delimiter=read.get("delimiter"),
        encoding=read.get("encoding"),
        header_after=read.get("header_after"),
        stop_at_blank=bool(read.get("stop_at_blank", False)),
        stop_at=_strings(read.get("stop_at", ())),
        footer=_regexes(path, "footer", _strings(read.get("footer", ()))),
        skip_rows=_regexes(path, "skip_rows", _strings(read.get("skip_rows", ()))),
        null_values=tuple(str(v) for v in read.get("null_values", ())),
        records=str(read.get("records", "")),
        campaign_from_file=None if campaign_from_file is None else str(campaign_from_file),
        timezone=timezone,
        detect_columns=_strings(detect.get("columns", ())),
        timestamps={str(k): _strings(v) for k, v in raw.get("timestamps", {}).items()},
    )
