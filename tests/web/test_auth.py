"""Logging in and out, sessions, CSRF and roles, as a browser meets them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from leadsift.access.web_sessions import session_hash
from leadsift.web.auth import COOKIE
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, query
from tests.web.conftest import PASSWORD, USERS, Client, as_role, csrf_of, log_in, run


def test_login_works_and_a_bad_password_does_not(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        page = await client.get("/login")
        wrong = await log_in(client, USERS["viewer"], "not the password at all")
        unknown = await log_in(client, "nobody@example.com")
        before = await client.get("/leads")
        right = await log_in(client, USERS["viewer"], next_="/leads?stage=all")
        after = await client.get("/leads")
        return [page, wrong, unknown, before, right, after]

    page, wrong, unknown, before, right, after = run(workspace, body)
    assert '<label for="email">Email</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    for refused in (wrong, unknown):
        assert refused.status_code == 401 and "Wrong email or password." in refused.text
        assert COOKIE not in refused.headers.get("set-cookie", "")
    assert before.status_code == 303
    assert right.status_code == 303 and right.headers["location"] == "/leads?stage=all"
    assert after.status_code == 200 and "<h1>Leads</h1>" in after.text


def test_the_sixth_failure_in_15_minutes_is_refused_with_429(workspace: Workspace) -> None:
    async def body(client: Client) -> list[int]:
        codes = [(await log_in(client, USERS["admin"], "wrong password!!")).status_code]
        codes += [(await log_in(client, USERS["admin"], f"wrong {n} password")).status_code
                  for n in range(4)]  # fmt: skip
        limited = await log_in(client, USERS["admin"])  # the right password, too late
        other = await log_in(client, USERS["viewer"])  # another account is not locked
        codes += [limited.status_code, other.status_code]
        assert "Too many failed logins" in limited.text
        return codes

    assert run(workspace, body) == [401] * 5 + [429, 303]
    # the window passes: the failures no longer count
    with workspace.opened() as engine, engine.begin() as connection:
        connection.execute(sa.text("UPDATE login_failures SET at = :at"),
                           {"at": datetime.now(UTC) - timedelta(minutes=16)})  # fmt: skip

    async def later(client: Client) -> int:
        return (await log_in(client, USERS["admin"])).status_code

    assert run(workspace, later) == 303


def test_no_session_goes_to_the_login_page_and_back(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        pages = [await client.get(p) for p in ("/", "/leads?stage=mql%2B&sort=probability")]
        posted = await client.post("/settings/keys", data={"scope": "read"})
        return [*pages, posted]

    home, leads, posted = run(workspace, body)
    assert home.status_code == 303 and home.headers["location"] == "/login?next=%2F"
    assert leads.status_code == 303
    assert (
        leads.headers["location"] == "/login?next=%2Fleads%3Fstage%3Dmql%252B%26sort%3Dprobability"
    )
    assert posted.status_code == 303 and posted.headers["location"].startswith("/login")
    assert count_rows(workspace, "api_keys") == 0


def test_next_never_leaves_the_site(workspace: Workspace) -> None:
    async def body(client: Client) -> list[str]:
        places = []
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
            await client.post("/logout")
            places.append((await log_in(client, USERS["viewer"], next_=target)).headers["location"])
            client.cookies.clear()
        return places

    assert run(workspace, body) == ["/", "/", "/"]


def test_cookie_flags_and_only_a_hash_in_the_database(workspace: Workspace) -> None:
    async def body(client: Client) -> httpx.Response:
        return await log_in(client, USERS["viewer"])

    done = run(workspace, body)
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http: a Secure cookie would not come back
    token = cookie.split(";")[0].split("=", 1)[1]
    rows = query(workspace, "SELECT * FROM web_sessions")
    assert len(rows) == 1
    assert token not in str(rows) and session_hash(token) == rows[0].id_hash

    secure = run(workspace, body, base_url="https://leadsift")
    assert "secure" in secure.headers["set-cookie"].lower()


def test_an_expired_session_goes_back_to_the_login_page(workspace: Workspace) -> None:
    async def first(client: Client) -> dict[str, Any]:
        await log_in(client, USERS["viewer"])
        return dict(client.cookies)

    cookies = run(workspace, first)
    with workspace.opened() as engine, engine.begin() as connection:
        connection.execute(sa.text("UPDATE web_sessions SET last_seen_at = :at"),
                           {"at": datetime.now(UTC) - timedelta(hours=13)})  # fmt: skip

    async def later(client: Client) -> list[httpx.Response]:
        client.cookies.update(cookies)
        page = await client.get("/accounts?targets_only=true")
        client.cookies.update(cookies)
        # a form sent on an expired session: back to its page after logging in
        posted = await client.post(
            "/spread", data={"csrf_token": "x", "k": "3"},
            headers={"referer": "http://leadsift/spread?from=here"},
        )  # fmt: skip
        client.cookies.update(cookies)
        elsewhere = await client.post(
            "/spread", data={"k": "3"}, headers={"referer": "http://evil.example/spread"}
        )
        return [page, posted, elsewhere]

    back, posted, elsewhere = run(workspace, later)
    assert back.status_code == 303
    assert back.headers["location"] == "/login?next=%2Faccounts%3Ftargets_only%3Dtrue"
    assert posted.status_code == 303
    assert posted.headers["location"] == "/login?next=%2Fspread%3Ffrom%3Dhere"
    assert elsewhere.headers["location"] == "/login?next=%2F"  # never another site's page
    assert count_rows(workspace, "web_sessions") == 0


def test_logout_deletes_the_session(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        token = await as_role(client, "viewer")
        cookies = dict(client.cookies)
        wrong = await client.post("/logout", data={"csrf_token": "x"})
        out = await client.post("/logout", data={"csrf_token": token})
        client.cookies.update(cookies)  # the old cookie, kept by someone
        again = await client.get("/")
        return [wrong, out, again]

    wrong, out, again = run(workspace, body)
    assert wrong.status_code == 403
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert again.status_code == 303
    assert count_rows(workspace, "web_sessions") == 0


def test_csrf_missing_or_wrong_is_403_and_changes_nothing(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        token = await as_role(client, "admin")
        missing = await client.post("/settings/keys", data={"scope": "read"})
        wrong = await client.post("/settings/keys", data={"scope": "read", "csrf_token": "x" * 43})
        upload = await client.post(
            "/imports", files={"files": ("t.csv", b"email\na@b.example\n", "text/csv")}
        )
        right = await client.post("/settings/keys", data={"scope": "read", "csrf_token": token})
        return [missing, wrong, upload, right]

    imports_before = count_rows(workspace, "imports")
    missing, wrong, upload, right = run(workspace, body)
    assert [missing.status_code, wrong.status_code, upload.status_code] == [403, 403, 403]
    assert "did not come from leadsift" in missing.text
    assert count_rows(workspace, "imports") == imports_before
    assert right.status_code == 200 and 'id="new-key"' in right.text
    assert count_rows(workspace, "api_keys") == 1  # only the one with the right token


def test_the_login_form_has_its_own_csrf_check(workspace: Workspace) -> None:
    async def body(client: Client) -> httpx.Response:
        return await client.post(
            "/login", data={"email": USERS["admin"], "password": PASSWORD, "csrf_token": "forged"}
        )

    refused = run(workspace, body)
    assert refused.status_code == 403 and COOKIE not in refused.headers.get("set-cookie", "")


def test_a_viewer_cannot_change_anything(workspace: Workspace) -> None:
    ann = query(
        workspace, "SELECT person_id FROM identities WHERE value = 'ann@riversidefp.example'"
    )

    async def body(client: Client) -> list[httpx.Response]:
        token = await as_role(client, "viewer")
        return [
            await client.post("/settings/keys", data={"scope": "admin", "csrf_token": token}),
            await client.post(f"/people/{ann[0][0]}/split", data={"csrf_token": token}),
            await client.post(
                "/imports", data={"csrf_token": token},
                files={"files": ("t.csv", b"email\na@b.example\n", "text/csv")},
            ),
            await client.get("/settings"),
            await client.get("/imports"),
        ]  # fmt: skip

    imports_before = count_rows(workspace, "imports")
    *posts, settings, imports = run(workspace, body)
    assert [p.status_code for p in posts] == [403, 403, 403]
    assert "A viewer cannot do this" in posts[0].text
    assert count_rows(workspace, "api_keys") == 0
    assert count_rows(workspace, "imports") == imports_before
    assert 'action="/settings/keys"' not in settings.text  # no forms they cannot use
    assert 'action="/imports"' not in imports.text


def test_a_marketer_may_upload_but_not_manage_keys(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        token = await as_role(client, "marketer")
        key = await client.post("/settings/keys", data={"scope": "read", "csrf_token": token})
        page = await client.get("/imports")
        return [key, page]

    key, page = run(workspace, body)
    assert key.status_code == 403
    assert 'action="/imports"' in page.text and csrf_of(page.text)
