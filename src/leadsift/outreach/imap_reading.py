"""Reading new messages from a mailbox over IMAP, without changing anything in it.

leadsift reads the user's own mailbox, so it must leave no trace: the folder is opened with
EXAMINE (read-only) and bodies are fetched with BODY.PEEK[], which does not set \\Seen. It
never stores, moves, flags or expunges.

Where to resume is the caller's: it keeps the last UID read and the folder's UIDVALIDITY.
UIDs only grow within one UIDVALIDITY; when the server changes it (the folder was rebuilt)
the old UIDs mean nothing, so the read starts again from the beginning and says so (`reset`):
the caller's matching of replies to sent messages already ignores one it has seen.

Every failure (no connection, a timeout, a refused login, no such folder, an unset
credential variable) is one MailReadError naming the mailbox and the server. A failure
loses nothing: the caller keeps its last UID and the next run asks again from there."""

from __future__ import annotations

import base64
import contextlib
import imaplib
import logging
import os
import re
import ssl
from dataclasses import dataclass

from leadsift.config.mailboxes import ImapSettings
from leadsift.outreach.incoming_mail import MailReadError

_log = logging.getLogger(__name__)
FETCH_BATCH = 50  # messages per UID FETCH: a few MB per round trip, not one huge response
_UID = re.compile(rb"\bUID\s+(\d+)", re.IGNORECASE)
_NOTHING_LOST = "nothing was lost: the next run starts again from the same message"


@dataclass(frozen=True)
class ImapBatch:
    uidvalidity: int
    messages: list[tuple[int, bytes]]  # (uid, the raw message), by uid
    last_uid: int  # the highest uid read (or the one to resume after, when none was new)
    reset: bool = False  # UIDVALIDITY changed: read again from uid 0
    more: bool = False  # more than `limit` were new: the rest come with the next call


def _credentials(name: str, settings: ImapSettings, server: str) -> tuple[str, str]:
    variables = (settings.username_env, settings.password_env)
    if variables == (None, None):
        raise MailReadError(
            f"mailbox {name!r} ({server}): the [imap] table names no username_env and "
            "password_env (nor does the mailbox), and IMAP needs a login; nothing was read"
        )
    values = []
    for variable in variables:
        value = os.environ.get(variable or "")
        if not variable or not value:
            raise MailReadError(
                f"mailbox {name!r} ({server}): the environment variable "
                f"{variable or '(unnamed)'} holding its IMAP credential is not set; "
                f"{_NOTHING_LOST}"
            )
        values.append(value)
    return values[0], values[1]


def _utf7(folder: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501 5.1.3), quoted for a command."""
    out: list[str] = []
    pending = ""

    def flush() -> None:
        nonlocal pending
        if pending:
            encoded = base64.b64encode(pending.encode("utf-16-be")).decode("ascii")
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending = ""

    for char in folder:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending += char
    flush()
    text = "".join(out).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _connect(settings: ImapSettings, context: ssl.SSLContext | None) -> imaplib.IMAP4:
    timeout = settings.timeout_seconds
    if settings.security == "tls":
        tls = context or ssl.create_default_context()
        return imaplib.IMAP4_SSL(settings.host, settings.port, ssl_context=tls, timeout=timeout)
    client = imaplib.IMAP4(settings.host, settings.port, timeout=timeout)
    if settings.security == "starttls":
        try:
            client.starttls(ssl_context=context or ssl.create_default_context())
        except BaseException:
            client.shutdown()
            raise
    return client


def _uidvalidity(client: imaplib.IMAP4, mailbox: str) -> int:
    _, data = client.response("UIDVALIDITY")
    if not data or data[0] is None:  # not in the SELECT answer: ask for it
        typ, status = client.status(mailbox, "(UIDVALIDITY)")
        found = re.search(rb"UIDVALIDITY\s+(\d+)", status[0] or b"") if typ == "OK" else None
        if found is None:
            raise imaplib.IMAP4.error("the server gives no UIDVALIDITY for the folder")
        return int(found.group(1))
    return int(data[0])


def _fetch(client: imaplib.IMAP4, uids: list[int]) -> dict[int, bytes]:
    """uid to raw message for `uids`; one expunged meanwhile is simply not there."""
    found: dict[int, bytes] = {}
    for start in range(0, len(uids), FETCH_BATCH):
        chunk = ",".join(str(uid) for uid in uids[start : start + FETCH_BATCH])
        typ, data = client.uid("FETCH", chunk, "(UID BODY.PEEK[])")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH refused: {data!r}")
        for position, item in enumerate(data):
            if not isinstance(item, tuple):
                continue
            uid = _UID.search(item[0])
            if uid is None and position + 1 < len(data):  # "UID n" after the literal
                after = data[position + 1]
                uid = _UID.search(after) if isinstance(after, bytes) else None
            if uid is not None:
                found[int(uid.group(1))] = item[1]
    return found


def fetch_new(
    name: str,
    settings: ImapSettings,
    after_uid: int,
    uidvalidity: int | None,
    limit: int = 500,
    *,
    context: ssl.SSLContext | None = None,
) -> ImapBatch:
    """The messages of the folder with a UID above `after_uid` (at most `limit`, lowest
    first), read without marking them. `settings` carries the credential variables already
    resolved (MailboxSettings.imap_settings()); `uidvalidity` is the one `after_uid` belongs
    to (None: first read)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    server = f"{settings.host}:{settings.port}"
    user, password = _credentials(name, settings, server)

    def failure(what: str, error: BaseException) -> MailReadError:
        reason = str(error) or type(error).__name__
        if password:
            reason = reason.replace(password, "***")
        return MailReadError(f"mailbox {name!r} ({server}): {what}: {reason}; {_NOTHING_LOST}")

    try:
        client = _connect(settings, context)
    except (OSError, imaplib.IMAP4.error) as error:
        raise failure("cannot connect to the IMAP server", error) from None
    try:
        try:
            client.login(user, password)
        except (imaplib.IMAP4.error, UnicodeError) as error:
            raise failure(f"the IMAP server refused the login of {user!r}", error) from None
        folder = _utf7(settings.folder)
        typ, data = client.select(folder, readonly=True)
        if typ != "OK":
            detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("ascii", "replace")
            raise MailReadError(
                f"mailbox {name!r} ({server}): no folder {settings.folder!r} to read "
                f"({detail}); {_NOTHING_LOST}"
            )
        validity = _uidvalidity(client, folder)
        reset = uidvalidity is not None and validity != uidvalidity
        start = 0 if reset else max(after_uid, 0)
        typ, data = client.uid("SEARCH", f"UID {start + 1}:*")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"SEARCH refused: {data!r}")
        # "n:*" always includes the last message, even when its uid is not above n
        found = sorted({int(u) for u in (data[0] or b"").split() if int(u) > start})
        wanted = found[:limit]
        raw = _fetch(client, wanted)
    except MailReadError:
        raise
    except (OSError, imaplib.IMAP4.error) as error:
        raise failure("reading from the IMAP server failed", error) from None
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error):
            with contextlib.suppress(OSError):
                client.shutdown()
    if reset:
        _log.warning("mailbox %r (%s): UIDVALIDITY changed, reading again from uid 0", name, server)
    return ImapBatch(
        uidvalidity=validity,
        messages=[(uid, raw[uid]) for uid in wanted if uid in raw],
        last_uid=wanted[-1] if wanted else start,
        reset=reset,
        more=len(found) > limit,
    )
