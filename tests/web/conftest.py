"""A scored workspace with dashboard users, and a browser-like client for the dashboard in
process (httpx through the ASGI transport, with the app's lifespan)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from leadsift.api.app import create_app
from leadsift.app.imports import import_files
from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.app.users import add_user
from leadsift.workspace.workspace import Workspace
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

Client = httpx.AsyncClient
PASSWORD = "a long enough password"
XSS = "<img src=x onerror=alert(1)>"
SLASHED = "EMEA/Q3 launch?"  # a name with characters a path must carry
EXTRA = (
    f"9,{XSS},email,click,2026-05-11T10:00:00Z,dan@lakesidedental.example,\n"
    f"10,{SLASHED},email,click,2026-05-12T10:00:00Z,dan@lakesidedental.example,\n"
)
USERS = {"admin": "ada@example.com", "marketer": "mo@example.com", "viewer": "vi@example.com"}


@pytest.fixture
def workspace(sqlite_workspace: Workspace, tmp_path: Path) -> Workspace:
    """The scoring tests' workspace, a campaign named as an HTML tag, a user of each role."""
    with open_session(sqlite_workspace) as session:
        texts = (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touches", TOUCHES + EXTRA))
        for kind, text in texts:
            path = tmp_path / f"{kind}.csv"
            path.write_text(text)
            assert import_files(session, kind, [path]).rejected == []
        score(session)
        for role, email in USERS.items():
            add_user(session, email, role, PASSWORD)
    return sqlite_workspace


def run(
    workspace: Workspace,
    body: Callable[[Client], Awaitable[Any]],
    base_url: str = "http://leadsift",
) -> Any:
    async def go() -> Any:
        app = create_app(workspace)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
            async with Client(transport=transport, base_url=base_url) as client:
                return await body(client)

    return asyncio.run(go())


def csrf_of(html: str) -> str:
    """The page's CSRF token; every form on the page must carry it (an empty one is how a
    template that cannot see the token shows)."""
    found = re.findall(r'name="csrf_token" value="([^"]*)"', html)
    assert found, "the page has no csrf_token field"
    assert len(set(found)) == 1 and found[0], f"the page's forms carry tokens {found}"
    token: str = found[0]
    return token


async def log_in(
    client: Client, email: str, password: str = PASSWORD, next_: str = "/"
) -> httpx.Response:
    form = await client.get("/login")
    data = {"email": email, "password": password, "csrf_token": csrf_of(form.text), "next": next_}
    return await client.post("/login", data=data)


async def as_role(client: Client, role: str) -> str:
    """Log in as the user with this role; returns a page's CSRF token for their forms."""
    done = await log_in(client, USERS[role])
    assert done.status_code == 303, done.text
    return csrf_of((await client.get("/settings")).text)
