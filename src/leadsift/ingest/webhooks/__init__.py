"""Webhook receivers: each tool's signature scheme and payload, one module per tool.

`verify` proves a request comes from the tool (over the raw body, before anything parses
it); `take` stores what it brings in the caller's transaction, every event once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import sqlalchemy as sa

from leadsift.ingest.calls import take_calls
from leadsift.ingest.segment import EventError
from leadsift.ingest.webhooks import hubspot, mailchimp, mailgun, sendgrid, standard
from leadsift.ingest.webhooks.common import (
    Delivery,
    PayloadError,
    SignatureError,
    Signed,
)
from leadsift.ingest.webhooks.take import (
    SUPPRESSED,
    Suppressed,
    Taken,
    remember,
    seen,
    take_delivery,
)

__all__ = ["PROVIDERS", "PayloadError", "SignatureError", "Signed", "Taken", "take", "verify"]


class Provider(NamedTuple):
    verify: Callable[[str, Signed, float], None]
    parse: Callable[[Signed], Delivery] | None  # None: tracking calls (Standard Webhooks)


PROVIDERS: dict[str, Provider] = {
    "sendgrid": Provider(sendgrid.verify, sendgrid.parse),
    "mailgun": Provider(mailgun.verify, mailgun.parse),
    "hubspot": Provider(hubspot.verify, hubspot.parse),
    "mailchimp": Provider(mailchimp.verify, mailchimp.parse),
    "standard": Provider(standard.verify, None),
}


def verify(provider: str, secret: str, request: Signed, now: float) -> None:
    """Raises SignatureError unless the request is the tool's, signed within 5 minutes."""
    PROVIDERS[provider].verify(secret, request, now)


def take(
    connection: sa.Connection,
    provider: str,
    request: Signed,
    events_table: dict[str, str],
    campaign: str | None = None,
    import_id: int | None = None,
    suppressed: Suppressed | None = None,
) -> Taken:
    """Store a verified request's events; PayloadError for a bad one, SignatureError for a
    Mailgun token seen before. The caller's rollback then leaves nothing behind. Events of
    erased people (the rows `suppressed` marks) are counted, never stored."""
    if provider == "mailgun":
        token = mailgun.token(request)
        if seen(connection, [token]):
            raise SignatureError("this Mailgun token was used before: a replayed request")
        remember(connection, [token], "mailgun-token")
    parse = PROVIDERS[provider].parse
    if parse is None:
        return _calls(connection, request, events_table, import_id, suppressed)
    return take_delivery(connection, parse(request), campaign, import_id, suppressed)


def _calls(
    connection: sa.Connection,
    request: Signed,
    events_table: dict[str, str],
    import_id: int | None,
    suppressed: Suppressed | None,
) -> Taken:
    webhook_id = standard.webhook_id(request)
    calls: list[Any] = standard.calls(request)
    if seen(connection, [webhook_id]):
        return Taken(received=len(calls), repeated=len(calls))
    try:
        result = take_calls(connection, calls, events_table, import_id, suppressed)
    except EventError as error:
        raise PayloadError(error.index, error.message_id, error.reason) from None
    remember(connection, [webhook_id], "standard")
    taken = Taken(received=result.received, repeated=result.repeated)
    taken.stored.update(result.stored)
    taken.left_out.update(result.left_out)
    if result.suppressed:
        taken.left_out[SUPPRESSED] += result.suppressed
    return taken
