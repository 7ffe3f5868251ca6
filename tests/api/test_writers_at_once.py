"""API ingestion, a CLI import and a scoring run on one workspace at once, against a real
`leadsift serve`: no error reaches anyone, every acknowledged call lands once, and new
data is scored in the background without a request waiting for it."""

from __future__ import annotations

import base64
import csv
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from leadsift.workspace.workspace import Workspace, find_workspace
from tests.api.test_tracking import _key, _track
from tests.helpers import count_rows, query, serving


def _touches_file(path: Path, rows: int) -> Path:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["email", "channel", "kind", "occurred_at", "campaign"])
        for i in range(rows):
            writer.writerow(
                [f"p{i % 2_000}@firm{i % 300}.example", "email", "open",
                 f"2026-10-{1 + i % 28:02d}T09:00:00Z", "autumn"]
            )  # fmt: skip
    return path


def _score_quickly(workspace: Workspace) -> Workspace:
    text = workspace.settings_path.read_text()
    text = text.replace("[service]\n", "[service]\nscore_after = 0.5\n", 1)
    workspace.settings_path.write_text(text)
    return find_workspace(workspace.root)


def _cli(workspace: Workspace, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "leadsift", "--workspace", str(workspace.root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_ingestion_import_and_scoring_at_once(
    capsys: pytest.CaptureFixture[str], sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    workspace = _score_quickly(sqlite_workspace)
    key = _key(capsys, workspace, "ingest")
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    big = _touches_file(tmp_path / "touches.csv", 30_000)
    with serving(workspace) as (url, _):
        importing = _cli(workspace, "import", "touches", str(big))
        scoring = _cli(workspace, "score")
        codes = []
        for b in range(20):
            batch = {"batch": [_track(f"c-{b}-{i}") for i in range(50)]}
            codes.append(httpx.post(f"{url}/v1/batch", json=batch, headers=auth, timeout=10))
        for process in (importing, scoring):
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
        assert [r.status_code for r in codes] == [200] * 20
        assert sum(r.json()["accepted"] for r in codes) == 1_000
        assert _wait_for(lambda: count_rows(workspace, "touches") == 31_000, 60)
        # new data is scored in the background once it pauses, with no command run
        late = _track("late-1", context={"traits": {"email": "zed@late.example"}})
        assert httpx.post(f"{url}/v1/track", json=late, headers=auth, timeout=10).is_success
        scored = (
            "SELECT s.stage FROM person_scores s JOIN identities i ON i.person_id = s.person_id "
            "WHERE i.kind = 'email' AND i.value = 'zed@late.example'"
        )
        assert _wait_for(lambda: len(query(workspace, scored)) == 1, 120)
    entries = query(workspace, "SELECT action FROM audit_log WHERE action = 'POST /v1/batch'")
    assert len(entries) == 20
    assert count_rows(workspace, "touches") == 31_001
