"""Which of our emails a received message answers, so a reply reaches the right person's
sequence and a bounce the right step.

A reply names our message in its threading headers: In-Reply-To first (the message it
answers), then References, last first (the newest of the thread is the one answered; the
first is the thread's start). Clients that lose both (a reply typed as a new message, a
forward through a phone app) are matched by their sender to our latest email to that
address, the best guess left. A bounce (a delivery status notification) names our message
inside its report; a report without it (some servers strip the original) is matched by the
recipient it failed for.

`matched_by` says how a match was made, so a doubtful one (`sender`, `recipient`) can be
told from a certain one: in_reply_to, references, sender, none for replies, and
message_id, recipient, none for bounces."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from leadsift.outreach.enrolment_records import last_step_to, steps_by_message_ids
from leadsift.outreach.incoming_mail import IncomingMail

REPLY_MATCHES = ("in_reply_to", "references", "sender", "none")
BOUNCE_MATCHES = ("message_id", "recipient", "none")


@dataclass(frozen=True)
class Match:
    step: Any | None  # the outreach_steps row answered (None: not ours, or not found)
    matched_by: str  # REPLY_MATCHES or BOUNCE_MATCHES

    @property
    def person_id(self) -> int | None:
        return None if self.step is None else int(self.step.person_id)


NO_MATCH = Match(None, "none")


def thread_ids(mail: IncomingMail) -> list[tuple[str, str]]:
    """(Message-ID, how it was found) in the order they are tried: In-Reply-To, then the
    References from the last to the first, each once."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    candidates = [(mail.in_reply_to, "in_reply_to")]
    candidates += [(ref, "references") for ref in reversed(mail.references)]
    for message_id, how in candidates:
        if message_id and message_id not in seen:
            seen.add(message_id)
            found.append((message_id, how))
    return found


def match_reply(connection: sa.Connection, mail: IncomingMail) -> Match:
    """The email of ours this reply answers, and how it was found."""
    wanted = thread_ids(mail)
    if wanted:
        steps = {
            row.message_id: row
            for row in steps_by_message_ids(connection, [m for m, _ in wanted])
            if row.kind == "email"
        }
        for message_id, how in wanted:
            if message_id in steps:
                return Match(steps[message_id], how)
    if mail.from_address:
        step = last_step_to(connection, mail.from_address)
        if step is not None:
            return Match(step, "sender")
    return NO_MATCH


def match_bounce(connection: sa.Connection, mail: IncomingMail) -> Match:
    """The email of ours this bounce reports, by the original's Message-ID, else by the
    recipient it could not be delivered to."""
    if mail.bounced_message_id:
        steps = steps_by_message_ids(connection, [mail.bounced_message_id])
        if steps:
            return Match(steps[0], "message_id")
    if mail.bounced_recipient:
        step = last_step_to(connection, mail.bounced_recipient)
        if step is not None:
            return Match(step, "recipient")
    return NO_MATCH


def match_mail(connection: sa.Connection, mail: IncomingMail) -> Match:
    return match_bounce(connection, mail) if mail.bounce else match_reply(connection, mail)


def is_ours(connection: sa.Connection, mail: IncomingMail) -> bool:
    """Whether the message is one we sent (an mbox export of a whole conversation holds our
    own emails too): its Message-ID is one of our steps'."""
    return bool(mail.message_id and steps_by_message_ids(connection, [mail.message_id]))


def reply_key(mail: IncomingMail) -> str:
    """What makes a message the same however often it is read (two imports of one file, one
    message in two mailboxes): its Message-ID, else its sender, date, subject and text.
    A hash, so that it fits the column whatever the id's length."""
    if mail.message_id:
        source = "id\x1f" + mail.message_id.strip()
    else:
        when = mail.sent_at.isoformat() if mail.sent_at else ""
        parts = (mail.from_address or "", when, mail.subject, mail.text)
        source = "content\x1f" + "\x1f".join(parts)
    return hashlib.blake2b(source.encode("utf-8", "replace"), digest_size=16).hexdigest()
