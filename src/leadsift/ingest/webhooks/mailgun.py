"""Mailgun's webhooks (the current, JSON ones).

Each POST is one event: `{"signature": {"timestamp", "token", "signature"}, "event-data":
{...}}`, the signature the hex HMAC-SHA256 of timestamp + token under the domain's HTTP
webhook signing key. Mailgun signs no more than that, so a token is taken once: one seen
before is a replay (`seen_token`). `event-data` is an item of the Events API, read by the
same map as saved Events API responses, mailgun-events; its `id` makes a retry count once.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from leadsift.ingest.column_map import load_map
from leadsift.ingest.webhooks.common import (
    Batch,
    Delivery,
    Event,
    PayloadError,
    SignatureError,
    Signed,
    cells,
    fresh,
    json_body,
    required,
    same,
)

MAP = "mailgun-events"
# account events about lists, not about a person: left out, as the map leaves them out
_NO_RECIPIENT = {"list_member_uploaded", "list_member_upload_error", "list_uploaded"}


def _signature(request: Signed) -> dict[str, Any]:
    try:
        body = json_body(request.body)
    except PayloadError:
        raise SignatureError("the body is not JSON, so it carries no Mailgun signature") from None
    block = body.get("signature") if isinstance(body, dict) else None
    if not isinstance(block, dict) or not all(
        isinstance(block.get(k), str | int) for k in ("timestamp", "token", "signature")
    ):
        raise SignatureError("the body has no signature {timestamp, token, signature}")
    return block


def token(request: Signed) -> str:
    return f"mailgun-token:{_signature(request)['token']}"


def verify(secret: str, request: Signed, now: float) -> None:
    block = _signature(request)
    timestamp, token_ = str(block["timestamp"]), str(block["token"])
    expected = hmac.new(secret.encode(), (timestamp + token_).encode(), hashlib.sha256)
    if not same(expected.hexdigest().encode(), str(block["signature"]).lower().encode()):
        raise SignatureError("the Mailgun signature does not match timestamp and token")
    fresh(timestamp, now, name="signature timestamp")


def parse(request: Signed) -> Delivery:
    body = json_body(request.body)
    event = body.get("event-data") if isinstance(body, dict) else None
    if not isinstance(event, dict):
        raise PayloadError(0, None, "event-data (the event) is missing")
    event_id = f"mailgun:{required(0, None, event, 'id', 'the event id')}"
    delivery = Delivery("mailgun", ids=[event_id])
    if event.get("event") in _NO_RECIPIENT:
        delivery.left_out[str(event["event"])] = 1
        return delivery
    required(0, event_id, event, "recipient", "the recipient's email")
    delivery.batches.append(Batch(load_map(MAP), [Event(0, event_id, cells(event))]))
    return delivery
