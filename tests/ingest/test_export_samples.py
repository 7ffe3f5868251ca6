"""Every built-in map against a sample laid out as its tool writes it (tests/fixtures/exports).

Each sample has `<sample>.expect.toml`: the map `leadsift import FILE` must recognise, the rows
each table gains, the rows the map leaves out, and a few rows that must be stored as given.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from leadsift.ingest.column_map import builtin_maps, load_map
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.ingest.specs import STORED_AS
from leadsift.workspace.workspace import Workspace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports"
EXPECTATIONS = sorted(FIXTURES.glob("*.expect.toml"))


def _sample(expectation: Path) -> Path:
    stem = expectation.name.removesuffix(".expect.toml")
    found = [p for p in FIXTURES.iterdir() if p.name.startswith(stem + ".") and p != expectation]
    assert len(found) == 1, f"{expectation.name}: expected one sample named {stem}.*"
    return found[0]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat() if value.tzinfo else value.isoformat() + "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(round(number, 6))
    return str(value)


def _same(stored: Any, expected: str) -> bool:
    shown = _text(stored)
    if shown is None:
        return False
    if len(expected) > 10 and expected[4:5] == "-" and expected[10:11] == "T":
        try:
            when = datetime.fromisoformat(shown)
        except ValueError:
            return False
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return when == datetime.fromisoformat(expected)
    try:
        return float(shown) == float(expected)
    except ValueError:
        return shown == expected


def test_every_builtin_map_has_a_sample_and_says_where_its_layout_comes_from() -> None:
    sampled = {tomllib.loads(p.read_text())["map"] for p in EXPECTATIONS}
    for name in builtin_maps():
        column_map = load_map(name)
        assert column_map.reference, f"{name} does not say where its layout comes from"
        assert column_map.tool, f"{name} does not name its tool"
        assert column_map.detect_columns, f"{name} cannot be recognised"
        assert name in sampled or name == "mailchimp-campaign-activity", f"{name} has no sample"


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda p: p.name.split(".")[0])
def test_the_sample_is_recognised_and_imports_as_expected(
    sqlite_workspace: Workspace, expectation: Path
) -> None:
    expected = tomllib.loads(expectation.read_text(encoding="utf-8"))
    sample = _sample(expectation)
    options = ImportOptions(campaign=expected.get("campaign"), timezone=expected.get("timezone"))
    with sqlite_workspace.opened() as engine:
        result = import_file(engine, None, sample, options)
        again = import_file(engine, None, sample, options)
        with engine.connect() as connection:
            stored = {
                table: [
                    dict(row)
                    for row in connection.execute(
                        sa.text(f"SELECT * FROM {STORED_AS[table]}")
                    ).mappings()
                ]
                for table in ("contacts", "touches", "campaigns", "metrics", "spend", "outcomes")
            }
    assert expected["map"] in result.maps
    gained = {t: c.new for t, c in result.tables.items() if c.new}
    assert gained == {t: n for t, n in expected["rows"].items() if n}
    for table, rows in stored.items():
        assert len(rows) == expected["rows"].get(table, 0), table
    assert dict(result.left_out) == expected.get("left_out", {})
    assert again.status == "unchanged" and again.rows_new == 0
    for wanted in expected.get("rows_with", []):
        table = wanted["table"]
        conditions = {k: str(v) for k, v in wanted.items() if k != "table"}
        matches = [
            row for row in stored[table] if all(_same(row.get(k), v) for k, v in conditions.items())
        ]
        assert matches, f"no {table} row with {conditions}; stored: {stored[table][:5]}"
