"""The dashboard in a real browser, used the way a person does: by labels, roles and text.

Logging in and out, the report, an upload, a lead through to its person and a split, a
campaign named as markup, requests that never leave the server, CSRF and roles, the keyboard,
labels and contrast, and a phone's screen.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, expect

from leadsift.workspace.workspace import find_workspace
from tests.browser.conftest import (
    MERGED_CAMPAIGN,
    PASSWORD,
    USERS,
    XSS,
    Site,
    Tab,
    open_tab,
    xss_campaign_path,
)
from tests.helpers import invoke

LOGIN_HEADING = "Log in to leadsift"
NAV = ["Home", "Campaigns", "Leads", "Accounts", "Outreach", "Imports", "Spread", "Settings"]

# Each visible text's colour against the background it is drawn on (the first opaque one up
# the tree, semi-transparent layers blended onto it), as WCAG 2 computes contrast.
CONTRAST_JS = """() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let rgb = [255, 255, 255];
    for (const c of layers.reverse()) rgb = rgb.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return rgb;
  };
  const ratio = (fg, bg) => {
    const [a, b] = [lum(fg), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const seen = new Set();
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(el) || el.closest("svg")) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== "visible" || box.width === 0 || box.right < 0 || box.bottom < 0) {
      continue;
    }
    const bg = backdrop(el);
    const c = parse(style.color);
    const fg = c.slice(0, 3).map((v, i) => v * c[3] + bg[i] * (1 - c[3]));
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight) >= 700 && size >= 18.66);
    out.push({
      text: walker.currentNode.textContent.trim().slice(0, 40), tag: el.tagName,
      cls: String(el.className), color: style.color, background: "rgb(" + bg.map(Math.round) + ")",
      ratio: Math.round(ratio(fg, bg) * 100) / 100, needed: large ? 3 : 4.5,
    });
  }
  const body = getComputedStyle(document.body);
  const main = { ratio: ratio(parse(body.color), backdrop(document.body)) };
  return { main, texts: out };
}"""

UNLABELLED_JS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter((e) => e.type !== "hidden")
  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")
                 && !e.getAttribute("aria-labelledby"))
  .map((e) => e.outerHTML)"""

FOCUSED_JS = """() => {
  const e = document.activeElement;
  const name = (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent).trim();
  return { what: e.tagName.toLowerCase() + ": " + name,
           outline: getComputedStyle(e).outlineStyle };
}"""


# Text broken into a column a few characters wide: a text node drawn on many more lines than
# its length needs at the width it was given.
SQUEEZED_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (text.length < 16) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    if (lines > 6 && text.length / lines < 6) {
      out.push(walker.currentNode.parentElement.tagName + ": " + text.slice(0, 40) + " in "
               + lines + " lines");
    }
  }
  return out;
}"""


def _heading(tab: Tab, name: str | re.Pattern[str]) -> None:
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(name)


def _landed(tab: Tab, heading: str) -> None:
    """After a form was sent: the page it led to has this title (else say what it said)."""
    tab.page.wait_for_load_state()
    title = tab.page.get_by_role("heading", level=1).inner_text()
    alerts = tab.page.get_by_role("alert").all_inner_texts()
    assert title == heading, f"landed on {title!r} ({tab.page.url}): {alerts}"


def _quiet(tab: Tab) -> None:
    """No script ran: no alert or other dialog, no console error, no uncaught exception."""
    assert tab.dialogs == [], tab.dialogs
    assert tab.errors == [], tab.errors


def test_logging_in_then_the_report_by_campaign_and_by_channel(tab: Tab) -> None:
    page = tab.page
    tab.go("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$|/login\?next=/$"))
    _heading(tab, LOGIN_HEADING)
    tab.log_in("admin", password="not the password at all")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    expect(page.get_by_label("Email")).to_have_value(USERS["admin"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _heading(tab, "Home")
    expect(page).to_have_url(tab.site.url + "/")
    expect(page.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    table = page.get_by_role("table", name=re.compile("what each campaign produced"))
    expect(table).to_be_visible()
    expect(table.get_by_role("link", name="webinar", exact=True)).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.get_by_role("heading", name="Charts")).to_be_visible()

    page.get_by_label("Group by").select_option("channel")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"by=channel"))
    by_channel = page.get_by_role("table", name=re.compile("what each channel produced"))
    expect(by_channel).to_be_visible()
    for channel in ("webinar", "email", "phone", "content"):
        expect(by_channel.get_by_role("rowheader", name=channel, exact=True)).to_be_visible()
    expect(page.get_by_label("Group by")).to_have_value("channel")
    _quiet(tab)


def test_an_upload_shows_what_it_gave_and_an_empty_file_the_cli_message(
    tab: Tab, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tab.page
    people = tmp_path / "browser-people.csv"
    people.write_text("email,first_name,company\nzoe@new.example,Zoe,New Co\n")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    tab.log_in("admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Imports").click()
    _heading(tab, "Imports")
    page.get_by_label("Files", exact=True).set_input_files(people)
    # the workspace busy with another writer: the import waits, and the page shows it
    # waiting, then follows it (its script) to the result once the writer is done
    with find_workspace(tab.site.root).writing("a test holding the lock"):
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("Waiting for a test holding the lock")).to_be_visible()
        expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/imports/jobs/"))
    _landed(tab, "Imports")
    result = page.get_by_role("table", name="Files imported")
    expect(result).to_be_visible()
    row = result.get_by_role("row").filter(has=page.get_by_role("rowheader", name=people.name))
    expect(row.get_by_role("cell").first).to_have_text("contacts")  # the layout recognised
    log = page.get_by_role("table", name="The latest imports, newest first")
    expect(log.get_by_role("row").nth(1)).to_contain_text(people.name)

    cli = invoke(capsys, "--workspace", str(tab.site.root), "import", str(empty), "--check")
    assert cli.exit_code == 1
    first, reason, *_ = cli.stderr.replace(str(tmp_path) + "/", "").split("\n")
    page.get_by_label("Files", exact=True).set_input_files(empty)
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(first.removeprefix("error: "))
    expect(alert).to_contain_text(reason.strip())
    assert "the file is empty" in reason
    expect(log.get_by_role("row").nth(1)).to_contain_text(people.name)  # nothing of it stored
    _quiet(tab)


def test_a_lead_leads_to_its_person_and_a_merge_is_split_there(tab: Tab) -> None:
    page, site = tab.page, tab.site
    tab.log_in("admin")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Leads").click()
    _heading(tab, "Leads")
    page.get_by_role("link", name="Ann Kim").click()
    _heading(tab, "Ann Kim")
    expect(page.get_by_text("Office Mgr, Family Medicine").first).to_be_visible()

    nav.get_by_role("link", name="Leads").click()
    page.get_by_label("Stage").select_option(label="every stage")
    page.get_by_label("Campaign").fill(MERGED_CAMPAIGN)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=site.merged_name).click()
    _heading(tab, site.merged_name)
    records = page.get_by_role("table", name="Every record of this person, oldest first")
    expect(records.get_by_role("row")).to_have_count(3)  # the heading and the two records
    links = page.get_by_role(
        "table", name="Probabilistic links that made one person of these records"
    )
    expect(links.get_by_role("row")).to_have_count(2)  # the heading and the one link
    expect(links.get_by_role("cell").nth(2)).to_have_text(re.compile(r"^\d+%$"))
    page.get_by_role("button", name="Split this person").click()
    _landed(tab, site.merged_name)
    expect(page.get_by_role("status")).to_contain_text("1 link(s) undone")
    # the next score separates the records: the person keeps the one with the email
    subprocess.run(
        [sys.executable, "-m", "leadsift.cli.main", "--workspace", str(site.root), "score"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    nav.get_by_role("link", name="Leads").click()
    page.get_by_label("Stage").select_option(label="every stage")
    page.get_by_label("Campaign").fill(MERGED_CAMPAIGN)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=site.merged_name).click()
    expect(records.get_by_role("row")).to_have_count(2)
    # nothing left to undo: no links shown, no button offered, and a forged split refused
    expect(links).to_have_count(0)
    expect(page.get_by_role("button", name="Split this person")).to_have_count(0)
    split = page.request.post(f"{page.url}/split", form={"csrf_token": tab.csrf_token()})
    assert split.status == 400 and "no probabilistic links to undo" in split.text()
    _quiet(tab)


def test_after_logging_out_back_and_a_protected_url_ask_to_log_in(tab: Tab) -> None:
    page = tab.page
    tab.log_in("viewer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Leads").click()
    _heading(tab, "Leads")
    page.get_by_role("button", name="Log out").click()
    _heading(tab, LOGIN_HEADING)
    page.go_back()
    _heading(tab, LOGIN_HEADING)
    expect(page.get_by_role("link", name="Ann Kim")).to_have_count(0)
    tab.go("/settings")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    _heading(tab, LOGIN_HEADING)
    page.get_by_label("Email").fill(USERS["viewer"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    _heading(tab, "Settings")  # back where they asked to go
    _quiet(tab)


def test_the_campaign_named_as_markup_is_text_everywhere_and_runs_nothing(tab: Tab) -> None:
    page, site = tab.page, tab.site
    tab.log_in("admin")
    table = page.get_by_role("table", name=re.compile("what each campaign produced"))
    expect(table.get_by_role("link", name=XSS, exact=True)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name=XSS, exact=True).click()
    _heading(tab, XSS)
    expect(page).to_have_url(site.url + xss_campaign_path())
    expect(page.get_by_role("link", name="Dan Ortiz")).to_be_visible()
    page.get_by_role("link", name="Dan Ortiz").click()
    _heading(tab, "Dan Ortiz")
    touches = page.get_by_role("table", name="Latest touches, newest first")
    expect(touches.get_by_role("cell", name=XSS, exact=True)).to_be_visible()
    tab.go(f"/leads?stage=all&campaign={xss_campaign_path().removeprefix('/campaigns/')}")
    expect(page.get_by_label("Campaign")).to_have_value(XSS)
    expect(page.get_by_role("link", name="Dan Ortiz")).to_be_visible()
    for path in site.pages():
        tab.go(path)
        assert page.locator('img[src="x"]').count() == 0, path
    _quiet(tab)


def test_every_request_stays_on_the_server(tab: Tab) -> None:
    tab.go("/login")
    tab.log_in("admin")
    for path in tab.site.pages():
        tab.go(path)
    tab.page.wait_for_load_state("networkidle")
    elsewhere = [u for u in tab.requests if not u.startswith(tab.site.url + "/")]
    assert elsewhere == []
    assert any(u.endswith("/static/leadsift.css") for u in tab.requests)
    _quiet(tab)


def test_a_viewer_sees_no_forms_that_change_things_and_forged_posts_are_refused(
    tab: Tab, browser: Browser, site: Site
) -> None:
    page = tab.page
    tab.log_in("viewer")
    tab.go("/imports")
    _heading(tab, "Imports")
    expect(page.get_by_label("Files", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    tab.go("/settings")
    expect(page.get_by_role("button", name="Create key")).to_have_count(0)
    tab.go(f"/people/{site.merged}")
    expect(page.get_by_role("button", name="Split this person")).to_have_count(0)
    token = tab.csrf_token()  # the viewer's own, from the Log out form
    split = page.request.post(f"{site.url}/people/{site.merged}/split", form={"csrf_token": token})
    assert split.status == 403 and "A viewer cannot do this" in split.text()
    csv_file: FilePayload = {"name": "t.csv", "mimeType": "text/csv", "buffer": b"email\n"}
    upload = page.request.post(
        f"{site.url}/imports", multipart={"csrf_token": token, "files": csv_file}
    )
    assert upload.status == 403

    admin = open_tab(browser, site)
    try:
        admin.log_in("admin")
        keys = admin.page.request.post(f"{site.url}/settings/keys", form={"scope": "read"})
        assert keys.status == 403 and "did not come from leadsift" in keys.text()
        forged = admin.page.request.post(
            f"{site.url}/settings/keys", form={"scope": "read", "csrf_token": token}
        )  # the viewer's token is not the admin's
        assert forged.status == 403
        bare = admin.page.request.post(
            f"{site.url}/imports",
            multipart={"files": csv_file},
        )
        assert bare.status == 403
        admin.go("/settings")
        expect(admin.page.get_by_role("button", name="Create key")).to_be_visible()
        expect(admin.page.get_by_text("No API keys yet.")).to_be_visible()  # none was made
        _quiet(admin)
    finally:
        admin.page.context.close()
    _quiet(tab)


def test_every_form_that_posts_carries_the_session_csrf_token(tab: Tab) -> None:
    tab.log_in("admin")
    empty: dict[str, list[str]] = {}
    for path in tab.site.pages():
        tab.go(path)
        token = tab.page.locator("form.logout").locator('input[name="csrf_token"]').input_value()
        assert token
        forms = tab.page.locator('form[method="post"]')
        for n in range(forms.count()):
            field = forms.nth(n).locator('input[name="csrf_token"]')
            if field.count() != 1 or field.input_value() != token:
                empty.setdefault(path, []).append(str(forms.nth(n).get_attribute("action")))
    assert empty == {}


def _tab_order(tab: Tab, presses: int) -> list[dict[str, Any]]:
    tab.page.locator("body").focus()
    order = []
    for _ in range(presses):
        tab.page.keyboard.press("Tab")
        order.append(tab.page.evaluate(FOCUSED_JS))
    return order


def test_the_keyboard_reaches_the_login_form_and_the_nav_in_order(tab: Tab) -> None:
    tab.go("/login")
    order = _tab_order(tab, 4)
    assert [f["what"] for f in order] == [
        "a: Skip to the content", "input: Email", "input: Password", "button: Log in",
    ]  # fmt: skip
    assert all(f["outline"] != "none" for f in order), order  # a visible focus outline
    tab.log_in("admin")
    order = _tab_order(tab, len(NAV) + 3)
    assert [f["what"] for f in order] == [
        "a: Skip to the content", "a: leadsift", *(f"a: {n}" for n in NAV), "button: Log out",
    ]  # fmt: skip
    assert all(f["outline"] != "none" for f in order), order
    tab.page.keyboard.press("Shift+Tab")
    tab.page.keyboard.press("Enter")  # Settings, by keyboard
    _heading(tab, "Settings")


def test_every_field_has_a_label_and_text_meets_wcag_aa_contrast(tab: Tab) -> None:
    tab.go("/login")
    checked: dict[str, list[dict[str, Any]]] = {}
    unlabelled: dict[str, list[str]] = {}
    paths = ["/login", *tab.site.pages(), "/leads?stage=hot"]
    for n, path in enumerate(paths):
        if n == 1:
            tab.log_in("admin")
        tab.go(path)
        unlabelled[path] = tab.page.evaluate(UNLABELLED_JS)
        found = tab.page.evaluate(CONTRAST_JS)
        assert found["main"]["ratio"] >= 4.5, (path, found["main"])
        checked[path] = [t for t in found["texts"] if t["ratio"] < t["needed"]]
        assert len(found["texts"]) > 5, path
    assert {p: u for p, u in unlabelled.items() if u} == {}
    assert {p: low for p, low in checked.items() if low} == {}


def test_no_page_scrolls_sideways_on_a_phone(phone: Tab) -> None:
    wide = {}
    phone.go("/login")
    for path in ["/login", *phone.site.pages()]:
        if path != "/login" and "leadsift_session" not in str(phone.page.context.cookies()):
            phone.log_in("admin")
        phone.go(path)
        widths = phone.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if widths[0] > widths[1]:
            wide[path] = widths
    assert wide == {}
    _quiet(phone)


def test_no_text_is_squeezed_into_a_sliver_on_a_phone(phone: Tab) -> None:
    phone.log_in("admin")
    squeezed = {}
    for path in phone.site.pages():
        phone.go(path)
        found = phone.page.evaluate(SQUEEZED_JS)
        if found:
            squeezed[path] = found[:3]
    assert squeezed == {}
