"""Twilio SendGrid's signed Event Webhook.

SendGrid signs `timestamp + raw body` with ECDSA (P-256, SHA-256): the signature, base64 of
its DER encoding, in X-Twilio-Email-Event-Webhook-Signature, the timestamp (epoch seconds) in
X-Twilio-Email-Event-Webhook-Timestamp. The verification key is the public key SendGrid
shows under Mail Settings > Signed Event Webhook Requests: base64 of its DER encoding (a PEM
block is taken too). The body is a JSON array of events, each with its sg_event_id; they go
through the map that reads saved webhook bodies, sendgrid-event-webhook.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key

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
)

SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"
MAP = "sendgrid-event-webhook"


def public_key(text: str) -> ec.EllipticCurvePublicKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_public_key(text.encode())
        else:
            key = load_der_public_key(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error):
        raise SignatureError(
            "the configured SendGrid verification key is not a public key"
        ) from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SignatureError("the configured SendGrid verification key is not an ECDSA key")
    return key


def verify(secret: str, request: Signed, now: float) -> None:
    signature = request.header(SIGNATURE, "SendGrid's signature")
    timestamp = request.header(TIMESTAMP, "the time SendGrid signed at")
    try:
        decoded = base64.b64decode(signature, validate=True)
    except binascii.Error:
        raise SignatureError(f"the {SIGNATURE} header is not base64") from None
    try:
        public_key(secret).verify(
            decoded, timestamp.encode() + request.body, ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        raise SignatureError("the SendGrid signature does not match the body") from None
    fresh(timestamp, now, name=TIMESTAMP)


def parse(request: Signed) -> Delivery:
    body = json_body(request.body)
    if isinstance(body, dict):
        body = [body]
    if not isinstance(body, list):
        raise PayloadError(None, None, "SendGrid posts a JSON array of events")
    delivery = Delivery("sendgrid")
    events = []
    for position, event in enumerate(body):
        if not isinstance(event, dict):
            raise PayloadError(position, None, "an event must be a JSON object")
        event_id = f"sendgrid:{required(position, None, event, 'sg_event_id', 'the event id')}"
        required(position, event_id, event, "email", "the recipient")
        events.append(Event(position, event_id, cells(event)))
        delivery.ids.append(event_id)
    delivery.batches.append(Batch(load_map(MAP), events))
    return delivery
