"""JSON Lines and Parquet files import the same rows as the equivalent CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import query

PROFILES = [
    {
        "platform": "twitter",
        "handle": "@ann_pm",
        "followers": 312,
        "following": 280,
        "created_at": "2019-05-01T00:00:00Z",
        "has_default_image": False,
        "verified": None,
        "bio": "Practice manager, Family Medicine",
    },
    {
        "platform": "twitter",
        "handle": "x8fj3k2",
        "followers": 3,
        "following": 4_100,
        "created_at": "2026-04-01T00:00:00Z",
        "has_default_image": True,
        "verified": False,
        "bio": None,
    },
]


def _stored_profiles(workspace: Workspace) -> list[tuple[object, ...]]:
    rows = query(
        workspace,
        "SELECT handle, followers, following, has_default_image, bio FROM profiles ORDER BY handle",
    )
    return [(h, f, g, None if d is None else bool(d), b) for h, f, g, d, b in rows]


def _import(workspace: Workspace, path: Path) -> int:
    with workspace.opened() as engine:
        return import_file(engine, "profiles", path, ImportOptions()).rows_new


EXPECTED = [
    ("@ann_pm", 312, 280, False, "Practice manager, Family Medicine"),
    ("x8fj3k2", 3, 4_100, True, None),
]


def test_json_lines_with_typed_values(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "profiles.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in PROFILES) + "\n\n")
    assert _import(workspace, path) == 2
    assert _stored_profiles(workspace) == EXPECTED


def test_parquet_with_native_types(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "profiles.parquet"
    table = pa.table(
        {
            "platform": ["twitter", "twitter"],
            "handle": ["@ann_pm", "x8fj3k2"],
            "followers": pa.array([312, 3], pa.int64()),
            "following": pa.array([280, 4_100], pa.int32()),
            "created_at": pa.array(
                [datetime(2019, 5, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
            "has_default_image": [False, True],
            "bio": ["Practice manager, Family Medicine", None],
        }
    )
    pq.write_table(table, path, row_group_size=1)
    assert _import(workspace, path) == 2
    assert _stored_profiles(workspace) == EXPECTED
    # the same profiles again from JSON Lines: updated in place, nothing new
    again = tmp_path / "again.jsonl"
    again.write_text("\n".join(json.dumps(p) for p in PROFILES))
    assert _import(workspace, again) == 0
