"""Reading one received message (a reply, an out-of-office, a bounce) into the few fields the
reply matcher needs, from raw bytes as IMAP, a `.eml` file or an mbox hands them over.

Mail comes from strangers' clients and servers, so the reading is forgiving: the stdlib's
compat32 parser (the most tolerant one), headers decoded by hand (RFC 2047 words, raw 8-bit
UTF-8 or, failing that, Windows-1252), bodies decoded with their declared charset and bad
bytes replaced, a date that does not parse left as None. Only input that is not an email at
all is refused, with a `MailReadError` naming where it came from.

A message over `MAX_MESSAGE_BYTES` is read from its first `MAX_MESSAGE_BYTES` only: headers
and the text part come first in every client's layout, and what is cut is attachments we
never read. Refusing it instead would leave a mailbox stuck on one large reply. `size` is
still the whole message's size."""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import mailbox
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.header import decode_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from leadsift.domain.errors import LeadsiftError
from leadsift.outreach.reply_html import html_to_text

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
_MAX_DEPTH = 30  # MIME nesting deeper than this is an attack, not a reply
# a message has at least one of these; bytes without any are not an email
_MAIL_HEADERS = frozenset(
    ["from", "sender", "to", "subject", "date", "message-id", "received", "return-path"]
)
_MSG_ID = re.compile(r"<[^<>\s]+>")
_DAEMONS = frozenset({"mailer-daemon", "postmaster"})
_AUTO_PRECEDENCE = frozenset({"auto_reply", "bulk", "junk"})
_FINAL_RECIPIENT = re.compile(r"^final-recipient\s*:\s*[^;\n]*;\s*(\S+)", re.I | re.M)
_ERRORS = (ValueError, LookupError, TypeError, IndexError, AttributeError, RecursionError)


class MailReadError(LeadsiftError):
    """A message, mail file or mailbox cannot be read; the message says which."""


@dataclass(frozen=True)
class IncomingMail:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    from_address: str | None  # lower-cased address only
    from_name: str
    to_addresses: tuple[str, ...]
    subject: str
    sent_at: dt.datetime | None  # aware, UTC
    text: str
    auto_submitted: bool
    bounce: bool
    bounced_message_id: str | None
    bounced_recipient: str | None
    size: int


def _undo_8bit(value: str) -> str:
    """Raw 8-bit header bytes (surrogate-escaped by the parser) as text: UTF-8 if they are,
    else Windows-1252, which decodes every byte to something readable."""
    raw = value.encode("ascii", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _decode_bytes(raw: bytes, charset: str | None) -> str:
    """Bytes as text in `charset`, never raising: an unknown or non-text charset is read as
    UTF-8, and ASCII labels too (mislabelled UTF-8 is the common case); bad bytes replaced."""
    name = (charset or "").strip().strip('"').lower()
    if name in ("", "us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        name = "utf-8"
    try:
        return raw.decode(name, "replace")
    except (LookupError, UnicodeError):
        return raw.decode("utf-8", "replace")


def _words(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded."""
    text = _undo_8bit(value)
    try:
        parts = decode_header(text)
    except (email.errors.HeaderParseError, *_ERRORS):
        return text
    return "".join(
        part if isinstance(part, str) else _decode_bytes(part, charset) for part, charset in parts
    )


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n[ \t]*", " ", value).strip()


def _headers(message: Message) -> dict[str, list[str]]:
    """Header name (lower-cased) to its raw unfolded values, in order."""
    found: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        found.setdefault(str(name).strip().lower(), []).append(_unfold(str(value)))
    return found


def _first(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(_MSG_ID.findall(_undo_8bit(value))) if value else ()


def _one_id(value: str | None) -> str | None:
    """The `<...>` id of a Message-ID or In-Reply-To; a bare id is given its brackets."""
    found = _ids(value)
    if found:
        return found[0]
    bare = (value or "").strip()
    return f"<{bare}>" if bare and not re.search(r"[\s<>]", bare) else None


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; entries without an address dropped."""
    pairs = getaddresses([_undo_8bit(value) for value in values])
    return [(_words(name).strip(), addr.strip().lower()) for name, addr in pairs if addr.strip()]


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(_undo_8bit(value))
    except (*_ERRORS, OverflowError):
        return None
    if parsed.tzinfo is None:  # "-0000": the zone is unknown; UTC is the convention
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _parts(message: Message) -> Iterator[Message]:
    """Every part, containers included, without entering attached messages (message/*):
    a bounce's or forward's quoted original is not the body of this one."""
    stack = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        yield part
        if depth < _MAX_DEPTH and part.get_content_maintype() != "message":
            stack.extend((sub, depth + 1) for sub in reversed(_subparts(part)))


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [sub for sub in payload if isinstance(sub, Message)] if isinstance(payload, list) else []


def _attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).split(";")[0].strip().lower()
    return disposition == "attachment"


def _payload_text(part: Message) -> str:
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    return _decode_bytes(raw, part.get_content_charset()).replace("\r\n", "\n")


def _body(parts: list[Message]) -> str:
    """The text/plain part, else the text/html one as text; attachments are not the body."""
    for wanted in ("text/plain", "text/html"):
        for part in parts:
            if part.get_content_type() == wanted and not _attachment(part):
                text = _payload_text(part)
                return html_to_text(text) if wanted == "text/html" else text
    return ""


def _auto_submitted(headers: dict[str, list[str]]) -> bool:
    auto = (_first(headers, "auto-submitted") or "").split(";")[0].strip().lower()
    if auto and auto != "no":
        return True
    for name in ("x-autoreply", "x-autorespond"):
        value = _first(headers, name)
        if value is not None and value.strip().lower() != "no":
            return True
    return (_first(headers, "precedence") or "").strip().lower() in _AUTO_PRECEDENCE


def _bounce_details(parts: list[Message]) -> tuple[str | None, str | None]:
    """(the original's Message-ID, the Final-Recipient) from a DSN's parts (RFC 3464)."""
    original: str | None = None
    recipient: str | None = None
    for part in parts:
        kind = part.get_content_type()
        inner = _subparts(part)
        if kind == "message/delivery-status" and recipient is None:
            if inner:  # the parser splits it into header blocks
                text = "\n".join(f"{k}: {v}" for block in inner for k, v in block.items())
            else:
                text = _payload_text(part)
            found = _FINAL_RECIPIENT.search(text)
            recipient = found.group(1).strip("<>").lower() if found else None
        elif kind == "message/rfc822" and original is None and inner:
            original = _one_id(_first(_headers(inner[0]), "message-id"))
        elif kind in ("text/rfc822-headers", "message/rfc822-headers") and original is None:
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                quoted = BytesHeaderParser().parsebytes(raw)
                original = _one_id(_first(_headers(quoted), "message-id"))
    return original, recipient


def parse_message(raw: bytes, where: str) -> IncomingMail:
    """One message; `where` ("replies.mbox: message 3") names it in a MailReadError, raised
    only for bytes that are not an email (no headers, or none that every email has)."""
    try:
        return _parse(raw, where)
    except MailReadError:
        raise
    except (email.errors.MessageError, *_ERRORS) as exc:  # the stdlib on hostile input
        raise MailReadError(f"{where}: cannot be read as an email ({exc})") from exc


def _parse(raw: bytes, where: str) -> IncomingMail:
    message = email.message_from_bytes(raw[:MAX_MESSAGE_BYTES])
    headers = _headers(message)
    if not _MAIL_HEADERS & headers.keys():
        raise MailReadError(f"{where}: not an email (no From, To, Subject, Date or Message-ID)")
    senders = _addresses(headers.get("from", []))
    from_name, from_address = senders[0] if senders else ("", None)
    parts = list(_parts(message))
    report = message.get_content_type() == "multipart/report" and (
        str(message.get_param("report-type", "")).lower() == "delivery-status"
    )
    daemon = from_address is not None and from_address.split("@")[0] in _DAEMONS
    bounce = report or daemon
    original, recipient = _bounce_details(parts) if bounce else (None, None)
    return IncomingMail(
        message_id=_one_id(_first(headers, "message-id")),
        in_reply_to=_one_id(_first(headers, "in-reply-to")),
        references=tuple(i for value in headers.get("references", []) for i in _ids(value)),
        from_address=from_address,
        from_name=from_name,
        to_addresses=tuple(addr for _, addr in _addresses(headers.get("to", []))),
        subject=_words(_first(headers, "subject") or "").strip(),
        sent_at=_date(_first(headers, "date")),
        text=_body(parts),
        auto_submitted=_auto_submitted(headers),
        bounce=bounce,
        bounced_message_id=original,
        bounced_recipient=recipient,
        size=len(raw),
    )


def read_mail_files(paths: Sequence[Path]) -> Iterator[IncomingMail]:
    """The messages of `.eml` files (one each) and mbox files (a first line "From "), in
    order. The first unreadable file or message stops the read with a MailReadError naming
    the file (and, in an mbox, the message number); those before it were yielded."""
    for path in paths:
        try:
            with path.open("rb") as handle:
                first_line = handle.readline(5)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise MailReadError(f"{path}: cannot be read ({reason})") from exc
        if first_line.startswith(b"From "):
            yield from _read_mbox(path)
        else:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise MailReadError(f"{path}: cannot be read ({exc.strerror})") from exc
            yield parse_message(raw, str(path))


def _read_mbox(path: Path) -> Iterator[IncomingMail]:
    try:
        box = mailbox.mbox(path, create=False)
    except (OSError, mailbox.Error) as exc:
        raise MailReadError(f"{path}: cannot be read as an mbox ({exc})") from exc
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            yield parse_message(box.get_bytes(key), f"{path}: message {number}")
    except (OSError, mailbox.Error) as exc:
        raise MailReadError(f"{path}: cannot be read as an mbox ({exc})") from exc
    finally:
        box.close()
