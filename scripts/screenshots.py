"""Full-page screenshots of every dashboard page, at 1280x800 and at 390x844 (a phone).

    .venv/bin/python scripts/screenshots.py [--workspace DIR] [--out .screenshots]

Serves the workspace with `leadsift serve` on a free port (without --workspace: a small demo
built with `leadsift demo DIR --size small` in a temporary folder), adds a temporary admin
user with `leadsift users add` (removed again at the end), logs in through the login page
and writes OUT/<width>x<height>/<nn>-<page>.png. Chromium comes from $LEADSIFT_TEST_CHROMIUM
or scripts/ensure-chromium.sh, and is driven by Playwright.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).resolve().parent
SIZES = ((1280, 800), (390, 844))


def leadsift(workspace: Path | None, *args: str, stdin: str | None = None) -> str:
    where = ["--workspace", str(workspace)] if workspace else []
    done = subprocess.run(
        [sys.executable, "-m", "leadsift.cli.main", *where, *args],
        input=stdin,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"leadsift {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def chromium() -> str:
    path = (
        os.environ.get("LEADSIFT_TEST_CHROMIUM")
        or subprocess.run(
            ["sh", str(HERE / "ensure-chromium.sh")], capture_output=True, text=True
        ).stdout.strip()
    )
    if not path:
        sys.exit("no Chromium: install Debian's chromium package or set LEADSIFT_CHROMIUM")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(workspace: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(workspace), "serve",
         "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit("leadsift serve did not start")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def temporary_admin(workspace: Path) -> Iterator[tuple[str, str]]:
    email = f"screenshots-{secrets.token_hex(4)}@leadsift.invalid"
    password = secrets.token_urlsafe(24)
    leadsift(workspace, "users", "add", email, "--role", "admin", "--password-stdin",
             stdin=password + "\n")  # fmt: skip
    try:
        yield email, password
    finally:
        leadsift(workspace, "users", "remove", email)


def _first_link(page: Page, url: str, prefix: str) -> str | None:
    page.goto(url)
    link = page.locator(f'main a[href^="{prefix}"]').first
    return link.get_attribute("href") if link.count() else None


def pages(page: Page, url: str) -> list[tuple[str, str]]:
    """(name, path) of each page to photograph, with one campaign and one person found on
    the dashboard itself."""
    found = [("home", "/"), ("home-by-channel", "/?by=channel"), ("campaigns", "/campaigns")]
    campaign = _first_link(page, url + "/campaigns", "/campaigns/")
    if campaign:
        found.append(("campaign", campaign))
    found += [("leads", "/leads"), ("leads-every-stage", "/leads?stage=all")]
    person = _first_link(page, url + "/leads?stage=all", "/people/")
    if person:
        found.append(("person", person))
    found += [("accounts", "/accounts"), ("imports", "/imports"), ("spread", "/spread"),
              ("settings", "/settings"), ("attribution", "/attribution"),
              ("outreach", "/outreach"), ("outreach-active", "/outreach?status=active"),
              ("bad-date", "/?since=May"), ("not-found", "/people/999999999")]  # fmt: skip
    return found


def shoot(browser: Browser, url: str, email: str, password: str, out: Path) -> list[Path]:
    written = []
    for width, height in SIZES:
        folder = out / f"{width}x{height}"
        folder.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(url + "/login")
        written.append(folder / "00-login.png")
        page.screenshot(path=written[-1], full_page=True)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("wrong password, surely")
        page.get_by_role("button", name="Log in").click()
        written.append(folder / "01-login-refused.png")
        page.screenshot(path=written[-1], full_page=True)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"^(?!.*/login)"))
        for n, (name, path) in enumerate(pages(page, url), start=2):
            page.goto(url + path)
            written.append(folder / f"{n:02d}-{name}.png")
            page.screenshot(path=written[-1], full_page=True)
        # the keyboard's focus outline on the navigation
        page.goto(url + "/")
        for _ in range(3):
            page.keyboard.press("Tab")
        written.append(folder / "99-focus.png")
        page.screenshot(path=written[-1])
        context.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="a leadsift workspace (default: a demo)")
    parser.add_argument("--out", type=Path, default=Path(".screenshots"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leadsift-screenshots-") as scratch:
        workspace = args.workspace
        if workspace is None:
            workspace = Path(scratch) / "demo"
            print(f"building a small demo in {workspace} ...", file=sys.stderr)
            leadsift(None, "demo", str(workspace), "--size", "small")
        with (
            temporary_admin(workspace) as (email, password),
            serving(workspace) as url,
            sync_playwright() as driver,
        ):
            browser = driver.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            try:
                written = shoot(browser, url, email, password, args.out)
            finally:
                browser.close()
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
