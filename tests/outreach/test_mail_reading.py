"""Reading replies: real-format messages from tests/fixtures/mail (a Gmail reply, an Outlook
HTML-only reply, a quoted-printable Latin-1 French reply, an out-of-office, a Postfix bounce,
an mbox, a file that is not an email, broken charset bytes) parsed into IncomingMail, and
fetch_new against a real Dovecot IMAP server (scripts/ensure-dovecot.sh; $LEADSIFT_TEST_IMAP
when `make test` has already run it). Without a server the IMAP tests skip, saying
"IMAP SERVER UNAVAILABLE"."""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import socket
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsift.config.mailboxes import ImapSettings, MailboxSettings
from leadsift.outreach.imap_reading import _utf7, fetch_new
from leadsift.outreach.incoming_mail import (
    MAX_MESSAGE_BYTES,
    IncomingMail,
    MailReadError,
    parse_message,
    read_mail_files,
)
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
MAIL = ROOT / "tests" / "fixtures" / "mail"
UTC = dt.UTC


def read(name: str) -> IncomingMail:
    mails = list(read_mail_files([MAIL / name]))
    assert len(mails) == 1
    return mails[0]


# --- parsing ------------------------------------------------------------------------------


def test_gmail_top_posted_reply() -> None:
    mail = read("gmail_reply.eml")
    assert mail.message_id == "<CAH2u+pXq5Lw3x9Zt0bQ@mail.gmail.com>"
    assert mail.in_reply_to == "<20250303090000.2222.leadsift@vendor.example>"
    assert mail.references == (
        "<20250303090000.1111.leadsift@vendor.example>",
        "<20250303090000.2222.leadsift@vendor.example>",
    )
    assert (mail.from_address, mail.from_name) == ("ann.buyer@gmail.com", "Ann Buyer")
    assert mail.to_addresses == ("sam@vendor.example",)  # Cc is not To
    assert mail.subject == "Re: Cutting review time at Acme"
    assert mail.sent_at == dt.datetime(2025, 3, 4, 9, 2, 11, tzinfo=UTC)
    # the text/plain part, quoted-printable decoded, CRLF made \n; not the HTML part
    assert mail.text.startswith("Hi Sam,\n\nThanks \u2014 yes, we'd like to see a demo.")
    assert "> Would a 20-minute call next week be useful?" in mail.text
    assert "<div" not in mail.text and "\r" not in mail.text
    assert not (mail.auto_submitted or mail.bounce)
    assert mail.size == (MAIL / "gmail_reply.eml").stat().st_size


def test_outlook_html_only_reply_is_read_as_text() -> None:
    mail = read("outlook_html_reply.eml")
    assert mail.from_name == "Jörg Müller"  # RFC 2047 base64 UTF-8 word
    assert mail.from_address == "jmueller@contoso.example"
    assert mail.in_reply_to == "<20250303090000.3333.leadsift@vendor.example>"
    assert mail.sent_at == dt.datetime(2025, 3, 4, 14, 20, 3, tzinfo=UTC)  # -0500 to UTC
    assert mail.text.startswith("Hallo Sam,\n\nbitte rufen Sie mich nächste Woche an.")
    assert "<p" not in mail.text and "MsoNormal" not in mail.text  # no markup, no CSS
    assert "> From: Sam Seller" in mail.text  # Outlook's quoted original, marked as quote


def test_quoted_printable_latin1_french_reply() -> None:
    mail = read("french_qp_reply.eml")
    assert mail.subject == "RE\u00a0: Votre proposition pour l'équipe"
    assert mail.from_name == "Claire Dupont"
    assert mail.message_id == "<000001db8d2e$4a5b6c70$df104550$@exemple.fr>"
    assert mail.sent_at == dt.datetime(2025, 3, 5, 15, 45, tzinfo=UTC)
    assert "Je suis intéressée, mais pas avant la rentrée." in mail.text  # soft break joined
    assert "septembre\u00a0?" in mail.text
    assert "Envoyé\u00a0: mardi 4 mars 2025" in mail.text


def test_out_of_office_is_auto_submitted() -> None:
    mail = read("out_of_office.eml")
    assert mail.auto_submitted and not mail.bounce
    assert mail.in_reply_to == "<20250306080000.5555.leadsift@vendor.example>"
    assert "out of the office until Monday 17 March 2025" in mail.text


def test_postfix_bounce_names_the_original_and_the_recipient() -> None:
    mail = read("bounce_postfix.eml")
    assert mail.bounce
    assert mail.bounced_message_id == "<20250307112959.6666.leadsift@vendor.example>"
    assert mail.bounced_recipient == "nobody@initech.example"  # Final-Recipient, lower-cased
    assert mail.from_address == "mailer-daemon@mail.vendor.example"
    assert mail.message_id == "<20250307113002.4Z8Q1k2LmNz9sTq@mail.vendor.example>"
    # the body is the human-readable notice, not the report or the quoted headers
    assert mail.text.startswith("This is the mail system at host mail.vendor.example.")
    assert "Reporting-MTA" not in mail.text and "List-Unsubscribe" not in mail.text


def test_bounce_with_the_whole_original_attached() -> None:
    original = (
        b"From: sam@vendor.example\r\nTo: gone@example.org\r\nSubject: Hello\r\n"
        b"Message-ID: <orig-77@vendor.example>\r\n\r\nHello there, our offer.\r\n"
    )
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@mx.example.org>\r\n"
        b"To: sam@vendor.example\r\nSubject: Delivery Status Notification (Failure)\r\n"
        b'Content-Type: multipart/report; report-type="Delivery-Status"; boundary="b1"\r\n'
        b"\r\n--b1\r\nContent-Type: text/plain\r\n\r\nAddress not found.\r\n"
        b"--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example.org\r\n\r\n"
        b"Final-Recipient: rfc822;<Gone@Example.org>\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\n" + original + b"\r\n--b1--\r\n"
    )
    mail = parse_message(raw, "test")
    assert mail.bounce
    assert (mail.bounced_message_id, mail.bounced_recipient) == (
        "<orig-77@vendor.example>",
        "gone@example.org",
    )
    assert mail.text == "Address not found."  # not "Hello there" from the original


def test_broken_charset_bytes_are_replaced_not_raised() -> None:
    mail = read("broken_charset.eml")
    assert mail.subject == "Re: café demain"  # raw Latin-1 byte in the header
    assert mail.from_name == "René"
    assert mail.text.startswith("Merci, ça marche. Mais \ufffd\ufffd ces octets sont cass")
    assert mail.sent_at is None  # "not a date at all"
    assert read("unknown_charset.eml").text == "plain words €\n"  # unknown charset: UTF-8


def test_a_file_that_is_not_an_email_is_refused_with_its_name() -> None:
    with pytest.raises(MailReadError, match=r"malformed\.eml: not an email"):
        list(read_mail_files([MAIL / "malformed.eml"]))
    for raw in (b"", b"\n\n\n", b"just some words\n"):
        with pytest.raises(MailReadError, match=r"^here: not an email"):
            parse_message(raw, "here")


def test_mbox_gives_its_three_messages_in_order() -> None:
    mails = list(read_mail_files([MAIL / "replies.mbox"]))
    assert [m.message_id for m in mails] == [
        "<mbox-1@mail.gmail.com>",
        "<mbox-2@acme.example>",
        "<mbox-3@hooli.example>",
    ]
    assert [m.in_reply_to for m in mails] == [
        f"<20250303090000.{n}.leadsift@vendor.example>" for n in ("1111", "2222", "3333")
    ]
    assert mails[0].text == "Yes please.\n"  # the "From " separator is not in the message
    assert mails[2].to_addresses == ("sam@vendor.example", "other@vendor.example")
    assert mails[1].from_address == "bob@acme.example" and mails[1].from_name == ""


def test_files_are_read_in_the_order_given() -> None:
    paths = [MAIL / "out_of_office.eml", MAIL / "replies.mbox", MAIL / "gmail_reply.eml"]
    subjects = [m.subject for m in read_mail_files(paths)]
    assert subjects[0].startswith("Automatic reply") and subjects[-1].startswith("Re: Cutting")
    assert subjects[1:4] == ["Re: First", "Re: Second", "Re: Third"]


def test_a_bad_message_in_an_mbox_is_named_by_number(tmp_path: Path) -> None:
    box = tmp_path / "replies.mbox"
    box.write_bytes(
        b"From a@x Tue Mar  4 09:02:14 2025\nFrom: a@x.example\nSubject: one\n\nok\n\n"
        b"From b@x Tue Mar  4 09:02:15 2025\nthis is no header\nnor this\n\n"
    )
    read_so_far: list[IncomingMail] = []
    with pytest.raises(MailReadError, match=r"replies\.mbox: message 2: not an email"):
        read_so_far.extend(read_mail_files([box]))
    assert [m.subject for m in read_so_far] == ["one"]  # what came before was yielded


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.eml"
    with pytest.raises(MailReadError, match=r"nowhere\.eml: cannot be read"):
        list(read_mail_files([missing]))
    with pytest.raises(MailReadError, match="cannot be read"):
        list(read_mail_files([tmp_path]))  # a directory


@pytest.mark.parametrize(
    ("header", "auto"),
    [
        ("Auto-Submitted: auto-generated", True),
        ("Auto-Submitted: auto-replied; owner-email=x@y", True),
        ("Auto-Submitted: no", False),
        ("X-Autoreply: yes", True),
        ("X-Autorespond: Out of office", True),
        ("Precedence: bulk", True),
        ("Precedence: auto_reply", True),
        ("Precedence: list", False),
        ("X-Mailer: Thunderbird", False),
    ],
)
def test_auto_submitted_headers(header: str, auto: bool) -> None:
    raw = f"From: a@b.example\r\nSubject: s\r\n{header}\r\n\r\nbody\r\n".encode()
    assert parse_message(raw, "t").auto_submitted is auto


def test_dates_without_a_zone_are_utc_and_bare_ids_get_brackets() -> None:
    raw = (
        b"From: A <A@B.example>\r\nDate: Sat, 01 Feb 2025 23:30:00 -0000\r\n"
        b"Message-ID: bare-id@b.example\r\nIn-Reply-To: <x@y> (comment)\r\n\r\nhi"
    )
    mail = parse_message(raw, "t")
    assert mail.sent_at == dt.datetime(2025, 2, 1, 23, 30, tzinfo=UTC)
    assert mail.sent_at is not None and mail.sent_at.utcoffset() == dt.timedelta(0)
    assert (mail.message_id, mail.in_reply_to) == ("<bare-id@b.example>", "<x@y>")


def test_a_message_over_the_limit_is_read_from_its_start() -> None:
    head = (
        b"From: big@sender.example\r\nSubject: with attachment\r\nMessage-ID: <big@s>\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain\r\n\r\nSee the attached deck.\r\n"
        b"--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=deck.pdf\r\n\r\n"
    )
    raw = head + b"QUJD" * (MAX_MESSAGE_BYTES // 4) + b"\r\n--XX--\r\n"
    assert len(raw) > MAX_MESSAGE_BYTES
    mail = parse_message(raw, "t")
    assert (mail.message_id, mail.text) == ("<big@s>", "See the attached deck.")
    assert mail.size == len(raw)


_HEADERISH = st.lists(
    st.sampled_from(
        [
            b"From: ",
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n",
            b"Content-Type: text/plain; charset=",
            b"Content-Transfer-Encoding: base64\n",
            b"Content-Transfer-Encoding: quoted-printable\n",
            b"Date: ",
            b"Subject: =?",
            b"\n--b\n",
            b"Content-Type: message/rfc822\n",
            b"Content-Type: message/delivery-status\n",
            b"\n\n",
            b":",
            b"=?utf-8?b?",
        ]
    )
    | st.binary(max_size=40),
    max_size=20,
).map(b"".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | _HEADERISH)
def test_parse_message_raises_only_mail_read_error(raw: bytes) -> None:
    try:
        mail = parse_message(raw, "fuzz")
    except MailReadError as error:
        assert str(error).startswith("fuzz: ")
    else:
        assert mail.size == len(raw)
        assert mail.sent_at is None or mail.sent_at.tzinfo is not None


# --- settings -----------------------------------------------------------------------------


def test_imap_settings_default_to_the_smtp_credentials() -> None:
    base = {"host": "smtp.x", "from_address": "a@x.example"}
    box = MailboxSettings.model_validate(
        {**base, "username_env": "U", "password_env": "P", "imap": {"host": "imap.x"}}
    )
    imap = box.imap_settings()
    assert imap is not None
    assert (imap.port, imap.security, imap.folder) == (993, "tls", "INBOX")
    assert (imap.username_env, imap.password_env) == ("U", "P")
    own = box.model_copy(update={"imap": ImapSettings(host="i", password_env="IMAP_P")})
    resolved = own.imap_settings()
    assert resolved is not None and (resolved.username_env, resolved.password_env) == (
        "U",
        "IMAP_P",
    )
    assert MailboxSettings.model_validate(base).imap_settings() is None
    with pytest.raises(ValueError, match="security"):
        ImapSettings.model_validate({"host": "i", "security": "ssl"})


def test_folder_names_in_modified_utf7() -> None:
    assert _utf7("INBOX") == '"INBOX"'
    assert _utf7("Réponses") == '"R&AOk-ponses"'
    assert _utf7("~peter/mail/台北/日本語") == '"~peter/mail/&U,BTFw-/&ZeVnLIqe-"'  # RFC 3501
    assert _utf7('A&B "x"') == '"A&-B \\"x\\""'


# --- IMAP against a real Dovecot -----------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.user, self.password)
        return client


@pytest.fixture(scope="session")
def imap_server() -> Server:
    spec = os.environ.get("LEADSIFT_TEST_IMAP", "")
    how = "LEADSIFT_TEST_IMAP"
    if not spec:
        how = "scripts/ensure-dovecot.sh"
        done = subprocess.run(
            ["sh", str(ROOT / "scripts" / "ensure-dovecot.sh")],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        spec = done.stdout.strip()
        if not spec:
            pytest.skip(f"IMAP SERVER UNAVAILABLE: {how} gave none: {done.stderr.strip()}")
    url = urlsplit(spec)
    if url.scheme != "imap" or not (url.hostname and url.port and url.username):
        pytest.skip(f"IMAP SERVER UNAVAILABLE: {how} is not imap://USER:PASSWORD@HOST:PORT")
    server = Server(url.hostname, url.port, unquote(url.username), unquote(url.password or ""))
    try:
        server.client().logout()
    except (OSError, imaplib.IMAP4.error) as error:
        pytest.skip(f"IMAP SERVER UNAVAILABLE: {how} gave {url.hostname}:{url.port}: {error}")
    return server


@pytest.fixture
def folder(imap_server: Server) -> Iterator[str]:
    name = f"leadsift-test-{uuid.uuid4().hex[:12]}"
    client = imap_server.client()
    assert client.create(_utf7(name))[0] == "OK"
    yield name
    client.delete(_utf7(name))
    client.logout()


@pytest.fixture
def reader(imap_server: Server, folder: str, monkeypatch: pytest.MonkeyPatch) -> ImapSettings:
    monkeypatch.setenv("LEADSIFT_TEST_IMAP_USER", imap_server.user)
    monkeypatch.setenv("LEADSIFT_TEST_IMAP_PASSWORD", imap_server.password)
    return ImapSettings(
        host=imap_server.host,
        port=imap_server.port,
        security="none",
        folder=folder,
        username_env="LEADSIFT_TEST_IMAP_USER",
        password_env="LEADSIFT_TEST_IMAP_PASSWORD",
        timeout_seconds=10,
    )


def message(number: int) -> bytes:
    return (
        f"From: Person {number} <p{number}@buyer.example>\r\nTo: sam@vendor.example\r\n"
        f"Subject: Re: offer {number}\r\nMessage-ID: <reply-{number}@buyer.example>\r\n"
        f"In-Reply-To: <sent-{number}@vendor.example>\r\n\r\nReply number {number}.\r\n"
    ).encode()


def append(server: Server, folder: str, *raws: bytes) -> None:
    client = server.client()
    for raw in raws:
        assert client.append(_utf7(folder), None, None, raw)[0] == "OK"
    client.logout()


def seen_flags(server: Server, folder: str) -> list[bytes]:
    client = server.client()
    client.select(_utf7(folder), readonly=True)
    _, data = client.uid("FETCH", "1:*", "(FLAGS)")
    client.logout()
    return [item for item in data if isinstance(item, bytes)]


def test_fetch_new_reads_by_uid_and_leaves_mail_unread(
    imap_server: Server, folder: str, reader: ImapSettings
) -> None:
    append(imap_server, folder, message(1), message(2), message(3))
    first = fetch_new("sales", reader, 0, None)
    assert [raw for _, raw in first.messages] == [message(1), message(2), message(3)]
    uids = [uid for uid, _ in first.messages]
    assert uids == sorted(uids) and first.last_uid == uids[-1]
    assert not first.reset and not first.more and first.uidvalidity > 0

    again = fetch_new("sales", reader, first.last_uid, first.uidvalidity)
    assert again.messages == []  # "n:*" gave the last message back: filtered out
    assert again.last_uid == first.last_uid and again.uidvalidity == first.uidvalidity

    append(imap_server, folder, message(4))
    newer = fetch_new("sales", reader, again.last_uid, again.uidvalidity)
    assert [raw for _, raw in newer.messages] == [message(4)]
    assert newer.last_uid > first.last_uid

    flags = seen_flags(imap_server, folder)
    assert len(flags) == 4 and all(b"\\Seen" not in f for f in flags), flags
    parsed = parse_message(newer.messages[0][1], "imap")
    assert (parsed.in_reply_to, parsed.from_address) == (
        "<sent-4@vendor.example>",
        "p4@buyer.example",
    )


def test_limit_and_a_changed_uidvalidity(
    imap_server: Server, folder: str, reader: ImapSettings
) -> None:
    append(imap_server, folder, message(1), message(2), message(3))
    part = fetch_new("sales", reader, 0, None, limit=2)
    assert [raw for _, raw in part.messages] == [message(1), message(2)] and part.more
    rest = fetch_new("sales", reader, part.last_uid, part.uidvalidity, limit=2)
    assert [raw for _, raw in rest.messages] == [message(3)] and not rest.more
    rebuilt = fetch_new("sales", reader, rest.last_uid, rest.uidvalidity + 1)
    assert rebuilt.reset and len(rebuilt.messages) == 3
    assert rebuilt.uidvalidity == rest.uidvalidity


def test_a_folder_with_a_non_ascii_name(imap_server: Server, reader: ImapSettings) -> None:
    name = f"Réponses-{uuid.uuid4().hex[:8]}"
    client = imap_server.client()
    assert client.create(_utf7(name))[0] == "OK"
    try:
        append(imap_server, name, message(9))
        batch = fetch_new("sales", reader.model_copy(update={"folder": name}), 0, None)
        assert [raw for _, raw in batch.messages] == [message(9)]
    finally:
        client.delete(_utf7(name))
        client.logout()


def test_wrong_password_names_the_server_not_the_password(
    imap_server: Server, reader: ImapSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADSIFT_TEST_IMAP_PASSWORD", "Wr0ng-s3cret-pw")
    with pytest.raises(MailReadError) as caught:
        fetch_new("sales", reader, 7, None)
    text = str(caught.value)
    assert f"{imap_server.host}:{imap_server.port}" in text and "'sales'" in text
    assert "refused the login" in text and "nothing was lost" in text
    assert "Wr0ng-s3cret-pw" not in text and caught.value.__cause__ is None


def test_no_such_folder(reader: ImapSettings) -> None:
    missing = reader.model_copy(update={"folder": "no-such-folder-here"})
    with pytest.raises(MailReadError, match="no folder 'no-such-folder-here'"):
        fetch_new("sales", missing, 0, None)


def test_nothing_listening_is_one_mail_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("U", "u")
    monkeypatch.setenv("P", "p")
    port = free_port()
    for security in ("none", "tls", "starttls"):
        settings_ = ImapSettings(
            host="127.0.0.1", port=port, security=security, username_env="U", password_env="P"
        )
        with pytest.raises(MailReadError, match=rf"'sales' \(127\.0\.0\.1:{port}\): cannot"):
            fetch_new("sales", settings_, 0, None)


def test_a_server_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("U", "u")
    monkeypatch.setenv("P", "p")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection, never sends a greeting
        port = silent.getsockname()[1]
        quiet = ImapSettings(
            host="127.0.0.1",
            port=port,
            security="none",
            username_env="U",
            password_env="P",
            timeout_seconds=0.5,
        )
        with pytest.raises(MailReadError, match=f"127.0.0.1:{port}.*nothing was lost"):
            fetch_new("sales", quiet, 0, None)


def test_a_missing_credential_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADSIFT_IMAP_USER_SET", "someone")
    monkeypatch.delenv("LEADSIFT_IMAP_PASSWORD_UNSET", raising=False)
    imap = ImapSettings(
        host="imap.example.com",
        username_env="LEADSIFT_IMAP_USER_SET",
        password_env="LEADSIFT_IMAP_PASSWORD_UNSET",
    )
    with pytest.raises(MailReadError, match="LEADSIFT_IMAP_PASSWORD_UNSET") as caught:
        fetch_new("sales", imap, 0, None)
    assert "imap.example.com:993" in str(caught.value)
    with pytest.raises(MailReadError, match="names no username_env"):
        fetch_new("sales", ImapSettings(host="imap.example.com"), 0, None)
