"""HubSpot's webhooks, signed with version 3 of its request signature.

X-HubSpot-Signature-v3 is base64(HMAC-SHA256(app client secret, method + URI + body +
timestamp)), X-HubSpot-Request-Timestamp the time in epoch milliseconds; the URI is the full
URL HubSpot called, with the escapes HubSpot's docs list decoded. The body is a JSON array of
events. Email events (id, created, type, recipient, emailCampaignId...) go through the map
that reads the Email Events API, hubspot-email-events; CRM subscription events (eventId,
subscriptionType, objectId) name no email and no engagement: their ids are kept, so a retry
counts once, and they are left out, counted by their subscriptionType.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

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

SIGNATURE = "X-HubSpot-Signature-v3"
TIMESTAMP = "X-HubSpot-Request-Timestamp"
MAP = "hubspot-email-events"
# the escapes HubSpot decodes in the URI before it signs (its request-validation docs)
_DECODED = {
    "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'",
    "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
}  # fmt: skip


def signed_uri(url: str) -> str:
    for escaped, character in _DECODED.items():
        url = url.replace(escaped, character).replace(escaped.lower(), character)
    return url


def signature(secret: str, method: str, url: str, body: bytes, timestamp: str) -> str:
    source = method.upper().encode() + signed_uri(url).encode() + body + timestamp.encode()
    digest = hmac.new(secret.encode(), source, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify(secret: str, request: Signed, now: float) -> None:
    given = request.header(SIGNATURE, "HubSpot's v3 signature")
    timestamp = request.header(TIMESTAMP, "the time HubSpot signed at, in ms")
    expected = signature(secret, request.method, request.url, request.body, timestamp)
    if not same(expected.encode(), given.encode()):
        raise SignatureError(
            "the HubSpot v3 signature does not match (method, URL, body and timestamp); behind"
            " a proxy, set public_url to the URL HubSpot calls"
        )
    fresh(timestamp, now, unit=1000.0, name=TIMESTAMP)


def parse(request: Signed) -> Delivery:
    body = json_body(request.body)
    if isinstance(body, dict):
        body = body.get("events", [body])
    if not isinstance(body, list):
        raise PayloadError(None, None, "HubSpot posts a JSON array of events")
    delivery = Delivery("hubspot")
    events = []
    for position, event in enumerate(body):
        if not isinstance(event, dict):
            raise PayloadError(position, None, "an event must be a JSON object")
        name = "eventId" if "eventId" in event else "id"
        event_id = f"hubspot:{required(position, None, event, name, 'the event id')}"
        delivery.ids.append(event_id)
        if "subscriptionType" in event and "recipient" not in event:
            kind = str(event["subscriptionType"])
            delivery.left_out[kind] = delivery.left_out.get(kind, 0) + 1
            continue
        required(position, event_id, event, "recipient", "the recipient's email")
        record = cells(event)
        record["id"] = event_id.removeprefix("hubspot:")
        events.append(Event(position, event_id, record))
    if events:
        delivery.batches.append(Batch(load_map(MAP), events))
    return delivery
