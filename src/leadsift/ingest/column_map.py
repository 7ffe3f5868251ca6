"""Column maps: how a tool's export columns and values become leadsift's (docs/maps.md)."""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from leadsift.domain.errors import ConfigError, RowProblem
from leadsift.ingest.readers import ReadOptions
from leadsift.ingest.specs import IMPORT_KINDS

_ALLOWED_KEYS = {
    "name", "kind", "description", "reference", "read", "columns", "values", "constants",
    "timestamps", "timezone",
}  # fmt: skip
_READ_KEYS = {"delimiter", "header_after", "stop_at_blank", "stop_at", "null_values"}


@dataclass(frozen=True)
class ColumnMap:
    name: str
    kind: str | None = None
    description: str = ""
    reference: str = ""
    delimiter: str | None = None
    header_after: str | None = None
    stop_at_blank: bool = False
    stop_at: tuple[str, ...] = ()
    null_values: tuple[str, ...] = ()
    timezone: str | None = None  # zone of timestamps that carry no offset
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    timestamps: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def read_options(self, batch_rows: int) -> ReadOptions:
        return ReadOptions(
            batch_rows=batch_rows,
            header_after=self.header_after,
            stop_at_blank=self.stop_at_blank,
            stop_at=self.stop_at,
        )

    def apply(self, frame: pd.DataFrame, lines: Any) -> tuple[pd.DataFrame, list[RowProblem]]:
        """Rename columns, translate values and add constants; report unmapped values."""
        problems: list[RowProblem] = []
        if self.null_values:
            frame = frame.mask(frame.isin(self.null_values), None)
        frame = self._rename(frame)
        for column, mapping in self.values.items():
            if column not in frame.columns:
                continue
            source = frame[column]
            translated = source.map(mapping)
            if "*" in mapping:
                translated = translated.where(source.isna() | translated.notna(), mapping["*"])
            unmapped = source.notna() & translated.isna()
            for position in unmapped.to_numpy().nonzero()[0][:50]:
                problems.append(
                    RowProblem(
                        int(lines[position]),
                        column,
                        f"value {source.iloc[position]!r} has no translation in map "
                        f"{self.name!r} (known: {', '.join(sorted(mapping))})",
                    )
                )
            frame[column] = translated.where(translated.notna(), None)
        for column, value in self.constants.items():
            if column not in frame.columns:
                frame[column] = value
            else:
                frame[column] = frame[column].where(frame[column].notna(), value)
        return frame, problems

    def _rename(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rename export columns; several mapped to one column are taken in the map's order,
        the first non-empty cell winning (e.g. Join Time, else Registration Time)."""
        renamed = pd.DataFrame(index=frame.index)
        for column in frame.columns:
            if column not in self.columns:
                renamed[column] = frame[column]
        for source, target in self.columns.items():
            if source not in frame.columns:
                continue
            if target in renamed.columns:
                current = renamed[target]
                renamed[target] = current.where(current.notna(), frame[source])
            else:
                renamed[target] = frame[source]
        return renamed


def builtin_maps() -> dict[str, Path]:
    folder = resources.files("leadsift.ingest") / "maps"
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


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
    return _parse_map(path, raw)


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


def _parse_map(path: Path, raw: dict[str, Any]) -> ColumnMap:
    unknown = set(raw) - _ALLOWED_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    read = raw.get("read", {})
    if not isinstance(read, dict) or set(read) - _READ_KEYS:
        raise ConfigError(f"{path}: [read] takes only {', '.join(sorted(_READ_KEYS))}")
    kind = raw.get("kind")
    if kind is not None and kind not in IMPORT_KINDS:
        raise ConfigError(f"{path}: kind {kind!r} is not one of {', '.join(IMPORT_KINDS)}")
    values = raw.get("values", {})
    for column, mapping in values.items():
        if not isinstance(mapping, dict):
            raise ConfigError(f"{path}: [values.{column}] must be a table of value = value")
    return ColumnMap(
        name=str(raw.get("name", path.stem)),
        kind=kind,
        description=str(raw.get("description", "")),
        reference=str(raw.get("reference", "")),
        delimiter=read.get("delimiter"),
        header_after=read.get("header_after"),
        stop_at_blank=bool(read.get("stop_at_blank", False)),
        stop_at=_strings(read.get("stop_at", ())),
        null_values=tuple(str(v) for v in read.get("null_values", ())),
        timezone=_timezone(path, raw.get("timezone")),
        columns={str(k): str(v) for k, v in raw.get("columns", {}).items()},
        values={str(c): {str(k): str(v) for k, v in m.items()} for c, m in values.items()},
        constants={str(k): str(v) for k, v in raw.get("constants", {}).items()},
        timestamps={str(k): _strings(v) for k, v in raw.get("timestamps", {}).items()},
    )
