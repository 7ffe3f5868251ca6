"""One outreach email as it goes on the wire: multipart/alternative (text, and HTML when the
step has it), a Message-ID of the sender's domain (replies are matched to it by In-Reply-To
and References), and one-click unsubscribe as RFC 8058 asks: a List-Unsubscribe header
with an https URL (and a mailto), and List-Unsubscribe-Post: List-Unsubscribe=One-Click.
Mailbox providers require both of bulk senders; a person must never have to log in to stop
hearing from us."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid

ONE_CLICK = "List-Unsubscribe=One-Click"
# CRLF as SMTP wants it, and headers kept on one line up to SMTP's own limit: a folded
# List-Unsubscribe (a fold before its first URL) trips some receivers' parsers
_POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Outgoing:
    to_address: str
    to_name: str
    from_address: str
    from_name: str
    subject: str
    text: str
    html: str | None
    unsubscribe_url: str  # https://HOST/u/TOKEN, served by `leadsift serve`
    sent_at: datetime


def new_token() -> str:
    """An unsubscribe token: unguessable (only its hash is stored)."""
    return secrets.token_urlsafe(24)


def build_message(outgoing: Outgoing, message_id: str | None = None) -> EmailMessage:
    """The message, with a new Message-ID unless one is given (a retry keeps its id)."""
    domain = outgoing.from_address.rsplit("@", 1)[-1]
    message = EmailMessage(policy=_POLICY)
    message["Message-ID"] = message_id or make_msgid(domain=domain)
    message["Date"] = format_datetime(outgoing.sent_at)
    message["From"] = formataddr((outgoing.from_name, outgoing.from_address))
    message["To"] = formataddr((outgoing.to_name, outgoing.to_address))
    message["Subject"] = outgoing.subject
    mailto = f"mailto:{outgoing.from_address}?subject=unsubscribe"
    message["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>, <{mailto}>"
    message["List-Unsubscribe-Post"] = ONE_CLICK
    message.set_content(outgoing.text)
    if outgoing.html:
        message.add_alternative(outgoing.html, subtype="html")
    return message
