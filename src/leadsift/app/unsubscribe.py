"""One-click unsubscribe (RFC 8058): what a link `https://HOST/u/TOKEN` in an outreach email
does, and what its page may show.

The token is the only authority: whoever holds the link may stop the mail it came with, with
no login, as mailbox providers require of bulk senders. Only the token's SHA-256 is stored
(`outreach_steps.token_hash`), so the workspace cannot rebuild a link, and the service's
inbox is handed the hash too, never the token.

Unsubscribing is one transaction: every form of the address is suppressed as
`do_not_contact` (no import, run or export contacts it again), the person's live
enrolment is stopped with reason `unsubscribe`, an `unsubscribe` touch is stored under the
sequence's campaign (keyed by the token's hash: once however often the link is used), and
an audit entry names the person by id. An address already suppressed whose person is in
no live sequence is "already unsubscribed": nothing is stored again, whichever of the
person's links is used, so a second click (or a provider's retry) changes nothing.

`leadsift serve` does not call `unsubscribe` from the request: the request puts the hash in
the inbox and the server's one writer applies it (api/background.py), as it does every
write; `find_link` is the read a request may make.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from leadsift.app.audit import entry as audit_entry
from leadsift.outreach.enrolment_records import (
    add_touch,
    live_people,
    sequence_campaign,
    stop,
    token_hash,
)
from leadsift.privacy.identifiers import digest, email_forms
from leadsift.privacy.suppression import Identifiers, suppress
from leadsift.store import schema

if TYPE_CHECKING:
    from leadsift.workspace.workspace import Workspace

# what a link's token may look like (secrets.token_urlsafe(24) is 32 characters): checked
# before anything reads the database, so a made-up path costs nothing
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
HASH = re.compile(r"[0-9a-f]{64}")
BY = "unsubscribe link"
ACTION = "outreach.unsubscribe"
DO_NOT_CONTACT = "do_not_contact"


def well_formed(token: str) -> bool:
    return TOKEN.fullmatch(token) is not None


def masked(address: str | None) -> str:
    """`ann@example.com` as `a***@example.com`: enough for someone to recognise their
    address, too little for a forwarded link to tell a stranger whose it is."""
    if not address or "@" not in address:
        return ""
    local, _, domain = address.strip().rpartition("@")
    return f"{local[:1]}***@{domain}"


@dataclass(frozen=True)
class Link:
    """What an unsubscribe link leads to, as its page may show it."""

    step_id: int
    person_id: int
    sequence: str
    address: str | None
    done: bool  # already unsubscribed: the address is suppressed and no sequence is live

    @property
    def masked_address(self) -> str:
        return masked(self.address)


def _step(connection: sa.Connection, hashed: str) -> Any | None:
    s, e = schema.outreach_steps, schema.enrolments
    return connection.execute(
        sa.select(s.c.id, s.c.person_id, s.c.to_address, e.c.sequence)
        .join(e, e.c.id == s.c.enrolment_id)
        .where(s.c.token_hash == hashed)
    ).first()


def _suppressed(connection: sa.Connection, address: str | None) -> bool:
    """Whether any form of the address is on the suppression list (a read: no workspace key
    is made when there is none, since then nobody is listed)."""
    forms = email_forms(address)
    if not forms:
        return False
    secret = connection.execute(
        sa.select(schema.privacy_secret.c.secret).order_by(schema.privacy_secret.c.id).limit(1)
    ).scalar()
    if secret is None:
        return False
    wanted = sorted(digest(bytes.fromhex(str(secret)), "email", f) for f in forms)
    s = schema.suppressions
    found = connection.execute(sa.select(s.c.digest).where(s.c.digest.in_(wanted))).first()
    return found is not None


def _link(connection: sa.Connection, hashed: str) -> Link | None:
    row = _step(connection, hashed)
    if row is None:
        return None
    person = int(row.person_id)
    done = (not row.to_address or _suppressed(connection, row.to_address)) and not live_people(
        connection, [person]
    )
    return Link(int(row.id), person, str(row.sequence), row.to_address, done)


def find_link(connection: sa.Connection, token: str) -> Link | None:
    """The link of this token, or None for a token that is malformed (checked first, with
    no query) or that no email carries."""
    if not well_formed(token):
        return None
    return _link(connection, token_hash(token))


@dataclass(frozen=True)
class UnsubscribeResult:
    found: bool  # False: no email carries the token (or its person was erased since)
    already: bool = False
    person_id: int | None = None
    sequence: str | None = None
    stopped: list[int] = field(default_factory=list)  # enrolments ended
    stored: dict[str, int] = field(default_factory=dict)  # rows added, by table

    def as_detail(self) -> dict[str, Any]:
        """For the service's audit log: ids and counts, no address."""
        return {
            "found": self.found, "already": self.already, "person_id": self.person_id,
            "sequence": self.sequence, "stopped": self.stopped, "stored": dict(self.stored),
        }  # fmt: skip


def unsubscribe(connection: sa.Connection, token: str, at: datetime) -> UnsubscribeResult:
    """Unsubscribe the person of this link, in the caller's transaction."""
    if not well_formed(token):
        return UnsubscribeResult(found=False)
    return unsubscribe_hashed(connection, token_hash(token), at)


def unsubscribe_hashed(connection: sa.Connection, hashed: str, at: datetime) -> UnsubscribeResult:
    """As `unsubscribe`, from the token's hash (what the service's inbox holds). The touch
    is an entry of the import log (add_touch), so an incremental `leadsift score` reads the
    person again."""
    if HASH.fullmatch(hashed) is None:
        return UnsubscribeResult(found=False)
    link = _link(connection, hashed)
    if link is None:
        return UnsubscribeResult(found=False)
    if link.done:
        return UnsubscribeResult(True, True, link.person_id, link.sequence)
    stored: dict[str, int] = {}
    if link.address:
        listed_before = _suppressed(connection, link.address)
        forms = suppress(connection, Identifiers(emails=frozenset({link.address})), DO_NOT_CONTACT)
        if not listed_before:
            stored["suppressions"] = forms
    stopped = stop(connection, [link.person_id], "unsubscribe", at)
    if stopped:
        stored["enrolments"] = len(stopped)
    campaign = sequence_campaign(link.sequence)
    if add_touch(
        connection, key=hashed, kind="unsubscribe", at=at, email=link.address,
        person_id=link.person_id, campaign=campaign,
    ):  # fmt: skip
        stored["touches"] = 1
    audit_entry(
        connection, ACTION,
        {"person_id": link.person_id, "sequence": link.sequence, "step_id": link.step_id,
         "stopped": stopped},
        BY,
    )  # fmt: skip
    return UnsubscribeResult(True, False, link.person_id, link.sequence, stopped, stored)


# The service's inbox (store/inbox.py) holds a posted link as a delivery of this kind; the
# server's writer hands it to `apply_unsubscribes`.
DELIVERY_KIND = "unsubscribe"


def queued(token: str, at: datetime) -> tuple[dict[str, str], str]:
    """A posted link as the inbox keeps it: its token's hash and when it was posted, and
    the id under which the inbox queues it once (a second click while the first is still
    waiting is not queued again)."""
    hashed = token_hash(token)
    return {"token_hash": hashed, "at": at.isoformat()}, f"unsubscribe:{hashed}"


def apply_unsubscribes(
    connection: sa.Connection, payload: list[Any], workspace: Workspace, entry: int
) -> dict[str, Any]:
    """The writer's applier for DELIVERY_KIND (api/background.py): each posted link
    unsubscribed in the writer's transaction. What it returns goes to the service's audit
    log: ids and counts only."""
    results = []
    for item in payload:
        try:
            hashed, at = str(item["token_hash"]), datetime.fromisoformat(str(item["at"]))
        except (KeyError, TypeError) as error:  # the writer sets a refused delivery aside
            raise ValueError(f"an unsubscribe delivery without {error}") from None
        results.append(unsubscribe_hashed(connection, hashed, at))
    stored: Counter[str] = Counter()
    for result in results:
        stored.update(result.stored)
    return {"unsubscribes": [r.as_detail() for r in results], "stored": dict(stored)}
