"""Replies matched to our emails: by In-Reply-To, by References (the last first), by the
sender when threading was lost; bounces by the original's Message-ID, else the recipient.
Also the seeded outreach workspace the reply intake tests share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from leadsift.app.scores import score
from leadsift.app.session import Session, open_session
from leadsift.outreach.incoming_mail import IncomingMail, parse_message
from leadsift.outreach.reply_matching import (
    is_ours,
    match_bounce,
    match_mail,
    match_reply,
    reply_key,
    thread_ids,
)
from leadsift.store import schema
from leadsift.workspace.workspace import Workspace
from tests.helpers import import_texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "replies"
SENT_AT = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 5, 6, 12, 0, tzinfo=UTC)

ACCOUNTS = """name,domain,industry,employees,country,target,tier
Riverside Family Practice,riversidefp.example,Medical Practice,40,US,yes,1
Lakeside Dental,lakesidedental.example,Dental Practice,12,US,no,
"""
CONTACTS = """email,first_name,last_name,title,phone,company,country
ann@riversidefp.example,Ann,Kim,Office Manager,+1 555 010 0001,Riverside FP,US
bob@riversidefp.example,Bob,Ray,Practice Manager,+1 555 010 0002,Riverside FP,US
cat@riversidefp.example,Cat,Lu,Practice Administrator,+1 555 010 0003,Riverside FP,US
dan@lakesidedental.example,Dan,Ortiz,Practice Administrator,,Lakeside Dental,US
eve@lakesidedental.example,Eve,Park,Office Manager,,Lakeside Dental,US
gus@lakesidedental.example,Gus,Hale,Office Manager,,Lakeside Dental,US
hal@lakesidedental.example,Hal,Moss,Practice Manager,,Lakeside Dental,US
"""
PEOPLE = {
    "ann": ("clinics", "riversidefp.example"), "bob": ("clinics", "riversidefp.example"),
    "cat": ("clinics", "riversidefp.example"), "dan": ("dental", "lakesidedental.example"),
    "eve": ("dental", "lakesidedental.example"), "gus": ("dental", "lakesidedental.example"),
    "hal": ("dental", "lakesidedental.example"),
}  # fmt: skip
TOUCHES = "touch_id,campaign,channel,kind,occurred_at,email\n" + "".join(
    f"o{n},newsletter,email,open,2026-05-01T10:00:00Z,{name}@{account}\n"
    for n, (name, (_, account)) in enumerate(PEOPLE.items())
)
SEQUENCE = """stop_on_colleague_reply = {stop}
sender = {{ name = "Sam Seller", email = "sam@vendor.example" }}

[[steps]]
type = "email"
subject = "Scheduling at {{{{ account.name }}}}"
text = "Hi {{{{ person.first_name }}}}"

[[steps]]
type = "wait"
business_days = 3

[[steps]]
type = "call"
note = "Call {{{{ person.name }}}}"
"""


def message_id(name: str) -> str:
    return f"<s1.{name}@mail.vendor.example>"


def seed(session: Session, folder: Path) -> dict[str, int]:
    """Seven scored people, each in a live sequence whose first email was sent: clinics
    (Riverside, a named target; a reply stops colleagues) and dental (Lakeside; it does
    not). Returns person ids by first name."""
    import_texts(session, folder, [("accounts", ACCOUNTS), ("contacts", CONTACTS),
                                   ("touches", TOUCHES)])  # fmt: skip
    score(session)
    sequences = session.workspace.root / "sequences"
    sequences.mkdir(exist_ok=True)
    (sequences / "clinics.toml").write_text(SEQUENCE.format(stop="true"))
    (sequences / "dental.toml").write_text(SEQUENCE.format(stop="false"))
    ids: dict[str, int] = {}
    with session.writing("seed") as connection:
        for name, (sequence, account) in PEOPLE.items():
            address = f"{name}@{account}"
            i = schema.identities
            person = int(
                connection.execute(
                    sa.select(i.c.person_id).where(i.c.kind == "email", i.c.value == address)
                ).scalar_one()
            )
            ids[name] = person
            enrolment = connection.execute(
                schema.enrolments.insert().values(
                    person_id=person, sequence=sequence, account=account, status="active",
                    next_step=2, due_at=datetime(2026, 5, 7, 14, tzinfo=UTC),
                    reason="seeded", enrolled_at=SENT_AT,
                )
            ).inserted_primary_key[0]  # type: ignore[index]  # fmt: skip
            connection.execute(
                schema.outreach_steps.insert().values(
                    enrolment_id=enrolment, person_id=person, step=1, kind="email",
                    status="sent", mailbox="sales", message_id=message_id(name),
                    to_address=address, subject="Scheduling", created_at=SENT_AT,
                    sent_at=SENT_AT,
                )
            )  # fmt: skip
    return ids


@pytest.fixture
def outreach(
    sqlite_workspace: Workspace, tmp_path: Path
) -> Iterator[tuple[Session, dict[str, int]]]:
    with open_session(sqlite_workspace) as session:
        yield session, seed(session, tmp_path)


def fixture_mail(name: str) -> IncomingMail:
    path = FIXTURES / name
    return parse_message(path.read_bytes(), str(path))


def test_in_reply_to_names_the_step(outreach: tuple[Session, dict[str, int]]) -> None:
    session, ids = outreach
    with session.reading() as connection:
        found = match_reply(connection, fixture_mail("interested-bob.eml"))
    assert found.matched_by == "in_reply_to"
    assert found.step is not None and found.step.message_id == message_id("bob")
    assert found.person_id == ids["bob"]


def test_references_are_tried_last_first(outreach: tuple[Session, dict[str, int]]) -> None:
    session, ids = outreach
    mail = fixture_mail("question-cat-references.eml")
    assert mail.in_reply_to is None and len(mail.references) == 2
    with session.reading() as connection:
        found = match_reply(connection, mail)
        # a stale In-Reply-To that is not ours falls through to References
        stray = match_reply(connection, replace(mail, in_reply_to="<not-ours@x.example>"))
    assert found.matched_by == "references" and found.person_id == ids["cat"]
    assert stray.matched_by == "references" and stray.person_id == ids["cat"]


def test_lost_threading_is_matched_by_sender(outreach: tuple[Session, dict[str, int]]) -> None:
    session, ids = outreach
    mail = fixture_mail("unsubscribe-dan-no-threading.eml")
    with session.reading() as connection:
        found = match_reply(connection, mail)
        shouted = match_reply(connection, replace(mail, from_address="DAN@lakesidedental.example"))
        stranger = match_reply(connection, fixture_mail("unmatched-stranger.eml"))
    assert (found.matched_by, found.person_id) == ("sender", ids["dan"])
    assert shouted.person_id == ids["dan"]  # addresses compare without case
    assert (stranger.matched_by, stranger.step) == ("none", None)


def test_bounces_by_original_then_recipient(outreach: tuple[Session, dict[str, int]]) -> None:
    session, ids = outreach
    bounce = fixture_mail("bounce-gus.eml")
    assert bounce.bounce
    stripped = replace(bounce, bounced_message_id=None)
    with session.reading() as connection:
        by_id = match_mail(connection, bounce)
        by_recipient = match_bounce(connection, stripped)
        nothing = match_bounce(connection, replace(stripped, bounced_recipient="x@y.example"))
    assert (by_id.matched_by, by_id.person_id) == ("message_id", ids["gus"])
    assert (by_recipient.matched_by, by_recipient.person_id) == ("recipient", ids["gus"])
    assert nothing.matched_by == "none"


def test_our_own_email_is_recognised(outreach: tuple[Session, dict[str, int]]) -> None:
    session, _ = outreach
    ours = replace(fixture_mail("interested-bob.eml"), message_id=message_id("bob"))
    with session.reading() as connection:
        assert is_ours(connection, ours)
        assert not is_ours(connection, fixture_mail("interested-bob.eml"))


def test_thread_ids_order_and_reply_keys() -> None:
    mail = fixture_mail("question-cat-references.eml")
    both = replace(mail, in_reply_to=message_id("cat"))
    assert [m for m, _ in thread_ids(mail)] == [message_id("cat"), message_id("ann")]
    assert thread_ids(both) == [(message_id("cat"), "in_reply_to"),
                                (message_id("ann"), "references")]  # fmt: skip
    assert reply_key(mail) == reply_key(fixture_mail("question-cat-references.eml"))
    assert len(reply_key(replace(mail, message_id="<" + "x" * 400 + "@y>"))) == 32
    anonymous = replace(mail, message_id=None)
    assert reply_key(anonymous) == reply_key(replace(anonymous, to_addresses=()))
    assert reply_key(anonymous) != reply_key(replace(anonymous, text=mail.text + "!"))
    assert reply_key(anonymous) != reply_key(mail)
