"""Handing messages to an SMTP server: STARTTLS or implicit TLS, a login from the mailbox's
environment variables, one connection for a batch, and back-off on refusals that may pass
(4xx, a dropped connection, a timeout). A permanent refusal (5xx) is not retried: the
address is bad or the server will not take it, and retrying would only look like spam.

At most once: the caller marks a message as being sent, and commits, before `deliver` is
called; a message whose outcome is unknown (the process died mid-send) is never sent again
by this module."""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message

from leadsift.config.mailboxes import MailboxSettings

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Delivery:
    message_id: str
    sent: bool
    attempts: int
    permanent: bool = False  # refused for good (5xx): do not try again
    error: str | None = None
    # the connection dropped while the server had the message: it may have been sent, so
    # it is never offered again (at most once); the caller shows it for a person to check
    unknown: bool = False


@contextmanager
def connected(
    name: str, mailbox: MailboxSettings, context: ssl.SSLContext | None = None
) -> Iterator[smtplib.SMTP]:
    """An SMTP session with the mailbox, logged in when it names credentials."""
    login = mailbox.credentials(name)  # before connecting: a missing variable sends nothing
    tls = context or ssl.create_default_context()
    if mailbox.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            mailbox.host, mailbox.port, timeout=mailbox.timeout_seconds, context=tls
        )
    else:
        client = smtplib.SMTP(mailbox.host, mailbox.port, timeout=mailbox.timeout_seconds)
    try:
        client.ehlo()
        if mailbox.security == "starttls":
            client.starttls(context=tls)
            client.ehlo()
        if login is not None:
            client.login(*login)
        yield client
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def _send_one(client: smtplib.SMTP, message: Message) -> None:
    refused = client.send_message(message)
    if refused:  # some recipients refused: ours is the only one
        code, text = next(iter(refused.values()))
        raise smtplib.SMTPRecipientsRefused({str(message["To"]): (code, text)})


def _permanent(error: Exception) -> bool:
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code = next(iter(error.recipients.values()))[0]
    return isinstance(code, int) and 500 <= code < 600


def deliver(
    name: str,
    mailbox: MailboxSettings,
    messages: Iterable[Message],
    *,
    attempts: int = 4,
    backoff: float = 2.0,
    sleep: Sleep = time.sleep,
    context: ssl.SSLContext | None = None,
) -> list[Delivery]:
    """Send each message, retrying what may pass with waits of backoff, 2x, 4x... seconds
    (a new connection each round). Returns what happened to each, in the order given."""
    pending = list(messages)
    order = [str(m["Message-ID"]) for m in pending]
    results: dict[str, Delivery] = {}
    tries = dict.fromkeys(order, 0)

    def failed(key: str, error: Exception) -> bool:
        """Record a failure; True when it may pass on another try."""
        permanent = _permanent(error)
        results[key] = Delivery(key, False, tries[key], permanent, str(error))
        return not permanent

    wait = backoff
    for round_number in range(attempts):
        if not pending:
            break
        if round_number:
            sleep(wait)
            wait *= 2
        retry: list[Message] = []
        try:
            with connected(name, mailbox, context) as client:
                for position, message in enumerate(pending):
                    key = str(message["Message-ID"])
                    tries[key] += 1
                    try:
                        _send_one(client, message)
                        results[key] = Delivery(key, True, tries[key])
                    except smtplib.SMTPServerDisconnected as error:
                        results[key] = Delivery(key, False, tries[key], False, str(error), True)
                        retry += pending[position + 1 :]  # the rest were never offered
                        break
                    except (smtplib.SMTPException, OSError) as error:
                        if failed(key, error):
                            retry.append(message)
        except (smtplib.SMTPException, OSError) as error:  # no connection, or no login
            offered = {str(m["Message-ID"]) for m in retry} | {
                k for k, d in results.items() if d.sent or d.permanent or d.unknown
            }
            for message in pending:
                key = str(message["Message-ID"])
                if key in offered:
                    continue
                tries[key] = max(tries[key], round_number + 1)
                if failed(key, error):
                    retry.append(message)
        pending = retry
    return [results[key] for key in order]
