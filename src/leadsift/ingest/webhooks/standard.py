"""Standard Webhooks (standardwebhooks.com): any sender that signs the way the spec says.

Headers webhook-id, webhook-timestamp (epoch seconds) and webhook-signature, a space-separated
list of `v1,<base64 HMAC-SHA256>` over `id.timestamp.body`; the secret is `whsec_` and the
base64 of the key. leadsift takes Segment-style tracking calls this way: the body is one call
(`{"type": "track", ...}`), a list of them, or `{"batch": [...]}`, given to the same code as
/v1/batch; a call without a messageId gets one from the webhook-id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any

from leadsift.ingest.webhooks.common import (
    PayloadError,
    SignatureError,
    Signed,
    fresh,
    json_body,
    same,
)

ID, TIMESTAMP, SIGNATURE = "webhook-id", "webhook-timestamp", "webhook-signature"
PREFIX = "whsec_"


def key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.strip().removeprefix(PREFIX), validate=True)
    except binascii.Error:
        raise SignatureError("the configured secret is not whsec_ and base64") from None


def sign(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(secret: str, request: Signed, now: float) -> None:
    message_id = request.header(ID, "the message id")
    timestamp = request.header(TIMESTAMP, "the time it was signed at")
    given = request.header(SIGNATURE, "v1,<signature>")
    expected = sign(secret, message_id, timestamp, request.body).encode()
    if not any(same(expected, s.encode()) for s in given.split() if s.startswith("v1,")):
        raise SignatureError(f"no v1 signature in {SIGNATURE} matches id, timestamp and body")
    fresh(timestamp, now, name=TIMESTAMP)


def webhook_id(request: Signed) -> str:
    return f"standard:{request.header(ID, 'the message id')}"


def calls(request: Signed) -> list[Any]:
    """The tracking calls the body holds, each with a messageId."""
    body = json_body(request.body)
    if isinstance(body, dict) and isinstance(body.get("batch"), list):
        body = body["batch"]
    many = isinstance(body, list)
    listed = body if many else [body]
    message_id = request.header(ID, "the message id")
    out = []
    for position, call in enumerate(listed):
        if not isinstance(call, dict):
            raise PayloadError(position, None, "a call must be a JSON object")
        if not call.get("messageId"):
            call = {**call, "messageId": f"{message_id}:{position}" if many else message_id}
        out.append(call)
    return out
