"""Segment-compatible tracking calls: stored once, all or nothing, refused with the event
and the reason; and an acknowledged call survives kill -9 of the server."""

from __future__ import annotations

import asyncio
import base64
import json
import signal
import time
from typing import Any

import httpx
import pytest

from leadsift.api.app import create_app
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, invoke, query, serving


def _key(capsys: pytest.CaptureFixture[str], workspace: Workspace, scope: str) -> str:
    done = invoke(capsys, "--workspace", str(workspace.root), "keys", "create", "--scope", scope)
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _basic(key: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


async def _posts(
    workspace: Workspace, calls: list[tuple[str, Any, dict[str, str]]]
) -> list[httpx.Response]:
    app = create_app(workspace)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://leadsift") as client:
            return [await client.post(path, json=body, headers=h) for path, body, h in calls]


def _track(message_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "track", "messageId": message_id, "userId": "u-17", "event": "Email Link Clicked",
        "timestamp": "2026-11-30T09:15:00Z",
        "context": {"traits": {"email": "ana@clinic.example"}},
        "properties": {"url": "https://vendor.example/pricing", "campaign": "winter"},
        **extra,
    }  # fmt: skip


def test_calls_are_stored_once(capsys: pytest.CaptureFixture[str], workspace: Workspace) -> None:
    auth = _basic(_key(capsys, workspace, "ingest"))
    identify = {
        "messageId": "m-id", "userId": "u-17",
        "traits": {"email": "ana@clinic.example", "firstName": "Ana", "title": "Practice Manager",
                   "plan": "pro"},
    }  # fmt: skip
    first, again, who = asyncio.run(
        _posts(
            workspace,
            [("/v1/track", _track("m-1"), auth), ("/v1/track", _track("m-1"), auth),
             ("/v1/identify", identify, auth)],
        )
    )  # fmt: skip
    assert first.status_code == 200 and first.json()["rows"] == {"touches": 1}
    assert again.status_code == 200 and again.json()["repeated"] == 1
    assert again.json()["accepted"] == 0
    assert who.status_code == 200 and who.json()["rows"] == {"contacts": 1}
    assert count_rows(workspace, "touches") == 1 and count_rows(workspace, "contacts") == 1
    # every write is in the audit log with the key that made it
    entries = query(
        workspace, "SELECT api_key_id, action FROM audit_log WHERE action LIKE 'POST %' ORDER BY id"
    )
    # (the repeat wrote nothing, so it has no entry)
    assert [e.action for e in entries] == ["POST /v1/track", "POST /v1/identify"]
    assert all(e.api_key_id is not None for e in entries)


def test_bad_calls_are_refused_by_name(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    ingest, read = _key(capsys, workspace, "ingest"), _key(capsys, workspace, "read")
    bad_time = {"batch": [_track("b-1"), _track("b-2", timestamp="yesterday")]}
    responses = asyncio.run(
        _posts(
            workspace,
            [
                ("/v1/batch", bad_time, _basic(ingest)),
                ("/v1/batch", {"batch": [{**_track("b-3"), "type": "screen"}]}, _basic(ingest)),
                ("/v1/track", _track("t-1", userId=None), _basic(ingest)),
                ("/v1/track", _track("t-2", properties={"note": "x" * 40_000}), _basic(ingest)),
                ("/v1/track", _track("t-3"), _basic(read)),
                ("/v1/track", _track("t-4"), {}),
                ("/v1/track", {**_track("t-5"), "writeKey": ingest}, {}),
            ],
        )
    )
    codes = [r.status_code for r in responses]
    assert codes == [400, 400, 400, 400, 403, 401, 200]
    assert "event 1 (b-2)" in responses[0].json()["detail"]
    assert "timestamp" in responses[0].json()["detail"]
    assert "unknown type 'screen'" in responses[1].json()["detail"]
    assert "userId or anonymousId" in responses[2].json()["detail"]
    assert "32 KB" in responses[3].json()["detail"]
    # a batch is taken as Segment takes one: its good call b-1 is kept, and the answer
    # names the bad one; the single bad calls stored nothing
    assert responses[0].json()["accepted"] == 1
    assert responses[0].json()["refused"] == [
        {"event": 1, "messageId": "b-2", "reason": "timestamp 'yesterday' is not an ISO 8601 time"}
    ]
    ids = [r.touch_id for r in query(workspace, "SELECT touch_id FROM touches ORDER BY touch_id")]
    assert ids == ["segment:b-1", "segment:t-5"]


def test_an_acknowledged_call_survives_kill_9(
    capsys: pytest.CaptureFixture[str], sqlite_workspace: Workspace
) -> None:
    auth = _basic(_key(capsys, sqlite_workspace, "ingest"))
    batch = {"batch": [_track(f"k-{i}") for i in range(100)]}
    # another writer holds the workspace, so the server can only keep the calls in its inbox
    with sqlite_workspace.writing("a long import"), serving(sqlite_workspace) as (url, process):
        answer = httpx.post(f"{url}/v1/batch", json=batch, headers=auth, timeout=30)
        assert answer.status_code == 200, answer.text
        assert answer.json()["accepted"] == 100
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert count_rows(sqlite_workspace, "touches") == 0
    status = invoke(capsys, "--workspace", str(sqlite_workspace.root), "status", "--json")
    assert json.loads(status.stdout)["inbox"] == {"deliveries": 1, "calls": 100, "refused": 0}
    # the next server moves what the killed one acknowledged, once
    with serving(sqlite_workspace) as (url, process):
        again = httpx.post(f"{url}/v1/batch", json=batch, headers=auth, timeout=30)
        assert again.status_code == 200 and again.json()["accepted"] == 0
        deadline = time.monotonic() + 30
        while count_rows(sqlite_workspace, "touches") < 100 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert count_rows(sqlite_workspace, "touches") == 100
