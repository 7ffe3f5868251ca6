"""The service in process (httpx ASGI transport) and as a real `leadsift serve` process."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

import httpx
import pytest

from leadsift.api.app import create_app
from leadsift.workspace.workspace import Workspace
from tests.helpers import free_port as _free_port


async def _get(workspace: Workspace, path: str) -> httpx.Response:
    app = create_app(workspace)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://leadsift") as client:
            return await client.get(path)


def test_health_in_process(workspace: Workspace) -> None:
    response = asyncio.run(_get(workspace, "/healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_every_route_is_described(workspace: Workspace) -> None:
    described = asyncio.run(_get(workspace, "/openapi.json")).json()
    assert "/healthz" in described["paths"]


def test_serve_starts_answers_and_stops_on_sigterm(sqlite_workspace: Workspace) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(sqlite_workspace.root),
         "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"leadsift serve did not answer: {process.stderr.read()}")  # type: ignore[union-attr]
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down cleanly, then re-raises the signal so a supervisor sees it
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
