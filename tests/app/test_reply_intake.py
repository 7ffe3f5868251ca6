"""Replies taken in from real-format mail: stored once, matched, classified and routed (stops,
pauses, suppression, SQL at once and first on the call list, referrals, stale addresses,
bounces), with an audit trail that names no one's address; IMAP fetches move their cursor
with the replies they stored."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from leadsift.app.exports import export_call_list
from leadsift.app.reply_intake import fetch_mailboxes, import_mail_files, take_replies
from leadsift.app.session import Session, open_session
from leadsift.config.mailboxes import ImapSettings, MailboxSettings
from leadsift.outreach.imap_reading import ImapBatch
from leadsift.outreach.incoming_mail import MailReadError
from leadsift.privacy.suppression import Identifiers, SuppressionFilter, suppress
from leadsift.workspace.workspace import Workspace
from tests.helpers import snapshot
from tests.outreach.test_reply_matching import FIXTURES, NOW, fixture_mail, seed

Outreach = tuple[Session, dict[str, int]]
ALL = sorted(p for p in FIXTURES.glob("*.eml") if p.name != "not-an-email.eml")


def _rows(session: Session, sql: str) -> list[Any]:
    with session.reading() as connection:
        return list(connection.execute(sa.text(sql)))


def _enrolment(session: Session, person: int) -> tuple[str, str | None, object]:
    (row,) = _rows(
        session, f"SELECT status, stop_reason, due_at FROM enrolments WHERE person_id = {person}"
    )
    return row[0], row[1], row[2]


def _call_list(session: Session) -> list[dict[str, str]]:
    out = io.StringIO()
    export_call_list(session, out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture
def outreach(sqlite_workspace: Workspace, tmp_path: Path) -> Outreach:
    with open_session(sqlite_workspace) as session:
        return session, seed(session, tmp_path)


def test_interested_reply_makes_sql_stops_colleagues_and_leads_the_call_list(
    outreach: Outreach,
) -> None:
    session, ids = outreach
    before = _call_list(session)
    assert before[0]["name"] != "Bob Ray" and before[0]["reply"] == ""
    result = take_replies(
        session, [fixture_mail("interested-bob.eml")], "interested-bob.eml", now=NOW
    )
    assert (result.read, result.stored, result.unmatched) == (1, 1, 0)
    assert result.by_intent == {"interested": 1}
    assert result.routed["stage_sql"] == 1 and result.routed["colleagues_stopped"] == 1
    (stage, reasons) = _rows(
        session, f"SELECT stage, reasons FROM person_scores WHERE person_id = {ids['bob']}"
    )[0]
    assert stage == "sql"
    (history,) = _rows(
        session,
        "SELECT stage, previous_stage, reason FROM stage_history"
        f" WHERE person_id = {ids['bob']} AND run_id IS NULL",
    )
    assert history[0] == "sql" and history[1] == "engaged"
    assert (
        history[2]
        == "replied: interested — “Yes, this sounds interesting. Can we set up a call next week?"
        " Tuesday afternoon works for me.”"
    )
    assert json.loads(reasons)[0] == history[2]
    assert _enrolment(session, ids["bob"])[:2] == ("stopped", "reply")
    assert _enrolment(session, ids["ann"])[:2] == ("stopped", "colleague_reply")
    assert _enrolment(session, ids["cat"])[:2] == ("stopped", "colleague_reply")
    assert _enrolment(session, ids["dan"])[0] == "active"  # another account
    calls = _call_list(session)
    assert calls[0]["name"] == "Bob Ray" and calls[0]["stage"] == "sql"
    assert calls[0]["reply"].startswith("Yes, this sounds interesting.")
    assert "wrote:" not in calls[0]["reply"]  # the quoted original is not the reply
    assert all(r["reply"] == "" for r in calls[1:])
    (touch,) = _rows(
        session,
        "SELECT kind, campaign, noise, attributes FROM touches"
        f" WHERE person_id = {ids['bob']} AND kind = 'reply'",
    )
    assert touch[:3] == ("reply", "sequence:clinics", None)
    assert json.loads(touch[3]) == {"intent": "interested"}


def test_a_sequence_may_leave_colleagues_alone(outreach: Outreach) -> None:
    session, ids = outreach
    take_replies(session, [fixture_mail("wrong-person-hal.eml")], "x.eml", now=NOW)
    assert _enrolment(session, ids["hal"])[:2] == ("stopped", "wrong_person")
    assert _enrolment(session, ids["eve"])[0] == "active"  # dental: stop_on_colleague_reply = false
    stale = _rows(session, f"SELECT email, stale_at FROM contacts WHERE person_id = {ids['hal']}")
    assert stale and all(row[1] is not None for row in stale)
    assert _rows(session, "SELECT count(*) FROM contacts WHERE stale_at IS NOT NULL")[0][0] == len(
        stale
    )
    (noise,) = _rows(
        session, f"SELECT noise FROM touches WHERE person_id = {ids['hal']} AND kind = 'reply'"
    )
    assert noise[0] == "declined"


def test_out_of_office_pauses_until_the_return_date(outreach: Outreach) -> None:
    session, ids = outreach
    result = take_replies(session, [fixture_mail("out-of-office-eve.eml")], "ooo.eml", now=NOW)
    assert result.by_intent == {"out_of_office": 1}
    status, reason, due = _enrolment(session, ids["eve"])
    assert (status, reason) == ("paused", None)
    # 09:00 in New York (the account is in the US) on the day given
    assert str(due).startswith("2026-05-20 13:00")
    (row,) = _rows(session, "SELECT return_date, routed FROM replies")
    assert (
        str(row[0]) == "2026-05-20" and "paused until 2026-05-20 09:00 America/New_York" in row[1]
    )


def test_out_of_office_without_a_date_waits_five_business_days(outreach: Outreach) -> None:
    session, ids = outreach
    mail = fixture_mail("out-of-office-eve.eml")
    mail = replace(
        mail,
        message_id="<ooo-2@x>",
        text="I am currently out of the office with limited access to email.",
    )
    take_replies(session, [mail], "ooo.eml", now=NOW)
    # sent Tuesday 5 May: five business days later is Tuesday 12 May
    assert str(_enrolment(session, ids["eve"])[2]).startswith("2026-05-12 13:00")


def test_unsubscribe_suppresses_and_stops(outreach: Outreach) -> None:
    session, ids = outreach
    result = take_replies(
        session, [fixture_mail("unsubscribe-dan-no-threading.eml")], "u.eml", now=NOW
    )
    assert result.by_intent == {"unsubscribe": 1} and result.routed["suppressed"] == 1
    assert _enrolment(session, ids["dan"])[:2] == ("stopped", "unsubscribe")
    with session.reading() as connection:
        listed = SuppressionFilter.load(connection)
    assert listed is not None and listed.listed("email", {"dan@lakesidedental.example"})
    assert not listed.listed("email", {"eve@lakesidedental.example"})
    kinds = _rows(session, f"SELECT kind FROM touches WHERE person_id = {ids['dan']} ORDER BY id")
    assert [k[0] for k in kinds][-1] == "unsubscribe"
    (matched,) = _rows(session, "SELECT matched_by FROM replies")
    assert matched[0] == "sender"


def test_bounce_marks_the_step_and_stops(outreach: Outreach) -> None:
    session, ids = outreach
    result = take_replies(session, [fixture_mail("bounce-gus.eml")], "b.eml", now=NOW)
    assert (result.bounces, result.stored, result.by_intent) == (1, 1, {})
    (step,) = _rows(session, f"SELECT status FROM outreach_steps WHERE person_id = {ids['gus']}")
    assert step[0] == "bounced"
    assert _enrolment(session, ids["gus"])[:2] == ("stopped", "bounce")
    (reply,) = _rows(session, "SELECT intent, matched_by, person_id FROM replies")
    assert tuple(reply) == (None, "message_id", ids["gus"])
    (touch,) = _rows(
        session, f"SELECT kind FROM touches WHERE person_id = {ids['gus']} AND kind = 'bounce'"
    )
    assert touch[0] == "bounce"


def test_referral_adds_an_observation_once(outreach: Outreach) -> None:
    session, ids = outreach
    mail = fixture_mail("referral-ann.eml")
    take_replies(session, [mail], "r.eml", now=NOW)
    take_replies(session, [mail], "r.eml", now=NOW)
    (row,) = _rows(
        session,
        "SELECT contact_key, email, company, domain, source, source_type, attributes"
        " FROM contacts WHERE source = 'referral'",
    )
    assert row[0].startswith("referral:") and row[1] == "jane.doe@riversidefp.example"
    assert row[2:6] == ("Riverside Family Practice", "riversidefp.example", "referral", "email")
    assert json.loads(row[6]) == {"referred_by_person": ids["ann"]}
    (reply,) = _rows(session, "SELECT intent, referral_email FROM replies")
    assert tuple(reply) == ("referral", "jane.doe@riversidefp.example")
    assert _enrolment(session, ids["ann"])[:2] == ("stopped", "reply")


def test_importing_twice_stores_nothing_new(
    outreach: Outreach, sqlite_workspace: Workspace
) -> None:
    session, _ = outreach
    first = import_mail_files(session, ALL, now=NOW)
    assert (first.read, first.stored, first.unmatched, first.bounces) == (8, 8, 1, 1)
    assert first.by_intent["interested"] == 2 and first.duplicates == 0
    before = snapshot(sqlite_workspace)
    again = import_mail_files(session, ALL, now=NOW)
    assert (again.read, again.stored, again.duplicates) == (8, 0, 8)
    assert snapshot(sqlite_workspace) == before
    (unmatched,) = _rows(
        session,
        "SELECT person_id, matched_by, intent, source FROM replies"
        " WHERE from_address = 'stu@elsewhere.example'",
    )
    assert tuple(unmatched) == (None, "none", "interested", "unmatched-stranger.eml")


def test_audit_names_no_address_and_no_text(outreach: Outreach) -> None:
    session, ids = outreach
    import_mail_files(session, ALL, now=NOW)
    entries = _rows(session, "SELECT detail FROM audit_log WHERE action = 'reply.route'")
    assert len(entries) == 7  # every routed reply and the bounce
    for (detail,) in entries:
        text = detail if isinstance(detail, str) else json.dumps(detail)
        assert "@" not in text and "interesting" not in text
    people = {json.loads(d)["person_id"] for (d,) in entries}
    assert ids["bob"] in people


def test_a_bad_file_stores_nothing(outreach: Outreach, sqlite_workspace: Workspace) -> None:
    session, _ = outreach
    before = snapshot(sqlite_workspace)
    with pytest.raises(MailReadError, match=r"not-an-email\.eml: not an email"):
        import_mail_files(session, [*ALL, FIXTURES / "not-an-email.eml"], now=NOW)
    assert snapshot(sqlite_workspace) == before


def _with_mailboxes(session: Session) -> Session:
    imap = ImapSettings(host="imap.example", username_env="U", password_env="P")
    boxes = {
        "sales": MailboxSettings(host="smtp.example", from_address="sam@vendor.example", imap=imap),
        "broken": MailboxSettings(host="smtp.example", from_address="b@vendor.example", imap=imap),
        "sendonly": MailboxSettings(host="smtp.example", from_address="c@vendor.example"),
    }
    settings = session.settings.model_copy(update={"mailboxes": boxes})
    workspace = replace(session.workspace, settings=settings)
    return replace(session, workspace=workspace)


def test_fetch_moves_the_cursor_with_the_replies(outreach: Outreach) -> None:
    session, ids = _with_mailboxes(outreach[0]), outreach[1]
    raw = sorted([(10 + 2 * n, path.read_bytes()) for n, path in enumerate(ALL)] + [(13, b"\x00")])
    calls: list[tuple[str, int, int | None]] = []

    def fetch(
        name: str, imap: ImapSettings, after: int, validity: int | None, limit: int
    ) -> ImapBatch:
        calls.append((name, after, validity))
        if name == "broken":
            raise MailReadError("mailbox 'broken' (imap.example:993): cannot connect")
        new = [(uid, body) for uid, body in raw if uid > after]
        taken = new[:limit]
        return ImapBatch(77, taken, taken[-1][0] if taken else after, more=len(new) > limit)

    result = fetch_mailboxes(session, limit=4, now=NOW, fetch=fetch)
    assert [e.where for e in result.errors] == ["imap:broken", "imap:sales"]
    assert "cannot connect" in result.errors[0].message
    assert "uid 13: not an email" in result.errors[1].message  # one bad message, reported
    assert result.stored == 8 and result.mailboxes == {"broken": 0, "sales": 9}
    (cursor,) = _rows(session, "SELECT mailbox, uidvalidity, last_uid FROM mailbox_cursors")
    assert tuple(cursor) == ("sales", 77, max(uid for uid, _ in raw))
    again = fetch_mailboxes(session, ["sales"], limit=4, now=NOW, fetch=fetch)
    assert (again.read, again.stored) == (0, 0)
    assert calls[-1] == ("sales", max(uid for uid, _ in raw), 77)
    assert _enrolment(session, ids["bob"])[:2] == ("stopped", "reply")


def test_fetch_that_fails_while_storing_keeps_the_cursor(
    outreach: Outreach, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _with_mailboxes(outreach[0])
    raw = [(5, (FIXTURES / "interested-bob.eml").read_bytes())]

    def fetch(
        name: str, imap: ImapSettings, after: int, validity: int | None, limit: int
    ) -> ImapBatch:
        return ImapBatch(9, [m for m in raw if m[0] > after], 5)

    import leadsift.app.reply_intake as intake

    def dies(*args: object) -> None:
        raise OSError("the process died")

    monkeypatch.setattr(intake, "_move_cursor", dies)
    result = fetch_mailboxes(session, ["sales"], now=NOW, fetch=fetch)
    assert result.errors and "died" in result.errors[0].message
    assert _rows(session, "SELECT count(*) FROM replies")[0][0] == 0
    assert _rows(session, "SELECT count(*) FROM mailbox_cursors")[0][0] == 0
    monkeypatch.undo()
    assert fetch_mailboxes(session, ["sales"], now=NOW, fetch=fetch).stored == 1


@pytest.mark.postgres
def test_the_whole_intake_on_both_databases(workspace: Workspace, tmp_path: Path) -> None:
    with open_session(workspace) as session:
        ids = seed(session, tmp_path)
        first = import_mail_files(session, ALL, now=NOW)
        again = import_mail_files(session, ALL, now=NOW)
        assert (first.stored, again.stored, again.duplicates) == (8, 0, 8)
        assert _enrolment(session, ids["eve"])[0] == "paused"
        assert _enrolment(session, ids["gus"])[:2] == ("stopped", "bounce")
        calls = _call_list(session)
        assert [c["name"] for c in calls[:2]] == ["Cat Lu", "Bob Ray"]  # newest reply first
        assert calls[0]["reply"].startswith("How much does it cost")
        stages: dict[int, str] = dict(_rows(session, "SELECT person_id, stage FROM person_scores"))
        assert stages[ids["bob"]] == "sql" and stages[ids["cat"]] == "sql"


def test_unmatched_unsubscribe_is_still_honoured(outreach: Outreach) -> None:
    session, _ = outreach
    stranger = fixture_mail("unmatched-stranger.eml")
    mail = replace(stranger, text="Please remove me from your mailing list and stop emailing me.")
    result = take_replies(session, [mail], "s.eml", now=NOW)
    assert (result.unmatched, result.by_intent, result.routed) == (
        1, {"unsubscribe": 1}, {"suppressed": 1},
    )  # fmt: skip
    with session.reading() as connection:
        listed = SuppressionFilter.load(connection)
    assert listed is not None and listed.listed("email", {"stu@elsewhere.example"})
    assert _rows(session, "SELECT count(*) FROM enrolments WHERE status = 'stopped'")[0][0] == 0
    (routed,) = _rows(session, "SELECT routed FROM replies")
    assert routed[0].startswith("matched to none of our emails; ")


def test_a_machine_is_never_taken_for_a_human_answer(outreach: Outreach) -> None:
    session, ids = outreach
    mail = replace(fixture_mail("interested-bob.eml"), auto_submitted=True)
    result = take_replies(session, [mail], "a.eml", now=NOW)
    assert result.by_intent == {"auto_reply_other": 1} and result.routed == {}
    assert _enrolment(session, ids["bob"])[0] == "active"
    (stage,) = _rows(session, f"SELECT stage FROM person_scores WHERE person_id = {ids['bob']}")
    assert stage[0] == "engaged"


def test_later_stages_are_kept_and_suppressed_referrals_not_added(outreach: Outreach) -> None:
    session, ids = outreach
    with session.writing("test") as connection:
        connection.execute(
            sa.text(f"UPDATE person_scores SET stage = 'meeting' WHERE person_id = {ids['bob']}")
        )
        suppress(connection, Identifiers(emails=frozenset({"jane.doe@riversidefp.example"})),
                 "do_not_contact")  # fmt: skip
    take_replies(
        session, [fixture_mail("interested-bob.eml"), fixture_mail("referral-ann.eml")], "x",
        now=NOW,
    )  # fmt: skip
    (stage,) = _rows(session, f"SELECT stage FROM person_scores WHERE person_id = {ids['bob']}")
    assert stage[0] == "meeting"
    assert _rows(session, "SELECT count(*) FROM contacts WHERE source = 'referral'")[0][0] == 0
    routed = dict(_rows(session, "SELECT person_id, routed FROM replies"))
    assert "stage kept (meeting)" in routed[ids["bob"]]
    assert "suppressed, not added" in routed[ids["ann"]]


def test_out_of_office_never_brings_the_next_step_forward(outreach: Outreach) -> None:
    session, ids = outreach
    with session.writing("test") as connection:
        connection.execute(
            sa.text("UPDATE enrolments SET due_at = '2026-05-27 14:00:00.000000'"
                    f" WHERE person_id = {ids['eve']}")
        )  # fmt: skip
    take_replies(session, [fixture_mail("out-of-office-eve.eml")], "ooo.eml", now=NOW)
    status, _, due = _enrolment(session, ids["eve"])
    assert status == "active" and str(due).startswith("2026-05-27 14:00")
    (routed,) = _rows(session, "SELECT routed FROM replies")
    assert "next step is later" in routed[0]


def test_mail_from_an_erased_address_is_never_stored(outreach: Outreach) -> None:
    session, _ = outreach
    with session.writing("test") as connection:
        suppress(connection, Identifiers(emails=frozenset({"stu@elsewhere.example"})), "erased")
    result = take_replies(session, [fixture_mail("unmatched-stranger.eml")], "s.eml", now=NOW)
    assert (result.read, result.erased, result.stored) == (1, 1, 0)
    assert _rows(session, "SELECT count(*) FROM replies")[0][0] == 0
