"""The REST API in process: the same figures as the application API the CLI calls, pages,
downloads, uploads with problems named by file, line and column, and keys' scopes."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.encoders import jsonable_encoder

from leadsift.api.app import create_app
from leadsift.app.exports import export_segment
from leadsift.app.imports import import_files
from leadsift.app.leads import LeadQuery, find_leads
from leadsift.app.reports import campaign_report
from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.workspace.workspace import Workspace
from tests.api.test_tracking import _key
from tests.helpers import count_rows
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

Client = httpx.AsyncClient


@pytest.fixture
def scored(sqlite_workspace: Workspace, tmp_path: Path) -> Workspace:
    with open_session(sqlite_workspace) as session:
        for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES)):
            path = tmp_path / f"{kind}.csv"
            path.write_text(text)
            assert import_files(session, kind, [path]).rejected == []
        score(session)
    return sqlite_workspace


def _run(workspace: Workspace, body: Callable[[Client], Awaitable[Any]]) -> Any:
    async def go() -> Any:
        app = create_app(workspace)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with Client(transport=transport, base_url="http://leadsift") as client:
                return await body(client)

    return asyncio.run(go())


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_reads_give_the_cli_figures(capsys: pytest.CaptureFixture[str], scored: Workspace) -> None:
    auth = _bearer(_key(capsys, scored, "read"))

    async def body(client: Client) -> list[httpx.Response]:
        paths = [
            "/v1/leads?limit=2&stage=all", "/v1/leads?limit=2&offset=2&stage=all",
            "/v1/report?by=channel",
            "/v1/accounts", "/v1/people/ann@riversidefp.example", "/v1/campaigns",
            "/v1/campaigns/webinar", "/v1/people/nobody@nowhere.example",
            "/v1/leads?stage=hot", "/v1/campaigns/none-such",
        ]  # fmt: skip
        return [await client.get(p, headers=auth) for p in paths]

    first, second, report, accounts, ann, campaigns, webinar, nobody, bad, none = _run(scored, body)
    with open_session(scored) as session:
        query = LeadQuery(stages=("all",), limit=None)
        every = jsonable_encoder([asdict(x) for x in find_leads(session, query)])
        by_channel = campaign_report(session, "channel").as_dict()
    assert first.json()["items"] + second.json()["items"] == every[:4]
    assert first.json()["next_offset"] == 2
    assert {**report.json(), "generated_at": None} == {**by_channel, "generated_at": None}
    listed = accounts.json()["items"]
    assert listed[0]["domain"] == "riversidefp.example" and listed[0]["target"] is True
    assert listed[0]["people"] == 1 and len(listed) == 3
    assert ann.status_code == 200
    assert "ann@riversidefp.example" in str(ann.json()["identities"]).lower()
    names = [g["group"] for g in campaigns.json()["items"]]
    assert "webinar" in names and "email" in names
    people = webinar.json()["people"]["items"]
    assert [p["email"] for p in people] == ["ann@riversidefp.example"]
    assert nobody.status_code == 404
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "stage"]
    assert none.status_code == 404


def test_exports_download_what_the_cli_writes(
    capsys: pytest.CaptureFixture[str], scored: Workspace
) -> None:
    auth = _bearer(_key(capsys, scored, "read"))

    async def body(client: Client) -> httpx.Response:
        return await client.get("/v1/exports/segment", headers=auth)

    got = _run(scored, body)
    assert got.status_code == 200
    assert 'filename="segment.csv"' in got.headers["content-disposition"]
    with open_session(scored) as session:
        expected = io.StringIO()
        export_segment(session, expected)
    assert got.content.decode("utf-8-sig") == expected.getvalue().lstrip("\ufeff")
    assert len(list(csv.reader(io.StringIO(expected.getvalue())))) > 1


def test_uploads_import_and_name_problems(
    capsys: pytest.CaptureFixture[str], sqlite_workspace: Workspace
) -> None:
    ingest = _bearer(_key(capsys, sqlite_workspace, "ingest"))
    read = _bearer(_key(capsys, sqlite_workspace, "read"))
    bad = (
        "email,channel,kind,occurred_at\n"
        "x@y.example,email,open,2026-05-01\n"
        "z@y.example,email,opened,2026-05-02\n"
    )

    async def body(client: Client) -> list[httpx.Response]:
        good = [("files", ("contacts.csv", CONTACTS.encode(), "text/csv"))]
        wrong = [("files", ("touches.csv", bad.encode(), "text/csv"))]
        return [
            await client.post("/v1/imports", files=good, headers=ingest),
            await client.post("/v1/imports", files=wrong, headers=ingest),
            await client.post("/v1/imports", files=good, headers=read),
            await client.post("/v1/imports", files=good),
        ]

    good, wrong, forbidden, anonymous = _run(sqlite_workspace, body)
    assert good.status_code == 200, good.text
    assert good.json()["files"][0]["file"] == "contacts.csv"
    assert good.json()["files"][0]["rows_new"] == 4
    assert wrong.status_code == 400
    assert wrong.json()["detail"].startswith("touches.csv, line 3, column kind")
    assert (forbidden.status_code, anonymous.status_code) == (403, 401)
    assert count_rows(sqlite_workspace, "contacts") == 4
    assert count_rows(sqlite_workspace, "touches") == 0
