"""schemathesis against our own OpenAPI document and a real `leadsift serve`: no input it
can generate for any route makes the server fail (5xx)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from leadsift.app.imports import import_files
from leadsift.app.keys import create_key
from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.workspace.workspace import init_workspace
from tests.helpers import free_port
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

_KEY: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root: Path = tmp_path_factory.mktemp("fuzz")
    workspace = init_workspace(root / "ws")
    with open_session(workspace) as session:
        for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES)):
            path = root / f"{kind}.csv"
            path.write_text(text)
            import_files(session, kind, [path])
        score(session)
        _KEY["Authorization"] = "Bearer " + create_key(session, "admin", "fuzz").text
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsift", "--workspace", str(workspace.root), "serve",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.1)
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=60)
        # a failure inside the server is logged as a traceback even when it answered 500
        assert "Traceback" not in errors, errors


def test_no_generated_input_fails_the_server(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15  # every route is described (and so fuzzed)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck), database=None,
        )  # fmt: skip
        def check(case: Any) -> None:
            response = case.call(headers=_KEY, timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        check()
