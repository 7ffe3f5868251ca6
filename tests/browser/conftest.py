"""A real `leadsift serve` on a scored workspace, driven in Debian's Chromium by Playwright.

Chromium comes from $LEADSIFT_TEST_CHROMIUM, which `make test` fills in after
scripts/ensure-chromium.sh has found or installed it. Where it is empty or not an executable,
every browser test skips and the run ends with a loud warning saying so (tests/conftest.py).
One workspace, one server and one browser serve each module; each test gets a fresh browser
context (no cookies) whose dialogs, console errors and requests are recorded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Playwright, sync_playwright

from leadsift.app.imports import import_files
from leadsift.app.scores import score
from leadsift.app.session import open_session
from leadsift.workspace.workspace import init_workspace
from tests.helpers import query, serving
from tests.identity.test_match_attributes import _contacts
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, TOUCHES

CHROMIUM_ENV = "LEADSIFT_TEST_CHROMIUM"
SKIP_REASON = "Chromium unavailable"  # tests/conftest.py counts the skips that say this
PASSWORD = "a long enough password"
XSS = "<img src=x onerror=alert(1)>"
USERS = {"admin": "ada@example.com", "viewer": "vi@example.com"}
MERGED_EMAIL = "merged.person@members.example"
MERGED_CAMPAIGN = "renewals"
TOUCHES_MORE = (
    f"9,{XSS},email,click,2026-05-11T10:00:00Z,dan@lakesidedental.example,\n"
    f"10,{XSS},email,open,2026-05-11T10:05:00Z,ann@riversidefp.example,\n"
    f"11,{MERGED_CAMPAIGN},email,click,2026-05-11T11:00:00Z,{MERGED_EMAIL},\n"
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Site:
    """The server's origin, its workspace, and who is in it."""

    url: str
    root: Path
    ann: int  # person id of Ann Kim (SQL, target account)
    dan: int  # person id of Dan Ortiz (touched by the XSS campaign)
    merged: int  # a person the probabilistic matcher made of two records
    merged_name: str

    def pages(self) -> list[str]:
        """Every page a logged-in user can open, with the ones showing the XSS campaign."""
        return [
            "/", "/?by=channel", "/campaigns", "/campaigns/webinar", xss_campaign_path(),
            "/leads", "/leads?stage=all", f"/people/{self.ann}", f"/people/{self.merged}",
            "/accounts", "/imports", "/spread", "/settings", "/attribution",
            "/outreach",
        ]  # fmt: skip


def xss_campaign_path() -> str:
    return "/campaigns/" + quote(XSS, safe="")


@dataclass
class Tab:
    """A page in its own context, with what it did: dialogs opened, console errors and
    uncaught exceptions, and the URL of every request."""

    page: Page
    site: Site
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.site.url + path)

    def log_in(self, role: str, password: str = PASSWORD) -> None:
        self.go("/login")
        self.page.get_by_label("Email").fill(USERS[role])
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_load_state()

    def csrf_token(self) -> str:
        return self.page.locator('input[name="csrf_token"]').first.input_value()


def chromium_path() -> str:
    path = os.environ.get(CHROMIUM_ENV, "")
    if not path:
        pytest.skip(f"{SKIP_REASON}: {CHROMIUM_ENV} is not set")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.skip(f"{SKIP_REASON}: {CHROMIUM_ENV}={path} is not an executable file")
    return path


def build_workspace(root: Path) -> Site:
    """The scoring tests' workspace, a campaign named as an HTML tag with touches, sixty
    people each seen twice (the matcher joins each pair; the first pair also has an email and
    a touch), scored; an admin and a viewer added with `leadsift users add`."""
    workspace = init_workspace(root)
    # the users are added by the CLI while the data is imported and scored (it waits its turn)
    cli = [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(root)]
    adding = [
        subprocess.Popen(
            [*cli, "users", "add", email, "--role", role, "--password-stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for role, email in USERS.items()
    ]
    members = root / "members.csv"
    _contacts(members)
    header, first, *rest = members.read_text().splitlines()
    members.write_text(
        "\n".join([f"{header},email", f"{first},{MERGED_EMAIL}", *(f"{r}," for r in rest)]) + "\n"
    )
    with open_session(workspace) as session:
        files = [("accounts", ACCOUNTS), ("contacts", CONTACTS), ("contacts", None),
                 ("touches", TOUCHES + TOUCHES_MORE)]  # fmt: skip
        for n, (kind, text) in enumerate(files):
            path = members
            if text is not None:
                path = root / f"{n}-{kind}.csv"
                path.write_text(text)
            assert import_files(session, kind, [path]).rejected == []
        assert score(session, full=True).new_links >= 1
    for process in adding:
        said, _ = process.communicate(PASSWORD.encode() + b"\n", timeout=120)
        assert process.returncode == 0, said.decode()

    def person(email: str) -> int:
        sql = f"SELECT person_id FROM identities WHERE kind = 'email' AND value = '{email}'"
        return int(query(workspace, sql)[0][0])

    merged = person(MERGED_EMAIL)
    records = query(workspace, f"SELECT count(*) FROM contacts WHERE person_id = {merged}")
    assert records[0][0] == 2, "the matcher did not join the first pair"
    name = " ".join(first.split(",")[:2])
    return Site("", root, person("ann@riversidefp.example"),
                person("dan@lakesidedental.example"), merged, name)  # fmt: skip


@pytest.fixture(scope="module")
def chromium() -> str:
    return chromium_path()


@pytest.fixture(scope="module")
def site(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """`leadsift serve` on a fresh workspace, on a free port, until the module is done."""
    built = build_workspace(tmp_path_factory.mktemp("browser") / "ws")
    with serving(built.root, built.root.parent / "serve.log") as (url, _):
        yield Site(url, built.root, built.ann, built.dan, built.merged, built.merged_name)


@pytest.fixture(scope="module")
def playwright(chromium: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: str) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    try:
        yield launched
    finally:
        launched.close()


def open_tab(browser: Browser, site: Site, viewport: dict[str, int] = DESKTOP) -> Tab:
    context = browser.new_context(
        viewport={"width": viewport["width"], "height": viewport["height"]}
    )
    context.set_default_timeout(10_000)
    tab = Tab(context.new_page(), site)

    def on_dialog(dialog: Dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        # a page answered with 4xx on purpose (a wrong password: 401) is not a script error;
        # a stylesheet or icon that fails to load is
        page_itself = message.location.get("url") == tab.page.url
        if message.type == "error" and not (page_itself and "Failed to load" in message.text):
            tab.errors.append(f"console: {message.text} ({message.location.get('url')})")

    tab.page.on("dialog", on_dialog)
    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    return tab


@pytest.fixture
def tab(browser: Browser, site: Site) -> Iterator[Tab]:
    """A fresh 1280x800 browser context (nobody logged in) on the server."""
    opened = open_tab(browser, site)
    try:
        yield opened
    finally:
        opened.page.context.close()


@pytest.fixture
def phone(browser: Browser, site: Site) -> Iterator[Tab]:
    """The same at 390x844, a phone's screen."""
    opened = open_tab(browser, site, PHONE)
    try:
        yield opened
    finally:
        opened.page.context.close()
