"""Sending over SMTP against a real SMTP server the test starts (aiosmtpd): the message as it
arrives (one-click unsubscribe headers per RFC 8058, text and HTML parts), a login from the
mailbox's environment variables, STARTTLS, retries with back-off on refusals that may pass,
no retry of a permanent refusal, and a message never offered twice when the connection
drops while the server has it."""

from __future__ import annotations

import datetime as dt
import email
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from leadsift.config.mailboxes import MailboxSettings
from leadsift.domain.errors import LeadsiftError
from leadsift.outreach.mail_message import ONE_CLICK, Outgoing, build_message, new_token
from leadsift.outreach.smtp_delivery import deliver
from tests.helpers import free_port


@dataclass
class Inbox:
    """What the server received, and how it answers each DATA in turn ("250", "451",
    "550", or "drop": close the connection without answering)."""

    answers: list[str] = field(default_factory=list)
    received: list[email.message.Message] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = self.answers.pop(0) if self.answers else "250"
        if answer == "drop":
            self.received.append(email.message_from_bytes(envelope.content))
            server.transport.close()  # the SMTP protocol's own connection
            return "250 OK"
        if answer == "250":
            self.received.append(email.message_from_bytes(envelope.content))
            return "250 OK"
        return f"{answer} {'try again later' if answer.startswith('4') else 'no such user'}"


def _authenticate(inbox: Inbox) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"sam", b"pw")
        if ok:
            inbox.logins.append((data.login, data.password))
        return AuthResult(success=ok, handled=False)

    return check


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Inbox, int, ssl.SSLContext]]:
    inbox = Inbox()
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    port = free_port()
    controller = Controller(
        inbox, hostname="localhost", port=port, authenticator=_authenticate(inbox),
        auth_require_tls=True, tls_context=server_tls, require_starttls=False,
    )  # fmt: skip
    controller.start()
    client_tls = ssl.create_default_context(cafile=str(cert))
    try:
        yield inbox, port, client_tls
    finally:
        controller.stop()


def _mailbox(port: int, **changes: Any) -> MailboxSettings:
    values: dict[str, Any] = {
        "host": "localhost", "port": port, "security": "starttls",
        "username_env": "TEST_SMTP_USER", "password_env": "TEST_SMTP_PASSWORD",
        "from_address": "sam@vendor.example", "from_name": "Sam Seller", "timeout_seconds": 5,
    }  # fmt: skip
    return MailboxSettings(**{**values, **changes})


def _messages(count: int) -> list[Message]:
    sent_at = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)
    return [
        build_message(Outgoing(
            f"person{i}@clinic.example", f"Person {i}", "sam@vendor.example", "Sam Seller",
            f"Person {i}, about your practice", f"Hi Person {i},\nshall we talk?",
            f"<p>Hi Person {i}</p>", f"https://leadsift.vendor.example/u/{new_token()}", sent_at,
        ))
        for i in range(count)
    ]  # fmt: skip


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", "sam")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "pw")


@pytest.mark.usefixtures("credentials")
def test_messages_arrive_over_starttls_with_one_click_unsubscribe(
    server: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, tls = server
    sent = _messages(3)
    results = deliver("sales", _mailbox(port), sent, context=tls)
    assert [r.sent for r in results] == [True] * 3 and inbox.logins == [(b"sam", b"pw")]
    first = inbox.received[0]
    assert first["Message-ID"] == sent[0]["Message-ID"]
    assert first["Message-ID"].endswith("@vendor.example>")
    assert first["List-Unsubscribe-Post"] == ONE_CLICK == "List-Unsubscribe=One-Click"
    unsubscribe = " ".join(first["List-Unsubscribe"].split())  # as a reader unfolds it
    assert (
        unsubscribe.startswith("<https://leadsift.vendor.example/u/") and "mailto:" in unsubscribe
    )
    assert first["From"] == "Sam Seller <sam@vendor.example>"
    assert first.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): bytes(p.get_payload(decode=True)) for p in first.walk()
             if not p.is_multipart()}  # fmt: skip
    assert (
        parts["text/plain"].startswith(b"Hi Person 0,")
        and b"<p>Hi Person 0</p>" in parts["text/html"]
    )


def test_a_missing_credential_names_its_variable_and_sends_nothing(
    server: tuple[Inbox, int, ssl.SSLContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port, tls = server
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("TEST_SMTP_USER", "sam")
    with pytest.raises(LeadsiftError, match=r"TEST_SMTP_PASSWORD .* is not set; nothing was sent"):
        deliver("sales", _mailbox(port), _messages(1), context=tls)
    assert inbox.received == []


@pytest.mark.usefixtures("credentials")
def test_a_refusal_that_may_pass_is_retried_with_back_off_and_sent_once(
    server: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, tls = server
    inbox.answers = ["451", "451", "250", "250"]
    waits: list[float] = []
    results = deliver("sales", _mailbox(port), _messages(2), context=tls, sleep=waits.append)
    assert [(r.sent, r.attempts) for r in results] == [(True, 2), (True, 2)]
    assert waits == [2.0]  # one round of back-off: both refused once, then taken
    assert len(inbox.received) == 2


@pytest.mark.usefixtures("credentials")
def test_a_permanent_refusal_is_not_retried(server: tuple[Inbox, int, ssl.SSLContext]) -> None:
    inbox, port, tls = server
    inbox.answers = ["550", "250"]
    waits: list[float] = []
    results = deliver("sales", _mailbox(port), _messages(2), context=tls, sleep=waits.append)
    assert results[0].permanent and not results[0].sent and results[0].attempts == 1
    assert results[1].sent and waits == []


@pytest.mark.usefixtures("credentials")
def test_a_dropped_connection_never_offers_that_message_again(
    server: tuple[Inbox, int, ssl.SSLContext],
) -> None:
    inbox, port, tls = server
    inbox.answers = ["drop", "250"]
    sent = _messages(2)
    results = deliver("sales", _mailbox(port), sent, context=tls, sleep=lambda _: None)
    assert results[0].unknown and not results[0].sent
    assert results[1].sent
    ids = [m["Message-ID"] for m in inbox.received]
    assert ids.count(sent[0]["Message-ID"]) == 1  # it may have arrived: never a second copy


def test_a_wrong_password_is_permanent_and_an_absent_server_is_retried(
    server: tuple[Inbox, int, ssl.SSLContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port, tls = server
    monkeypatch.setenv("TEST_SMTP_USER", "sam")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    waits: list[float] = []
    refused = deliver("sales", _mailbox(port), _messages(1), context=tls, sleep=waits.append)
    assert refused[0].permanent and waits == [] and inbox.received == []
    nobody = deliver("sales", _mailbox(free_port()), _messages(1), context=tls,
                     sleep=waits.append, attempts=3)  # fmt: skip
    assert not nobody[0].sent and not nobody[0].permanent and waits == [2.0, 4.0]
