"""The Outreach page and the person page's Outreach section, on the web tests' scored
workspace with enrolments, steps and replies written as rows (SQLAlchemy Core): what they
list, the filters and their refusals, text shown as text, long lists cut with a count of
the rest, who may see them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa

from leadsift.app.people import person_view
from leadsift.app.session import open_session
from leadsift.store import schema
from leadsift.web.render import NAV
from leadsift.workspace.workspace import Workspace
from tests.web.conftest import Client, as_role, run

AT = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
SCRIPT = "<script>alert(1)</script>"
SEQUENCE = """window = "09:00-17:00"
sender = { name = "Sam Seller", email = "sam@vendor.example" }

[[steps]]
type = "email"
subject = "Hello {{ person.first_name }}"
text = "Hi {{ person.first_name }}"

[[steps]]
type = "wait"
business_days = 2

[[steps]]
type = "email"
subject = "Again"
text = "Hi again"

[[steps]]
type = "call"
note = "Call {{ person.name }}"
"""
LONG = "word " * 200  # 1,000 characters: the page shows a preview


def _ids(workspace: Workspace) -> dict[str, int]:
    with open_session(workspace) as session:
        return {
            name: person_view(session, f"{name}@{domain}").person_id
            for name, domain in (("ann", "riversidefp.example"), ("dan", "lakesidedental.example"),
                                 ("wes", "widgets.example"), ("stu", "gmail.com"))
        }  # fmt: skip


def _enrol(c: sa.Connection, person: int, sequence: str, status: str, **more: object) -> int:
    values = {"person_id": person, "sequence": sequence, "status": status, "next_step": 1,
              "due_at": AT, "enrolled_at": AT - timedelta(days=3), **more}  # fmt: skip
    key = c.execute(schema.enrolments.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def _step(c: sa.Connection, enrolment: int, person: int, step: int, kind: str, status: str,
          **more: object) -> None:  # fmt: skip
    c.execute(schema.outreach_steps.insert().values(
        enrolment_id=enrolment, person_id=person, step=step, kind=kind, status=status,
        created_at=AT - timedelta(days=2, hours=step), **more,
    ))  # fmt: skip


def _reply(c: sa.Connection, n: int, person: int | None, text: str, intent: str | None,
           received: datetime, confidence: float | None = 0.93) -> None:  # fmt: skip
    c.execute(schema.replies.insert().values(
        reply_key=f"k{n}", person_id=person, matched_by="in_reply_to" if person else "none",
        from_address=f"sender{n}@example.com", subject=f"Re: Hello {n}", text=text,
        received_at=received, intent=intent, confidence=confidence, source="imap:sales",
    ))  # fmt: skip


@pytest.fixture
def seeded(workspace: Workspace) -> dict[str, int]:
    """Dan active in q3-founders (step 1 sent, a call task open), Ann stopped by her reply
    (whose text holds a script tag), Wes paused in `renewals` (which has no file) with an
    email of unknown fate, one finished; replies of Ann, a long one and a bounce."""
    folder = workspace.root / "sequences"
    folder.mkdir(exist_ok=True)
    (folder / "q3-founders.toml").write_text(SEQUENCE)
    (folder / "unused.toml").write_text(SEQUENCE)
    ids = _ids(workspace)
    with workspace.opened() as engine, engine.begin() as c:
        dan = _enrol(c, ids["dan"], "q3-founders", "active", next_step=3,
                     due_at=datetime(2026, 5, 6, 14, 30, tzinfo=UTC))  # fmt: skip
        _step(c, dan, ids["dan"], 1, "email", "sent", message_id="<d1@x>", sent_at=AT)
        _step(c, dan, ids["dan"], 4, "call", "open", note=f"Call Dan Ortiz {SCRIPT}")
        ann = _enrol(c, ids["ann"], "q3-founders", "stopped", stop_reason="reply", ended_at=AT)
        _step(c, ann, ids["ann"], 1, "email", "sent", message_id="<a1@x>", sent_at=AT)
        wes = _enrol(c, ids["wes"], "renewals", "paused", next_step=1)
        _step(c, wes, ids["wes"], 1, "email", "unknown", message_id="<w1@x>")
        _enrol(c, ids["wes"], "renewals", "finished", next_step=2, ended_at=AT)
        _reply(c, 1, ids["ann"], f"{SCRIPT} Yes, Tuesday works.", "interested", AT)
        _reply(c, 2, ids["dan"], LONG, "question", AT - timedelta(hours=1), 0.61)
        _reply(c, 3, None, "Delivery failed", None, AT - timedelta(hours=2), None)
    return ids


def _get(workspace: Workspace, role: str | None, *paths: str) -> list[httpx.Response]:
    async def body(client: Client) -> list[httpx.Response]:
        if role:
            await as_role(client, role)
        return [await client.get(p) for p in paths]

    result: list[httpx.Response] = run(workspace, body)
    return result


def _rows(page: str, caption: str) -> list[str]:
    """The body rows of the table whose caption starts with `caption`."""
    table = re.search(rf"<caption>{re.escape(caption)}.*?</table>", page, re.S)
    assert table, f"no table {caption!r}"
    return re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1], re.S)


def test_a_viewer_sees_counts_enrolments_tasks_and_replies(
    workspace: Workspace, seeded: dict[str, int]
) -> None:
    (got,) = _get(workspace, "viewer", "/outreach")
    assert got.status_code == 200
    text = got.text
    assert '<a href="/outreach" aria-current="page">Outreach</a>' in text
    assert "1 email of unknown fate" in text and 'role="alert"' in text
    counts = dict(re.findall(r"<dt>(\w+)</dt><dd>(?:<a [^>]*>)?(\d+)", text))
    assert counts == {"active": "1", "paused": "1", "finished": "1", "stopped": "1"}
    rows = _rows(text, "4 enrolments")
    assert len(rows) == 4
    dan = next(r for r in rows if f'href="/people/{seeded["dan"]}"' in r)
    assert ">dan<wbr>@lakesidedental.example</a>" in dan and "q3-founders" in dan
    assert "3: email" in dan and "2026-05-06 14:30 UTC" in dan
    assert re.search(r'data-label="Emails sent">1</td>', dan)
    ann = next(r for r in rows if f'href="/people/{seeded["ann"]}"' in r)
    assert 'data-label="Due, or why it ended">reply</td>' in ann
    assert 'data-label="Next step"></td>' in ann
    paused = next(r for r in rows if ">paused" in r)
    assert "1: ?" in paused and "unknown fate" in paused  # renewals has no file
    assert any("every step done" in r for r in rows)
    (task,) = _rows(text, "Calls and social touches")
    assert "call" in task and "Call Dan Ortiz &lt;script&gt;" in task
    replies = _rows(text, "Replies, newest first")
    assert [re.search(r'data-label="Intent">([^<]*)<', r).group(1) for r in replies] == [  # type: ignore[union-attr]
        "interested",
        "question",
        "bounce",
    ]
    assert "93%" in replies[0] and "61%" in replies[1] and "confidence" not in replies[2]
    assert (
        f"<q>{SCRIPT.replace('<', '&lt;').replace('>', '&gt;')} Yes, Tuesday works.</q>"
        in (replies[0])
    )
    assert "<script>" not in text and "alert(1)</script>" not in text
    preview = re.search(r"<q>(word[^<]*)</q>", replies[1])
    assert preview and preview.group(1).endswith("…") and len(preview.group(1)) <= 401
    assert "unknown sender" not in replies[2] and "sender3<wbr>@example.com" in replies[2]
    assert "/people/" not in replies[2]  # a bounce matched to nobody links nowhere


def test_the_page_is_a_dashboard_page_like_the_others(
    workspace: Workspace, seeded: dict[str, int]
) -> None:
    got, spec = _get(workspace, "admin", "/outreach", "/openapi.json")
    for label, href in NAV:
        assert f'<a href="{href}"' in got.text and f">{label}</a>" in got.text
    assert "unsafe-inline" not in got.headers["content-security-policy"]
    for table in re.findall(r"<table.*?</table>", got.text, re.S):
        assert "<caption>" in table
    for field in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', got.text):
        assert f'<label for="{field}"' in got.text
    # the dashboard's pages are left out of the REST API's document, this one too
    assert "/outreach" not in spec.json()["paths"] and "/leads" not in spec.json()["paths"]


def test_filters_by_sequence_and_status_and_refuses_unknown_ones(
    workspace: Workspace, seeded: dict[str, int]
) -> None:
    active, renewals, both, none, bad, nosuch = _get(
        workspace, "marketer", "/outreach?status=active", "/outreach?sequence=renewals",
        "/outreach?sequence=renewals&status=finished", "/outreach?sequence=unused",
        "/outreach?status=bogus", f"/outreach?sequence={SCRIPT}",
    )  # fmt: skip
    (row,) = _rows(active.text, "1 enrolment (active)")
    assert f'/people/{seeded["dan"]}"' in row
    assert '<option value="active" selected>' in active.text
    assert len(_rows(renewals.text, "2 enrolments (renewals)")) == 2
    assert '<option value="renewals" selected>' in renewals.text
    (row,) = _rows(both.text, "1 enrolment (renewals, finished)")
    assert "every step done" in row
    assert "Call Dan Ortiz" not in renewals.text  # the task is q3-founders'
    assert "No enrolments match." in none.text  # a sequence file nobody is in yet
    status_words = "choose one of active, paused, finished, stopped"
    for refused, field, words in ((bad, "status", status_words),
                                  (nosuch, "sequence", "is not a sequence here")):  # fmt: skip
        assert refused.status_code == 400
        assert f'id="{field}-error"' in refused.text and words in refused.text
        assert re.search(rf'<select id="{field}" name="{field}" aria-invalid="true"', refused.text)
        assert len(_rows(refused.text, "4 enrolments")) == 4  # everything, unfiltered
    assert "<script>" not in nosuch.text and "&lt;script&gt;" in nosuch.text
    # the counts stay the whole workspace's, and each links to its filter
    assert '<a href="/outreach?status=paused">1</a>' in active.text


def test_long_lists_come_in_pages_with_a_count_of_the_rest(
    workspace: Workspace, seeded: dict[str, int]
) -> None:
    with workspace.opened() as engine, engine.begin() as c:
        for _ in range(60):
            _enrol(c, seeded["ann"], "q3-founders", "finished", ended_at=AT)
        for n in range(25):
            _reply(c, 100 + n, seeded["ann"], f"thanks {n}", "interested", AT - timedelta(days=1))
    first, second = _get(workspace, "viewer", "/outreach", "/outreach?offset=50")
    assert len(_rows(first.text, "64 enrolments")) == 50
    assert 'href="/outreach?offset=50" rel="next"' in first.text
    assert len(_rows(second.text, "64 enrolments")) == 14
    assert len(_rows(first.text, "Replies, newest first: 20 of 28")) == 20
    assert "8 older" in first.text


def test_an_anonymous_visitor_is_sent_to_log_in(workspace: Workspace) -> None:
    (got,) = _get(workspace, None, "/outreach?status=active")
    assert got.status_code == 303
    assert got.headers["location"] == "/login?next=%2Foutreach%3Fstatus%3Dactive"


def test_a_workspace_without_outreach_says_how_to_start(workspace: Workspace) -> None:
    (got,) = _get(workspace, "viewer", "/outreach")
    assert got.status_code == 200
    assert "Nobody is enrolled yet" in got.text and "No replies yet" in got.text
    assert "No open tasks." in got.text and "unknown fate" not in got.text


def test_the_person_page_shows_their_enrolments_and_replies(
    workspace: Workspace, seeded: dict[str, int]
) -> None:
    ann, dan, stu = _get(
        workspace, "viewer", f"/people/{seeded['ann']}", f"/people/{seeded['dan']}",
        f"/people/{seeded['stu']}",
    )  # fmt: skip
    section = ann.text.split('id="outreach-title"')[1].split("</section>")[0]
    assert "<strong>q3-founders</strong>: stopped (reply); 1 email sent" in section
    assert "<strong>interested</strong>" in section and "(93%)" in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Yes, Tuesday works." in section
    assert "<script>" not in ann.text
    section = dan.text.split('id="outreach-title"')[1].split("</section>")[0]
    assert "active, next 3: email due 2026-05-06 14:30 UTC" in section
    assert "<strong>question</strong>" in section and "(61%)" in section
    assert "Not in any sequence." in stu.text.split('id="outreach-title"')[1]
