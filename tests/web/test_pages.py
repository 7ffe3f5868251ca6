"""Each page shows the application API's figures, data as text never as markup, and the
headers that keep the page to what leadsift serves."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import httpx
from markupsafe import escape

from leadsift.app.exports import export_call_list
from leadsift.app.leads import ALL, LeadQuery, find_leads
from leadsift.app.people import person_view
from leadsift.app.reports import campaign_report
from leadsift.app.session import open_session
from leadsift.report.html import _row
from leadsift.web.home import HOME_COLUMNS
from leadsift.web.render import NAV
from leadsift.workspace.workspace import Workspace
from tests.web.conftest import SLASHED, XSS, Client, as_role, run

PAGES = ("/", "/?by=channel", "/campaigns", "/leads", "/leads?stage=all", "/accounts",
         "/imports", "/spread", "/settings", "/attribution")  # fmt: skip


def _people(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a href="/people/(\d+)">', page)]


def test_every_page_has_its_title_nav_and_security_headers(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "admin")
        return [await client.get(p) for p in PAGES]

    for path, got in zip(PAGES, run(workspace, body), strict=True):
        assert got.status_code == 200, path
        assert re.search(r"<h1>[^<]+</h1>", got.text), path
        for label, href in NAV:
            assert f'<a href="{href}"' in got.text and f">{label}</a>" in got.text
        assert ">Log out</button>" in got.text
        csp = got.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert got.headers["x-content-type-options"] == "nosniff"
        assert "<script>" not in got.text and " style=" not in got.text and "<style" not in got.text
        for table in re.findall(r"<table.*?</table>", got.text, re.S):
            assert "<caption>" in table, path
        for field in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', got.text):
            assert f'<label for="{field}"' in got.text, (path, field)


def test_a_campaign_named_as_markup_is_text_everywhere(workspace: Workspace) -> None:
    dan = find_dan(workspace)

    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "admin")
        campaign = "/campaigns/" + XSS.replace(" ", "%20")
        paths = [*PAGES, campaign, f"/people/{dan}", f"/leads?campaign={XSS}&stage=all"]
        return [await client.get(p) for p in paths]

    pages = run(workspace, body)
    shown = 0
    for got in pages:
        assert XSS not in got.text and "<img" not in got.text
        shown += html.escape(XSS, quote=False) in got.text or "&lt;img" in got.text
    assert shown >= 5  # home, campaigns, the campaign, the person, the leads filter
    assert pages[-3].status_code == 200


def find_dan(workspace: Workspace) -> int:
    with open_session(workspace) as session:
        return person_view(session, "dan@lakesidedental.example").person_id


def test_the_leads_page_lists_find_leads_in_order(workspace: Workspace) -> None:
    async def body(client: Client) -> list[str]:
        await as_role(client, "viewer")
        paths = ["/leads", "/leads?stage=all", "/leads?stage=all&sort=probability",
                 "/leads?stage=mql%2B&account=riverside", "/leads?stage=hot"]  # fmt: skip
        return [(await client.get(p)).text for p in paths]

    default, every, by_probability, riverside, bad = run(workspace, body)
    with open_session(workspace) as session:

        def ids(query: LeadQuery) -> list[int]:
            return [lead.person_id for lead in find_leads(session, query)]

        assert _people(default) == ids(LeadQuery(limit=None))
        assert _people(every) == ids(LeadQuery((ALL,), limit=None))
        assert _people(by_probability) == ids(LeadQuery((ALL,), limit=None, sort="probability"))
        assert _people(riverside) == ids(LeadQuery(("mql+",), "riverside", limit=None))
        first = find_leads(session, LeadQuery((ALL,), limit=1))[0]
    assert len(_people(every)) >= 4
    for reason in first.reasons:
        assert escape(reason) in every
    assert 'aria-invalid="true"' in bad and "choose one of" in bad


def test_home_shows_the_report_figures_and_marks_a_bad_date(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "viewer")
        paths = ("/?by=channel&since=2026-05-09&columns=all", "/?since=May", "/?by=channel")
        return [await client.get(p) for p in paths]

    channel, bad, main = run(workspace, body)
    with open_session(workspace) as session:
        report = campaign_report(session, "channel", date(2026, 5, 9))
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", channel.text, re.S)
    assert len(rows) == len(report.groups) > 0
    for group, row in zip(report.groups, rows, strict=True):
        cells = [html.unescape(c) for c in re.findall(r'<td class="num">(.*?)</td>', row)]
        assert cells == _row(group, report.currency)[1:]
    for line in report.summary:
        assert escape(line) in channel.text
    assert '<svg class="chart"' in channel.text
    # by default the main columns only, so that what a campaign produced fits at 1280 px
    headings = re.findall(r'<th scope="col" class="num [a-z]+">([^<]+)</th>', main.text)
    assert headings == list(HOME_COLUMNS) and "impressions" not in headings
    assert 'name="columns" value="all"' in channel.text  # the switch keeps every column
    assert bad.status_code == 422 and 'id="since-error"' in bad.text
    assert "is not a date" in bad.text and 'aria-invalid="true"' in bad.text


def test_campaign_person_accounts_and_settings_pages(workspace: Workspace) -> None:
    dan = find_dan(workspace)

    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "marketer")
        paths = ["/campaigns/webinar", "/campaigns/none-such", f"/people/{dan}", "/people/999999",
                 "/accounts?targets_only=true", "/settings"]  # fmt: skip
        return [await client.get(p) for p in paths]

    webinar, none, person, nobody, targets, settings = run(workspace, body)
    with open_session(workspace) as session:
        people = find_leads(session, LeadQuery((ALL,), campaign="webinar", limit=None))
        view = person_view(session, str(dan))
    assert _people(webinar.text) == [p.person_id for p in people]
    assert none.status_code == 404 and nobody.status_code == 404
    assert "<h1>Dan Ortiz</h1>" in person.text
    for touch in view.recent_touches:
        assert escape(touch.kind) in person.text
    assert "Split this person" not in person.text  # no links of the matcher to undo
    assert "riversidefp.example" in targets.text and "widgets.example" not in targets.text
    assert "mql_min_grade" in settings.text
    # as leadsift.toml spells values, not as Python prints them
    assert "<code>free_mail_is_b2b_negative</code></th><td>true</td>" in settings.text
    assert "True" not in settings.text.split("<main")[1]
    assert 'action="/settings/keys"' not in settings.text  # keys are for admins


def test_exports_download_what_the_cli_writes(workspace: Workspace) -> None:
    async def body(client: Client) -> httpx.Response:
        await as_role(client, "viewer")
        return await client.get("/exports/calls")

    got = run(workspace, body)
    assert 'filename="call-list.csv"' in got.headers["content-disposition"]
    expected = io.StringIO()
    with open_session(workspace) as session:
        export_call_list(session, expected)
    assert got.content.decode("utf-8-sig") == expected.getvalue()
    assert len(list(csv.reader(io.StringIO(expected.getvalue())))) > 1


def test_large_lists_come_in_pages(workspace: Workspace) -> None:
    from leadsift.web import forms

    every = list(range(120))
    first, second, third = (forms.slice_page(every, o) for o in (0, 50, 100))
    assert (first.items, first.next_offset, first.previous_offset) == (every[:50], 50, None)
    assert (second.next_offset, second.previous_offset) == (100, 0)
    assert (third.items, third.next_offset, third.last) == (every[100:], None, 120)


def test_a_campaign_whose_name_holds_a_slash_has_a_page(workspace: Workspace) -> None:
    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "viewer")
        listing = await client.get("/campaigns")
        href = re.search(rf'<a href="([^"]+)">{re.escape(str(escape(SLASHED)))}</a>', listing.text)
        assert href, "no link to the campaign"
        return [listing, await client.get(html.unescape(href.group(1)))]

    _, campaign = run(workspace, body)
    assert campaign.status_code == 200
    assert f"<h1>{escape(SLASHED)}</h1>" in campaign.text
    assert _people(campaign.text) == [find_dan(workspace)]


def test_the_attribution_page_shows_every_models_credit(workspace: Workspace) -> None:
    from leadsift.app.attribution import compare_models

    async def body(client: Client) -> list[httpx.Response]:
        await as_role(client, "viewer")
        paths = ("/attribution?outcome=qualified", "/attribution?outcome=deals&by=region")
        return [await client.get(p) for p in paths]

    shown, bad = run(workspace, body)
    with open_session(workspace) as session:
        found = compare_models(session, "campaign", "qualified")
    assert shown.status_code == 200 and found.groups
    for group in found.groups:
        row = re.search(
            rf"<th scope=\"row\">{re.escape(str(escape(group)))}</th>(.*?)</tr>", shown.text
        )
        assert row, group
        cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
        assert cells == [f"{found.credits[m].get(group, 0.0):,.1f}" for m in found.models]
    assert "W-shaped" in shown.text and "<svg" in shown.text
    assert bad.status_code == 422
    assert 'id="outcome-error"' in bad.text and 'id="by-error"' in bad.text
