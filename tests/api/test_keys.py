"""API keys: shown once, stored only as a hash, scoped, revocable; 401 and 403 as they
should be."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json

import httpx
import pytest

from leadsift.api.app import create_app
from leadsift.workspace.workspace import Workspace
from tests.helpers import invoke, query


def _create(capsys: pytest.CaptureFixture[str], workspace: Workspace, scope: str) -> str:
    done = invoke(capsys, "--workspace", str(workspace.root), "keys", "create", "--scope", scope)
    assert done.exit_code == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


async def _requests(workspace: Workspace, calls: list[tuple[str, dict[str, str]]]) -> list[int]:
    app = create_app(workspace)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://leadsift") as client:
            return [
                (await client.get(path, headers=headers)).status_code for path, headers in calls
            ]


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_keys_are_stored_as_hashes_and_shown_once(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    key = _create(capsys, workspace, "read")
    assert key.startswith("lsk_") and len(key) > 40
    stored = query(workspace, "SELECT prefix, key_hash FROM api_keys")
    assert len(stored) == 1
    # only a hash and the first characters are kept: the key itself is nowhere
    assert stored[0].key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert stored[0].prefix == key[:12] and key not in str(tuple(stored[0]))
    listed = invoke(capsys, "--workspace", str(workspace.root), "keys", "list", "--json")
    assert key not in listed.stdout
    assert json.loads(listed.stdout)[0]["scope"] == "read"


def test_scopes_and_revocation(capsys: pytest.CaptureFixture[str], workspace: Workspace) -> None:
    read, admin = _create(capsys, workspace, "read"), _create(capsys, workspace, "admin")
    basic = base64.b64encode(f"{admin}:".encode()).decode()
    codes = asyncio.run(
        _requests(
            workspace,
            [
                ("/v1/whoami", {}),
                ("/v1/whoami", _bearer("lsk_" + "x" * 43)),
                ("/v1/whoami", _bearer(read)),
                ("/v1/keys", _bearer(read)),
                ("/v1/keys", _bearer(admin)),
                ("/v1/keys", {"Authorization": f"Basic {basic}"}),
            ],
        )
    )
    assert codes == [401, 401, 200, 403, 200, 200]
    used = query(workspace, "SELECT scope, last_used_at FROM api_keys ORDER BY id")
    assert all(row.last_used_at is not None for row in used)
    (row,) = query(workspace, "SELECT id FROM api_keys WHERE scope = 'read'")
    revoked = invoke(capsys, "--workspace", str(workspace.root), "keys", "revoke", str(row.id))
    assert revoked.exit_code == 0
    assert asyncio.run(_requests(workspace, [("/v1/whoami", _bearer(read))])) == [401]
    again = invoke(capsys, "--workspace", str(workspace.root), "keys", "revoke", str(row.id))
    assert again.exit_code == 1 and "no active API key" in again.stderr


def test_an_unknown_scope_is_refused(
    capsys: pytest.CaptureFixture[str], workspace: Workspace
) -> None:
    done = invoke(capsys, "--workspace", str(workspace.root), "keys", "create", "--scope", "root")
    assert done.exit_code == 1 and "unknown scope" in done.stderr
    assert query(workspace, "SELECT id FROM api_keys") == []
