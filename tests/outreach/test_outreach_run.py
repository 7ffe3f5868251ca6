"""A sequence run end to end across simulated days, against a real SMTP server (aiosmtpd):
enrolment with its preview and its refusals, the sending window in the recipient's zone,
two people at one account on different days, waits in business days, tasks, touches for
every send, stops before a step (an unsubscribe), at most once (a second run, a crash
after the plan), retries of refusals that may pass with the same Message-ID, bounces, a
dry run that changes nothing, and erasure of what outreach stored."""

from __future__ import annotations

import email
import functools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from leadsift.app.enrolment import Selection, enrol
from leadsift.app.outreach_run import run_outreach
from leadsift.app.outreach_status import outreach_status
from leadsift.app.privacy import erase_people
from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.config.mailboxes import MailboxSettings
from leadsift.outreach.smtp_delivery import Delivery, deliver
from leadsift.workspace.workspace import Workspace, find_workspace
from tests.helpers import free_port, import_texts, invoke
from tests.outreach import test_mail_reading as mail_reading
from tests.outreach.test_smtp_delivery import Inbox
from tests.scoring.test_pipeline import ACCOUNTS, CONTACTS, LATER, TOUCHES

BOB = "bob@riversidefp.example,Bob,Ray,Practice Manager,,Riverside FP,US\n"
SEQUENCE = """
window = "09:00-17:00"
sender = { name = "Sam Seller", email = "sam@vendor.example" }
mailbox = "sales"

[[steps]]
type = "email"
subject = "{{ person.first_name }}, about {{ account.name }}"
text = "Hi {{ person.first_name }}, I noticed you {{ reason }}."

[[steps]]
type = "wait"
business_days = 2

[[steps]]
type = "email"
subject = "Following up, {{ person.first_name }}"
text = "Hi again {{ person.first_name }}"

[[steps]]
type = "call"
note = "Call {{ person.name }}"
"""
# Monday 7 December 2026; the recipients are in the US (America/New_York, UTC-5)
MONDAY_8AM = datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
MONDAY_5PM = datetime(2026, 12, 7, 21, 59, tzinfo=UTC)
TUESDAY_5PM = datetime(2026, 12, 8, 21, 59, tzinfo=UTC)
THURSDAY_5PM = datetime(2026, 12, 10, 21, 59, tzinfo=UTC)
FRIDAY_5PM = datetime(2026, 12, 11, 21, 59, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _quick(name: str, box: MailboxSettings, messages: Any) -> list[Delivery]:
    return deliver(name, box, messages, backoff=0.0, sleep=lambda _: None)


@pytest.fixture
def session(workspace: Workspace, tmp_path: Path, smtp: tuple[Inbox, int]) -> Iterator[Session]:
    root = workspace.root
    with workspace.settings_path.open("a") as settings:
        settings.write(
            f'\n[outreach]\npublic_url = "https://leads.vendor.example"\n\n'
            f'[mailboxes.sales]\nhost = "127.0.0.1"\nport = {smtp[1]}\nsecurity = "none"\n'
            'from_address = "sam@vendor.example"\ntimeout_seconds = 5\n'
        )
    (root / "sequences").mkdir()
    (root / "sequences" / "intro.toml").write_text(SEQUENCE)
    with open_session(find_workspace(root)) as opened:
        import_texts(opened, tmp_path, [("accounts", ACCOUNTS), ("contacts", CONTACTS + BOB),
                                        ("touches", TOUCHES), ("touches", LATER)])  # fmt: skip
        score(opened)
        yield opened


def _rows(session: Session, sql: str) -> list[Any]:
    with session.reading() as connection:
        return list(connection.execute(sa.text(sql)))


def _enrol(session: Session, *people: str) -> Any:
    return enrol(session, "intro", Selection(people=people), write=True, now=MONDAY_8AM)


PEOPLE = ("ann@riversidefp.example", "bob@riversidefp.example", "dan@lakesidedental.example",
          "wes@widgets.example")  # fmt: skip


def test_the_preview_writes_nothing_and_says_who_is_left_out(session: Session) -> None:
    plan = enrol(session, "intro", Selection(people=(*PEOPLE, "nobody@x.example")),
                 write=False, now=MONDAY_8AM)  # fmt: skip
    assert {c.email for c in plan.enrolled} == set(PEOPLE[:3])
    assert [(c.email, c.left_out) for c in plan.left_out] == [
        ("wes@widgets.example", "unsubscribed")]  # fmt: skip
    assert plan.not_found == ["nobody@x.example"]
    assert _rows(session, "SELECT * FROM enrolments") == []
    starts = {c.email: c.starts_at for c in plan.enrolled if c.starts_at is not None}
    assert len(starts) == 3
    # the two at Riverside start on different days; everyone inside 09:00-17:00 New York
    assert starts["ann@riversidefp.example"].date() != starts["bob@riversidefp.example"].date()
    for moment in starts.values():
        assert 14 <= moment.hour < 22


def test_a_sequence_runs_across_days(session: Session, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    plan = _enrol(session, *PEOPLE)
    assert len(plan.enrolled) == 3
    again = _enrol(session, "ann@riversidefp.example")
    assert [c.left_out for c in again.left_out] == ["already in a sequence"]
    run = functools.partial(run_outreach, session, deliver_with=_quick)

    early = run(now=MONDAY_8AM)  # 08:00 in New York: before the window
    assert early.sent == 0 and inbox.received == []
    monday = run(now=MONDAY_5PM)
    assert monday.sent == 2, monday.as_dict()
    first_day = {str(m["To"]).split("<")[-1].rstrip(">") for m in inbox.received}
    riverside = {a for a in first_day if a.endswith("riversidefp.example")}
    assert len(riverside) == 1 and "dan@lakesidedental.example" in first_day
    assert run(now=MONDAY_5PM).sent == 0  # at most once
    tuesday = run(now=TUESDAY_5PM)
    assert tuesday.sent == 1  # Bob, a day after his colleague
    assert len(inbox.received) == 3

    message = inbox.received[0]
    assert str(message["List-Unsubscribe"]).startswith("<https://leads.vendor.example/u/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    ids = {r[0] for r in _rows(session, "SELECT message_id FROM outreach_steps")}
    assert {str(m["Message-ID"]) for m in inbox.received} == ids
    sent_touches = _rows(session, "SELECT email, import_id FROM touches WHERE kind = 'sent'")
    assert len(sent_touches) == 3 and all(row[1] is not None for row in sent_touches)
    # in the import log, so that an incremental score finds the people they touched
    logged = _rows(session, "SELECT rows_new FROM imports WHERE file = 'leadsift outreach: sent'")
    assert sum(row[0] for row in logged) == 3

    # Dan unsubscribes (his tool's export says so) before his second email is due
    with session.writing("test") as connection:
        connection.execute(sa.text(
            "INSERT INTO touches (touch_key, channel, kind, occurred_at, email, campaign) "
            "VALUES ('dan-unsub', 'email', 'unsubscribe', '2026-12-08 12:00:00', "
            "'dan@lakesidedental.example', 'newsletter')"))  # fmt: skip
    thursday = run(now=THURSDAY_5PM)  # two business days after Monday
    assert thursday.stopped["unsubscribe"] == 1
    assert thursday.sent == 1 and "ann@" in str(inbox.received[-1]["To"])
    assert str(inbox.received[-1]["Subject"]) == "Following up, Ann"
    # a follow-up is in the same conversation as the first email
    [ann_first] = [m for m in inbox.received[:3] if "ann@" in str(m["To"])]
    assert inbox.received[-1]["In-Reply-To"] == ann_first["Message-ID"]
    assert inbox.received[-1]["References"] == ann_first["Message-ID"]
    assert ann_first["In-Reply-To"] is None
    friday = run(now=FRIDAY_5PM)  # Bob's, not on the day his colleague heard from us
    assert friday.sent == 1 and "bob@" in str(inbox.received[-1]["To"])
    assert friday.tasks == 1  # Ann's call, due once her follow-up went
    final = run(now=FRIDAY_5PM.replace(hour=23))
    assert final.tasks == 1 and thursday.finished + friday.finished + final.finished == 2
    assert not any("dan@" in str(m["To"]) for m in inbox.received[3:])
    status = outreach_status(session)
    assert status.by_status == {"finished": 2, "stopped": 1}
    assert [t["note"] for t in status.open_tasks] == ["Call Ann Kim", "Call Bob Ray"]


def test_a_dry_run_writes_messages_and_changes_nothing(
    session: Session, tmp_path: Path, smtp: tuple[Inbox, int]
) -> None:
    _enrol(session, *PEOPLE)
    before = _rows(session, "SELECT id, status, next_step, due_at FROM enrolments")
    result = run_outreach(session, now=MONDAY_5PM, dry_run=tmp_path / "outbox")
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2 and result.sent == 0 and smtp[0].received == []
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _rows(session, "SELECT id, status, next_step, due_at FROM enrolments") == before
    assert _rows(session, "SELECT * FROM outreach_steps") == []


def test_refusals_are_retried_with_the_same_id_and_bounces_stop(
    session: Session, smtp: tuple[Inbox, int]
) -> None:
    inbox, _ = smtp
    _enrol(session, "ann@riversidefp.example", "dan@lakesidedental.example")
    # the first due is refused four times for now, the second for good
    inbox.answers = ["451", "550", "451", "451", "451"]
    first = run_outreach(session, now=MONDAY_5PM, deliver_with=_quick)
    assert first.failed + first.bounced == 2 and first.sent == 0
    statuses = dict(_rows(session, "SELECT to_address, status FROM outreach_steps"))
    refused = next(a for a, st in statuses.items() if st == "failed")
    bounced = next(a for a, st in statuses.items() if st == "bounced")
    failed_id = _rows(
        session, f"SELECT message_id FROM outreach_steps WHERE to_address = '{refused}'"
    )
    later = run_outreach(session, now=MONDAY_5PM.replace(hour=23, minute=30), deliver_with=_quick)
    assert later.sent == 0  # after the window: it waits for Tuesday's
    tuesday = run_outreach(session, now=TUESDAY_5PM, deliver_with=_quick)
    assert tuesday.sent == 1
    assert [str(m["Message-ID"]) for m in inbox.received] == [failed_id[0][0]]
    stopped = _rows(session, "SELECT stop_reason FROM enrolments WHERE status = 'stopped'")
    assert stopped == [("bounce",)]
    assert _rows(session, f"SELECT kind FROM touches WHERE email = '{bounced}'")[-1] == ("bounce",)


def test_a_crash_after_the_plan_never_sends_twice(
    session: Session, smtp: tuple[Inbox, int]
) -> None:
    _enrol(session, "dan@lakesidedental.example")

    def crash(name: str, box: MailboxSettings, messages: Any) -> list[Delivery]:
        raise KeyboardInterrupt  # the process dies while handing over

    with pytest.raises(KeyboardInterrupt):
        run_outreach(session, now=MONDAY_5PM, deliver_with=crash)
    assert _rows(session, "SELECT status FROM outreach_steps") == [("sending",)]
    run_outreach(session, now=THURSDAY_5PM, deliver_with=_quick)
    assert _rows(session, "SELECT status FROM outreach_steps ORDER BY id")[0] == ("unknown",)
    assert not any(str(m["Subject"]).startswith("Dan, about") for m in smtp[0].received)
    assert outreach_status(session).unknown == 1


def test_a_missing_credential_sends_nothing_and_loses_nothing(
    session: Session, smtp: tuple[Inbox, int], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path = session.workspace.settings_path
    path.write_text(path.read_text().replace(
        'security = "none"', 'security = "none"\nusername_env = "NO_SUCH_USER"\n'
        'password_env = "NO_SUCH_PASSWORD"'))  # fmt: skip
    monkeypatch.delenv("NO_SUCH_USER", raising=False)
    _enrol(session, "dan@lakesidedental.example")
    root = str(session.workspace.root)
    result = invoke(capsys, "--workspace", root, "outreach", "run", "--now", MONDAY_5PM.isoformat())
    assert result.exit_code == 1 and "NO_SUCH_USER" in result.stdout
    assert smtp[0].received == []
    assert _rows(session, "SELECT status FROM outreach_steps") == [("failed",)]


def test_erasure_removes_what_outreach_stored(session: Session) -> None:
    _enrol(session, "dan@lakesidedental.example")
    run_outreach(session, now=MONDAY_5PM, deliver_with=_quick)
    erase_people(session, ["dan@lakesidedental.example"], reason="test")
    for table in ("enrolments", "outreach_steps"):
        assert _rows(session, f"SELECT * FROM {table}") == []
    assert _rows(session, "SELECT email FROM touches WHERE kind = 'sent'") == [(None,)]


def test_a_referral_is_enrolled_once_where_the_sequence_allows(session: Session) -> None:
    path = session.workspace.root / "sequences" / "intro.toml"
    path.write_text("enrol_referrals = true\n" + SEQUENCE)
    _enrol(session, "dan@lakesidedental.example")
    run_outreach(session, now=MONDAY_5PM, deliver_with=_quick)
    with session.writing("test") as connection:
        step = connection.execute(sa.text("SELECT id FROM outreach_steps")).scalar_one()
        connection.execute(sa.text(
            "INSERT INTO replies (reply_key, step_id, matched_by, received_at, intent, "
            "referral_email, source) VALUES ('r1', :step, 'in_reply_to', "
            "'2026-12-08 10:00:00', 'referral', 'Ann@RiversideFP.example', 'test')"),
            {"step": step})  # fmt: skip
    first = run_outreach(session, now=TUESDAY_5PM, deliver_with=_quick)
    assert first.referrals_enrolled == 1
    enrolled = _rows(
        session,
        "SELECT e.sequence FROM enrolments e JOIN identities i ON i.person_id = e.person_id "
        "WHERE i.value = 'ann@riversidefp.example'",
    )
    assert enrolled == [("intro",)]
    assert run_outreach(session, now=THURSDAY_5PM, deliver_with=_quick).referrals_enrolled == 0


def test_a_meeting_booked_stops_the_sequence_before_its_next_step(session: Session) -> None:
    _enrol(session, "dan@lakesidedental.example")
    assert run_outreach(session, now=MONDAY_5PM, deliver_with=_quick).sent == 1
    with session.writing("test") as connection:
        connection.execute(sa.text(
            "INSERT INTO touches (touch_key, channel, kind, occurred_at, email, campaign) "
            "VALUES ('dan-meets', 'web', 'meeting_booked', '2026-12-08 12:00:00', "
            "'dan@lakesidedental.example', 'calendly')"))  # fmt: skip
    later = run_outreach(session, now=THURSDAY_5PM, deliver_with=_quick)
    assert later.sent == 0 and later.stopped == {"meeting": 1}
    again = enrol(session, "intro", Selection(people=("dan@lakesidedental.example",)),
                  write=False, now=THURSDAY_5PM)  # fmt: skip
    assert [c.left_out for c in again.left_out] == [
        "in a sales conversation (a meeting booked, or later)"]  # fmt: skip


def test_the_link_in_a_sent_email_unsubscribes_through_the_service(
    session: Session, smtp: tuple[Inbox, int]
) -> None:
    import httpx

    from tests.web.test_unsubscribe import run as through_the_app

    _enrol(session, "dan@lakesidedental.example")
    run_outreach(session, now=MONDAY_5PM, deliver_with=_quick)
    [message] = smtp[0].received
    link = str(message["List-Unsubscribe"]).split(",")[0].strip(" <>")
    path = link.removeprefix("https://leads.vendor.example")

    async def click(client: httpx.AsyncClient, app: Any) -> httpx.Response:
        return await client.post(path, data={"List-Unsubscribe": "One-Click"})

    assert through_the_app(session.workspace, click).status_code == 200
    assert _rows(session, "SELECT status, stop_reason FROM enrolments") == [
        ("stopped", "unsubscribe")]  # fmt: skip
    later = enrol(session, "intro", Selection(people=("dan@lakesidedental.example",)),
                  write=False, now=THURSDAY_5PM)  # fmt: skip
    assert [c.left_out for c in later.left_out] == ["suppressed"]


imap_server = mail_reading.imap_server
folder = mail_reading.folder


def test_replies_are_read_from_imap_before_anything_is_sent(
    session: Session, smtp: tuple[Inbox, int], imap_server: mail_reading.Server, folder: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TEST_IMAP_USER", imap_server.user)
    monkeypatch.setenv("TEST_IMAP_PASSWORD", imap_server.password)
    path = session.workspace.settings_path
    path.write_text(
        path.read_text()
        + f'\n[mailboxes.sales.imap]\nhost = "{imap_server.host}"\nport = {imap_server.port}\n'
        f'security = "none"\nfolder = "{folder}"\nusername_env = "TEST_IMAP_USER"\n'
        'password_env = "TEST_IMAP_PASSWORD"\ntimeout_seconds = 5\n'
    )
    with open_session(find_workspace(session.workspace.root)) as opened:
        _enrol(opened, "dan@lakesidedental.example")
        run_outreach(opened, now=MONDAY_5PM, deliver_with=_quick)
        [first] = smtp[0].received
        reply = (
            "From: Dan Ortiz <dan@lakesidedental.example>\r\nTo: sam@vendor.example\r\n"
            f"Subject: Re: {first['Subject']}\r\nDate: Tue, 08 Dec 2026 15:00:00 +0000\r\n"
            f"Message-ID: <dan-reply-1@lakesidedental.example>\r\n"
            f"In-Reply-To: {first['Message-ID']}\r\nReferences: {first['Message-ID']}\r\n\r\n"
            "Yes, interested. Can you call me Thursday morning?\r\n"
        ).encode()
        mail_reading.append(imap_server, folder, reply)
        later = run_outreach(opened, now=THURSDAY_5PM, deliver_with=_quick)
        assert later.replies_read == 1 and later.sent == 0, later.as_dict()
        assert len(smtp[0].received) == 1
        assert _rows(opened, "SELECT status, stop_reason FROM enrolments") == [
            ("stopped", "reply")]  # fmt: skip
        assert _rows(opened, "SELECT intent FROM replies") == [("interested",)]
        again = run_outreach(opened, now=THURSDAY_5PM, deliver_with=_quick)
        assert again.replies_read == 0  # the cursor moved: nothing read twice


def test_bad_enrolment_input_is_one_clear_message_and_writes_nothing(
    session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ("--workspace", str(session.workspace.root))
    wrong = tmp_path / "segment.csv"
    wrong.write_text("name\nAnn\n")
    cases = [
        (("enrol", "intro", "--segment", str(wrong), "--yes"),
         "segment.csv: line 1: a segment file needs a person_id or email column"),
        (("enrol", "intro", "--segment", str(tmp_path / "none.csv"), "--yes"),
         "none.csv: no such segment file"),
        (("enrol", "intro", "--stage", "sql", "--person", "1", "--yes"),
         "choose people one way"),
        (("enrol", "nosuch", "--stage", "sql", "--yes"), "nosuch.toml: no such sequence file"),
    ]  # fmt: skip
    for args, message in cases:
        done = invoke(capsys, *root, *args)
        assert done.exit_code == 1 and message in done.stderr + done.stdout, (args, done)
    zoneless = invoke(capsys, *root, "outreach", "run", "--now", "2026-12-07T10:00")
    assert zoneless.exit_code == 2 and "has no time zone" in zoneless.stderr
    assert _rows(session, "SELECT * FROM enrolments") == []
    segment = tmp_path / "ok.csv"
    segment.write_text("email\ndan@lakesidedental.example\nnobody@x.example\n")
    plan = enrol(session, "intro", Selection(segment=segment), write=True, now=MONDAY_8AM)
    assert [c.email for c in plan.enrolled] == ["dan@lakesidedental.example"]
    assert plan.not_found == ["nobody@x.example"]
