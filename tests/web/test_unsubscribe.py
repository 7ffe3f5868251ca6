"""One-click unsubscribe links (RFC 8058), `/u/TOKEN`: in process through the ASGI transport
(the app's lifespan, its inbox and its writer thread), the domain function on SQLite and
PostgreSQL, and once through a real `leadsift serve`.

A workspace is seeded with rows written directly: a person, their active enrolment and the
sent email whose link holds TOKEN (only its hash is stored)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from leadsift.api.app import create_app
from leadsift.app.unsubscribe import apply_unsubscribes, masked, queued, unsubscribe
from leadsift.ingest.service_log import open_entry
from leadsift.outreach.enrolment_records import token_hash
from leadsift.privacy.identifiers import email_forms
from leadsift.privacy.suppression import SuppressionFilter
from leadsift.store import schema
from leadsift.workspace.workspace import Workspace, find_workspace, init_workspace
from tests.helpers import count_rows, serving, snapshot

TOKEN = "Zq3uN8v_T1-kdY0pWcHs7RxLmA2bEoGf"  # as secrets.token_urlsafe(24) makes them
ADDRESS = "ann.lee@example.com"
XSS = "<img src=x onerror=alert(1)>"
SENT = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
NO_HTML = {"Accept": "*/*"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def seed(workspace: Workspace, address: str = ADDRESS, token: str = TOKEN) -> int:
    """A person in an active sequence who was sent step 1 with `token`'s link; their id."""
    with workspace.opened() as engine, engine.begin() as c:
        person = c.execute(schema.persons.insert().values(created_at=SENT)).inserted_primary_key
        assert person is not None
        enrolment = c.execute(
            schema.enrolments.insert().values(
                person_id=person[0], sequence="q3-founders", account="example.com",
                status="active", next_step=2, due_at=SENT, enrolled_at=SENT,
            )
        ).inserted_primary_key  # fmt: skip
        assert enrolment is not None
        c.execute(
            schema.outreach_steps.insert().values(
                enrolment_id=enrolment[0], person_id=person[0], step=1, kind="email",
                status="sent", mailbox="sales", message_id=f"<m-{token[:8]}@vendor.example>",
                to_address=address, subject="Hello", token_hash=token_hash(token),
                created_at=SENT, sent_at=SENT,
            )
        )  # fmt: skip
    return int(person[0])


def state(workspace: Workspace, address: str = ADDRESS) -> dict[str, Any]:
    """What an unsubscribe changes: suppression, enrolments, touches, audit entries."""
    with workspace.opened() as engine, engine.connect() as c:
        listed = SuppressionFilter.load(c, reasons=("do_not_contact",))
        e, t, a = schema.enrolments, schema.touches, schema.audit_log
        return {
            "suppressed": listed is not None and listed.listed("email", email_forms(address)),
            "enrolments": [tuple(r) for r in c.execute(sa.select(e.c.status, e.c.stop_reason))],
            "touches": [r._asdict() for r in c.execute(sa.select(t))],
            "audit": [r._asdict() for r in c.execute(sa.select(a).order_by(a.c.id))],
        }


@pytest.fixture
def seeded(sqlite_workspace: Workspace) -> Workspace:
    seed(sqlite_workspace)
    return sqlite_workspace


Body = Callable[[httpx.AsyncClient, Any], Awaitable[Any]]


def run(workspace: Workspace, body: Body) -> Any:
    """`body(client, app)` against the app in process; returns once its writer has moved
    everything that was acknowledged (the writer's next pass)."""

    async def go() -> Any:
        app = create_app(workspace)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
            async with httpx.AsyncClient(transport=transport, base_url="http://leadsift") as c:
                result = await body(c, app)
            assert app.state.writer.wait_until_moved(30)
            assert app.state.inbox.counts() == {"waiting": 0, "refused": 0}
            return result

    return asyncio.run(go())


def test_get_shows_a_button_and_unsubscribes_nobody(seeded: Workspace) -> None:
    async def body(client: httpx.AsyncClient, app: Any) -> httpx.Response:
        return await client.get(f"/u/{TOKEN}")

    page = run(seeded, body)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<form method="post"' in html and "action=" not in html  # back to this very URL
    assert '<input type="hidden" name="List-Unsubscribe" value="One-Click">' in html
    assert "a***@example.com" in html and ADDRESS not in html and "ann.lee" not in html
    assert "csrf_token" not in html and "Log out" not in html and "/campaigns" not in html
    assert "set-cookie" not in page.headers and page.headers["referrer-policy"] == "no-referrer"
    after = state(seeded)
    assert after["enrolments"] == [("active", None)]
    assert not after["suppressed"] and after["touches"] == [] and after["audit"] == []


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_one_click_post_unsubscribes_in_the_writers_next_pass(
    seeded: Workspace, encoding: str
) -> None:
    async def body(client: httpx.AsyncClient, app: Any) -> httpx.Response:
        if encoding == "multipart":
            files = {"List-Unsubscribe": (None, "One-Click")}
            return await client.post(f"/u/{TOKEN}", files=files, headers=NO_HTML)
        return await client.post(f"/u/{TOKEN}", data=ONE_CLICK, headers=NO_HTML)

    answer = run(seeded, body)
    assert answer.status_code == 200 and answer.text == "Unsubscribed.\n"
    assert answer.headers["content-type"].startswith("text/plain")
    after = state(seeded)
    assert after["suppressed"]
    assert after["enrolments"] == [("stopped", "unsubscribe")]
    [touch] = after["touches"]
    assert (touch["kind"], touch["channel"], touch["campaign"]) == (
        "unsubscribe", "email", "sequence:q3-founders",
    )  # fmt: skip
    assert touch["person_id"] == 1 and touch["email"] == ADDRESS
    # the touch is an entry of the import log, so an incremental score reads it
    with seeded.opened() as engine, engine.connect() as c:
        i = schema.imports
        entry = c.execute(sa.select(i.c.result).where(i.c.id == touch["import_id"])).scalar()
    assert entry == "imported"
    actions = [a["action"] for a in after["audit"]]
    assert actions.count("outreach.unsubscribe") == 1 and "POST /u/{token}" in actions
    [mine] = [a for a in after["audit"] if a["action"] == "outreach.unsubscribe"]
    assert mine["detail"]["person_id"] == 1 and mine["detail"]["sequence"] == "q3-founders"
    assert mine["detail"]["by"] == "unsubscribe link"
    logged = json.dumps([a["detail"] for a in after["audit"]])
    assert ADDRESS not in logged and TOKEN not in logged and "ann.lee" not in logged


def test_a_second_post_is_already_unsubscribed_and_stores_nothing(seeded: Workspace) -> None:
    async def first(client: httpx.AsyncClient, app: Any) -> httpx.Response:
        return await client.post(f"/u/{TOKEN}", data=ONE_CLICK, headers=BROWSER)  # the button

    shown = run(seeded, first)
    assert shown.status_code == 200 and "You are unsubscribed" in shown.text
    assert "a***@example.com" in shown.text and "already" not in shown.text
    before = snapshot(seeded)

    async def again(client: httpx.AsyncClient, app: Any) -> list[httpx.Response]:
        return [
            await client.post(f"/u/{TOKEN}", data=ONE_CLICK, headers=NO_HTML),
            await client.post(f"/u/{TOKEN}", data=ONE_CLICK, headers=BROWSER),
            await client.get(f"/u/{TOKEN}"),
        ]

    plain, html, page = run(seeded, again)
    assert (plain.status_code, plain.text) == (200, "Already unsubscribed.\n")
    assert html.status_code == 200 and "already unsubscribed" in html.text
    assert page.status_code == 200 and "already unsubscribed" in page.text
    assert "<form" not in page.text  # nothing left to do
    assert snapshot(seeded) == before


def test_a_repeat_applied_twice_stores_nothing_twice(sqlite_workspace: Workspace) -> None:
    """Two POSTs of one link both queued (the second read the workspace before the writer
    committed the first): the second application finds it done."""
    seed(sqlite_workspace)
    item, _ = queued(TOKEN, SENT)
    with sqlite_workspace.opened() as engine, engine.begin() as c:
        entry = open_entry(c, "leadsift serve: tracking calls", "test")
        first = apply_unsubscribes(c, [item, item], sqlite_workspace, entry)
    assert [u["already"] for u in first["unsubscribes"]] == [False, True]
    assert first["stored"] == {"suppressions": 1, "enrolments": 1, "touches": 1}
    assert count_rows(sqlite_workspace, "suppressions") == 1
    assert count_rows(sqlite_workspace, "touches") == 1
    assert count_rows(sqlite_workspace, "audit_log") == 1


@pytest.mark.parametrize("token", ["X" * 32, "short", "A" * 65, "a" * 500])
def test_an_unknown_or_malformed_token_is_a_404_that_says_nothing(
    seeded: Workspace, token: str
) -> None:
    before = snapshot(seeded)

    async def body(client: httpx.AsyncClient, app: Any) -> list[httpx.Response]:
        return [
            await client.get(f"/u/{token}"),
            await client.post(f"/u/{token}", data=ONE_CLICK, headers=NO_HTML),
            await client.post(f"/u/{token}", data=ONE_CLICK, headers=BROWSER),
        ]

    for answer in run(seeded, body):
        assert answer.status_code == 404 and "This unsubscribe link is not valid" in answer.text
        assert "example.com" not in answer.text and token not in answer.text
    assert snapshot(seeded) == before


def test_a_long_token_is_refused_before_any_query(seeded: Workspace) -> None:
    statements: list[str] = []

    async def body(client: httpx.AsyncClient, app: Any) -> list[int]:
        def seen(*args: Any) -> None:
            statements.append(str(args[2]))

        sa.event.listen(app.state.engine, "before_cursor_execute", seen)
        try:
            codes = [
                (await client.get(f"/u/{'a' * 500}")).status_code,
                (await client.post(f"/u/{'a' * 500}", data=ONE_CLICK)).status_code,
                (await client.get(f"/u/{'a' * 20}%3Cscript%3E")).status_code,
            ]
        finally:
            sa.event.remove(app.state.engine, "before_cursor_execute", seen)
        return codes

    assert run(seeded, body) == [404, 404, 404]
    assert statements == []


def test_what_the_page_shows_is_escaped(sqlite_workspace: Workspace) -> None:
    seed(sqlite_workspace, address=f"o'brien@{XSS}.example")

    async def body(client: httpx.AsyncClient, app: Any) -> list[httpx.Response]:
        posted = await client.post(f"/u/{TOKEN}", data=ONE_CLICK, headers=BROWSER)
        return [await client.get(f"/u/{TOKEN}"), posted]

    for answer in run(sqlite_workspace, body):
        assert answer.status_code == 200
        assert XSS not in answer.text and "o***@&lt;img src=x onerror=alert(1)&gt;" in answer.text
        assert "o'brien" not in answer.text and "script-src 'self'" in answer.headers[
            "content-security-policy"
        ]  # fmt: skip


def test_masked() -> None:
    assert masked("ann@example.com") == "a***@example.com"
    assert masked(None) == "" and masked("no-at-sign") == ""


def test_unsubscribe_in_one_transaction_on_both_engines(tmp_path: Path, database_url: str) -> None:
    workspace = init_workspace(tmp_path / "both", database_url)
    person = seed(workspace)
    at = datetime(2026, 5, 6, 12, 30, tzinfo=UTC)
    with workspace.opened() as engine, engine.begin() as c:
        done = unsubscribe(c, TOKEN, at)
        assert done.found and not done.already and done.person_id == person
        assert unsubscribe(c, "Y" * 32, at).found is False
    assert unsubscribe_twice_is_already(workspace, at)
    after = state(workspace)
    assert after["suppressed"] and after["enrolments"] == [("stopped", "unsubscribe")]
    assert [t["occurred_at"].replace(tzinfo=UTC) for t in after["touches"]] == [at]
    with workspace.opened() as engine, engine.connect() as c:
        ended = c.execute(sa.select(schema.enrolments.c.ended_at)).scalar_one()
    assert ended.replace(tzinfo=UTC) == at


def unsubscribe_twice_is_already(workspace: Workspace, at: datetime) -> bool:
    with workspace.opened() as engine, engine.begin() as c:
        return unsubscribe(c, TOKEN, at).already


def test_one_click_through_a_real_server(sqlite_workspace: Workspace) -> None:
    text = sqlite_workspace.settings_path.read_text()
    # no outreach runs here: tests/api/test_outreach_worker.py has those
    assert "[service]\n" in text
    text = text.replace("[service]\n", "[service]\noutreach_every_seconds = 0\n", 1)
    sqlite_workspace.settings_path.write_text(text)
    workspace = find_workspace(sqlite_workspace.root)
    seed(workspace)
    with serving(workspace) as (url, _):
        page = httpx.get(f"{url}/u/{TOKEN}", timeout=10)
        assert page.status_code == 200 and 'value="One-Click"' in page.text
        # what a mailbox provider sends, with no cookie and no token but the link's
        answer = httpx.post(
            f"{url}/u/{TOKEN}", content=b"List-Unsubscribe=One-Click", timeout=10,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
        )  # fmt: skip
        assert (answer.status_code, answer.text) == (200, "Unsubscribed.\n")
        assert httpx.post(f"{url}/u/{'Q' * 32}", data=ONE_CLICK, timeout=10).status_code == 404
        deadline = time.monotonic() + 30
        while state(workspace)["enrolments"] != [("stopped", "unsubscribe")]:
            assert time.monotonic() < deadline, "the writer did not apply the unsubscribe"
            time.sleep(0.1)
        openapi = httpx.get(f"{url}/openapi.json", timeout=10).json()
    assert {"get", "post"} <= set(openapi["paths"]["/u/{token}"])
    after = state(workspace)
    assert after["suppressed"] and len(after["touches"]) == 1
