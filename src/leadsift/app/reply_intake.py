"""Replies taken in: read from mail files (`leadsift replies import`) or from the mailboxes'
IMAP folders (`leadsift replies fetch`), matched to our emails, cleaned, classified, stored
in `replies` and routed (app/reply_routing.py), each batch in one transaction under the
workspace's write lock: a batch is stored and routed whole, or not at all.

A message is stored once however often it is read: its `reply_key` (the Message-ID, else a
hash of sender, date, subject and text) is unique, so a file imported twice, or a mailbox
read again after a crash, adds nothing. A mailbox's cursor (`mailbox_cursors`: the last UID
read and the folder's UIDVALIDITY) moves in the same transaction as the replies it covers:
if the process dies in between, neither happened, and the next fetch reads those messages
again.

Choices: a bounce is stored as a reply row with intent NULL (matched_by message_id,
recipient or none), so that it too is deduplicated and listed; an automatic message
(Auto-Submitted and the like) is never taken for a human answer: unless the classifier
calls it an out-of-office it counts as auto_reply_other; our own emails in the input (an
mbox export of whole threads) are skipped and counted as `own`; mail from an erased
person's address is skipped and counted as `erased` (what erasure removed never comes
back); an unmatched reply is stored and counted but not routed, except an unsubscribe,
whose sender is suppressed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from leadsift.app.reply_routing import AUTOMATIC, RoutedReply, Router, Routing
from leadsift.app.session import Session
from leadsift.config.mailboxes import ImapSettings
from leadsift.domain.errors import LeadsiftError
from leadsift.outreach.imap_reading import ImapBatch, fetch_new
from leadsift.outreach.incoming_mail import (
    IncomingMail,
    MailReadError,
    parse_message,
    read_mail_files,
)
from leadsift.outreach.intent import IntentClassifier, Reply, ReplyIntent, packaged_model
from leadsift.outreach.reply_matching import is_ours, match_mail, reply_key
from leadsift.outreach.reply_text import clean_reply
from leadsift.privacy.identifiers import email_forms
from leadsift.privacy.suppression import SuppressionFilter
from leadsift.store import schema

_BATCH = 2000  # replies classified at once, and keys looked up at once


@dataclass(frozen=True)
class IntakeError:
    where: str  # a file, or imap:MAILBOX
    message: str


@dataclass
class IntakeResult:
    read: int = 0
    stored: int = 0
    duplicates: int = 0  # stored before (or twice in this input): nothing done again
    own: int = 0  # our own emails in the input, skipped
    erased: int = 0  # from an erased person's address: never stored (their data stays gone)
    unmatched: int = 0  # stored, but matched to none of our emails: not routed
    bounces: int = 0
    by_intent: dict[str, int] = field(default_factory=dict)
    routed: dict[str, int] = field(default_factory=dict)  # action -> times done
    errors: list[IntakeError] = field(default_factory=list)
    mailboxes: dict[str, int] = field(default_factory=dict)  # fetch: messages read a mailbox

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _count(counts: dict[str, int], name: str) -> None:
    counts[name] = counts.get(name, 0) + 1


class _Intake:
    """Takes batches of messages for one command; the classifier is loaded once."""

    def __init__(self, root: Path, now: datetime, by: str | None) -> None:
        self.root, self.now, self.by = root, now, by
        self.result = IntakeResult()
        self._classifier: IntentClassifier | None = None

    def _classify(self, mails: list[tuple[IncomingMail, str]]) -> list[ReplyIntent]:
        if not mails:
            return []
        if self._classifier is None:
            self._classifier = IntentClassifier(packaged_model())
        replies = [
            Reply(id=key, subject=mail.subject[:1000], body=mail.text, sender=mail.from_address,
                  sent=(mail.sent_at or self.now).date())
            for mail, key in mails
        ]  # fmt: skip
        found: list[ReplyIntent] = []
        for start in range(0, len(replies), _BATCH):
            found += self._classifier.classify(replies[start : start + _BATCH], self.now.date())
        return found

    def _fresh(
        self, connection: sa.Connection, items: Sequence[tuple[IncomingMail, str]]
    ) -> list[tuple[IncomingMail, str, str]]:
        """The messages not stored before and not ours, with their keys."""
        r = schema.replies
        keyed = [(mail, source, reply_key(mail)) for mail, source in items]
        stored: set[str] = set()
        keys = sorted({key for _, _, key in keyed})
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            query = sa.select(r.c.reply_key).where(r.c.reply_key.in_(chunk))
            stored |= {str(k) for (k,) in connection.execute(query)}
        erased = SuppressionFilter.load(connection, ("erased",))
        fresh = []
        for mail, source, key in keyed:
            self.result.read += 1
            if key in stored:
                self.result.duplicates += 1
            elif is_ours(connection, mail):
                self.result.own += 1
            elif erased is not None and erased.listed("email", email_forms(mail.from_address)):
                self.result.erased += 1
            else:
                stored.add(key)
                fresh.append((mail, source, key))
        return fresh

    def take(self, connection: sa.Connection, items: Sequence[tuple[IncomingMail, str]]) -> None:
        fresh = self._fresh(connection, items)
        humans = [(mail, key) for mail, _, key in fresh if not mail.bounce]
        intents = iter(self._classify(humans))
        router = Router(connection, self.root, self.now, self.by)
        for mail, source, key in fresh:
            if mail.bounce:
                done = self._bounce(router, mail, source, key)
            else:
                done = self._reply(router, mail, source, key, next(intents))
            for action in done.actions:
                _count(self.result.routed, action)

    def _insert(self, connection: sa.Connection, values: dict[str, Any]) -> int:
        result = connection.execute(schema.replies.insert().values(**values))
        self.result.stored += 1
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def _row(self, mail: IncomingMail, source: str, key: str) -> dict[str, Any]:
        return {
            "reply_key": key, "message_id": (mail.message_id or "")[:255] or None,
            "from_address": (mail.from_address or "")[:320] or None,
            "subject": mail.subject[:1000], "received_at": mail.sent_at or self.now,
            "source": source[:255],
        }  # fmt: skip

    def _bounce(self, router: Router, mail: IncomingMail, source: str, key: str) -> Routing:
        self.result.bounces += 1
        match = match_mail(router.connection, mail)
        values = self._row(mail, source, key) | {
            "person_id": match.person_id, "matched_by": match.matched_by,
            "step_id": match.step.id if match.step is not None else None,
        }  # fmt: skip
        reply_id = self._insert(router.connection, values)
        if match.step is None:
            self.result.unmatched += 1
            done = Routing()
            done.words.append("bounce of no email of ours")
        else:
            done = router.route_bounce(reply_id, key, match.step, mail.sent_at or self.now)
        _routed(router.connection, reply_id, done)
        return done

    def _reply(
        self, router: Router, mail: IncomingMail, source: str, key: str, found: ReplyIntent
    ) -> Routing:
        intent = found.intent
        if mail.auto_submitted and intent not in AUTOMATIC:
            intent = "auto_reply_other"  # a machine wrote it, whatever it says
        _count(self.result.by_intent, intent)
        match = match_mail(router.connection, mail)
        text = clean_reply(mail.text)
        values = self._row(mail, source, key) | {
            "person_id": match.person_id, "matched_by": match.matched_by,
            "step_id": match.step.id if match.step is not None else None, "text": text,
            "intent": intent, "confidence": found.confidence,
            "return_date": found.return_date if intent == "out_of_office" else None,
            "referral_email": found.referral_email if intent == "referral" else None,
        }  # fmt: skip
        reply_id = self._insert(router.connection, values)
        if match.step is None:
            self.result.unmatched += 1
            done = (
                router.suppress_unmatched(reply_id, mail.from_address)
                if intent == "unsubscribe"
                else Routing()
            )
            done.words.insert(0, "matched to none of our emails")
        else:
            done = router.route(
                RoutedReply(
                    reply_id=reply_id, reply_key=key, step=match.step, intent=intent,
                    return_date=values["return_date"], referral_email=values["referral_email"],
                    from_address=mail.from_address, text=text, at=mail.sent_at or self.now,
                )
            )  # fmt: skip
        _routed(router.connection, reply_id, done)
        return done


def _routed(connection: sa.Connection, reply_id: int, done: Routing) -> None:
    r = schema.replies
    connection.execute(r.update().where(r.c.id == reply_id).values(routed=done.text))


def take_replies(
    session: Session,
    mails: Iterable[IncomingMail],
    source: str,
    by: str | None = None,
    now: datetime | None = None,
) -> IntakeResult:
    """Store and route these messages (all read before the write lock is taken), in one
    transaction; `source` is what replies.source records (a file's name, imap:MAILBOX)."""
    intake = _Intake(session.workspace.root, now or datetime.now(UTC), by)
    items = [(mail, source) for mail in mails]
    with session.writing("leadsift replies import") as connection:
        intake.take(connection, items)
    return intake.result


def import_mail_files(
    session: Session, paths: Sequence[Path], by: str | None = None, now: datetime | None = None
) -> IntakeResult:
    """`leadsift replies import`: every file is read first; one that cannot be (or a message
    in it) is a MailReadError naming it, and nothing is stored. Then one transaction."""
    items = [(mail, path.name) for path in paths for mail in read_mail_files([path])]
    intake = _Intake(session.workspace.root, now or datetime.now(UTC), by)
    with session.writing("leadsift replies import") as connection:
        intake.take(connection, items)
    return intake.result


Fetch = Callable[[str, ImapSettings, int, int | None, int], ImapBatch]


def fetch_mailboxes(
    session: Session,
    names: Sequence[str] | None = None,
    *,
    limit: int = 500,
    by: str | None = None,
    now: datetime | None = None,
    fetch: Fetch | None = None,
) -> IntakeResult:
    """`leadsift replies fetch`: read each mailbox with an [imap] table (or those named) from
    its cursor, `limit` messages a batch, each batch stored with its cursor move in one
    transaction. A mailbox that cannot be read is reported in `errors`; the others are
    still read. `fetch` stands in for imap_reading.fetch_new (tests)."""
    fetch = fetch or fetch_new
    configured = session.settings.mailboxes
    unknown = [name for name in names or () if name not in configured]
    if unknown:
        known = ", ".join(sorted(configured)) or "none"
        raise LeadsiftError(f"no mailbox named {', '.join(unknown)} (configured: {known})")
    chosen = list(names or [n for n, box in sorted(configured.items()) if box.imap is not None])
    if not chosen:
        raise LeadsiftError(
            "no mailbox has an [mailboxes.NAME.imap] table in leadsift.toml: nothing to fetch"
        )
    intake = _Intake(session.workspace.root, now or datetime.now(UTC), by)
    for name in chosen:
        imap = configured[name].imap_settings()
        if imap is None:
            intake.result.errors.append(
                IntakeError(f"imap:{name}", f"no [mailboxes.{name}.imap] table: not read")
            )
            continue
        try:
            _fetch_one(session, intake, name, imap, limit, fetch)
        except (LeadsiftError, OSError) as exc:
            intake.result.errors.append(IntakeError(f"imap:{name}", str(exc)))
    return intake.result


def _fetch_one(
    session: Session, intake: _Intake, name: str, imap: ImapSettings, limit: int, fetch: Fetch
) -> None:
    c = schema.mailbox_cursors
    intake.result.mailboxes.setdefault(name, 0)
    while True:
        with session.reading() as connection:
            cursor = connection.execute(sa.select(c).where(c.c.mailbox == name)).first()
        after = int(cursor.last_uid) if cursor else 0
        validity = int(cursor.uidvalidity) if cursor and cursor.uidvalidity is not None else None
        batch = fetch(name, imap, after, validity, limit)  # the network, outside the lock
        items: list[tuple[IncomingMail, str]] = []
        for uid, raw in batch.messages:
            try:
                items.append((parse_message(raw, f"imap:{name} uid {uid}"), f"imap:{name}"))
            except MailReadError as exc:  # one bad message never blocks the mailbox
                intake.result.errors.append(IntakeError(f"imap:{name}", str(exc)))
        with session.writing("leadsift replies fetch") as connection:
            intake.take(connection, items)
            _move_cursor(connection, name, batch, intake.now)
        intake.result.mailboxes[name] += len(batch.messages)
        if not batch.more or not (batch.reset or batch.last_uid > after):
            return


def _move_cursor(connection: sa.Connection, name: str, batch: ImapBatch, now: datetime) -> None:
    """The cursor at the batch's end; never backwards within one UIDVALIDITY (two fetches
    at once read the same batch: the later write must not undo the earlier)."""
    c = schema.mailbox_cursors
    row = connection.execute(sa.select(c).where(c.c.mailbox == name)).first()
    last = batch.last_uid
    if row is None:
        connection.execute(
            c.insert().values(
                mailbox=name, uidvalidity=batch.uidvalidity, last_uid=last, checked_at=now
            )
        )
        return
    if not batch.reset and row.uidvalidity == batch.uidvalidity:
        last = max(last, int(row.last_uid))
    connection.execute(
        c.update()
        .where(c.c.mailbox == name)
        .values(uidvalidity=batch.uidvalidity, last_uid=last, checked_at=now)
    )
