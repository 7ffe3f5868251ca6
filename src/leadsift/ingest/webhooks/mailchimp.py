"""Mailchimp's audience webhooks.

Mailchimp signs nothing: the URL carries a secret (`?key=...`), compared in constant time, and
Mailchimp checks the URL with a GET before it posts. Each POST is one event, form-encoded:
`type=subscribe&fired_at=2009-03-26+21:35:57&data[email]=...&data[merges][FNAME]=...`, with
types subscribe, unsubscribe, profile, upemail (email changed), cleaned and campaign.
A person's event becomes a row of an audience export (Email Address, First Name, LEID,
OPTIN_TIME, UNSUB_TIME, CLEAN_TIME...) read by the same map as the export,
mailchimp-audience; an unsubscribe, or an address cleaned for a hard bounce or a complaint,
is also an email touch, as the campaign activity export gives opens and clicks. A campaign
event names no person: left out, counted. Mailchimp events have no id of their own: the
digest of the body stands for one, so a retry (the same body) counts once.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from leadsift.ingest.column_map import ColumnMap, Yield, load_map
from leadsift.ingest.webhooks.common import (
    Batch,
    Delivery,
    Event,
    PayloadError,
    SignatureError,
    Signed,
    required,
    same,
)

MAP = "mailchimp-audience"
TYPES = ("subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign")
_TOUCHES = ColumnMap(name="", yields=(Yield("touches"),), source="email")
_MERGES = {"FNAME": "First Name", "LNAME": "Last Name", "PHONE": "Phone Number",
           "COMPANY": "Company"}  # fmt: skip


def verify(secret: str, request: Signed, now: float) -> None:
    given = request.query.get("key", "")
    if not given:
        raise SignatureError("the URL has no ?key=: give Mailchimp the URL with its key")
    if not same(secret.encode(), given.encode()):
        raise SignatureError("the key in the URL is not this webhook's")


def form(body: bytes) -> dict[str, str]:
    """`data[merges][FNAME]=Ana` as {"data.merges.FNAME": "Ana"}."""
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True)
    except (UnicodeDecodeError, ValueError) as error:
        reason = f"the body is not a form (x-www-form-urlencoded): {error}"
        raise PayloadError(None, None, reason) from None
    return {key.replace("][", ".").replace("[", ".").rstrip("]"): value for key, value in pairs}


def _time(fields: dict[str, str], event_id: str) -> str:
    fired = required(0, event_id, fields, "fired_at", "when it happened")
    try:
        return datetime.strptime(fired, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC).isoformat()
    except ValueError:
        raise PayloadError(0, event_id, f"fired_at {fired!r} is not YYYY-MM-DD HH:MM:SS") from None


def parse(request: Signed) -> Delivery:
    fields = form(request.body)
    event_id = f"mailchimp:{hashlib.sha256(request.body).hexdigest()[:40]}"
    kind = fields.get("type", "")
    if kind not in TYPES:
        raise PayloadError(0, event_id, f"type {kind!r} is not one of {', '.join(TYPES)}")
    delivery = Delivery("mailchimp", ids=[event_id])
    if kind == "campaign":
        delivery.left_out["campaign (names no person)"] = 1
        return delivery
    when = _time(fields, event_id)
    fired = fields["fired_at"]
    email_field = "data.new_email" if kind == "upemail" else "data.email"
    email = required(0, event_id, fields, email_field, "the member's email")
    member = {"Email Address": email, "LIST_ID": fields.get("data.list_id"), "EVENT": kind}
    for tag, column in _MERGES.items():
        member[column] = fields.get(f"data.merges.{tag}") or None
    if fields.get("data.web_id"):
        member["LEID"] = fields["data.web_id"]
    reason = fields.get("data.reason") or None
    campaign = fields.get("data.campaign_id") or None
    touch_kind = None
    if kind == "subscribe":
        member |= {"OPTIN_TIME": fired, "CONFIRM_TIME": fired,
                   "OPTIN_IP": fields.get("data.ip_signup"),
                   "CONFIRM_IP": fields.get("data.ip_opt")}  # fmt: skip
    elif kind == "profile":
        member["LAST_CHANGED"] = fired
    elif kind == "upemail":
        member |= {"LAST_CHANGED": fired, "OLD_EMAIL": fields.get("data.old_email")}
    elif kind == "unsubscribe":
        member |= {"UNSUB_TIME": fired, "UNSUB_CAMPAIGN_ID": campaign, "UNSUB_REASON": reason}
        if fields.get("data.action", "unsub") == "unsub":  # "delete": an admin removed them
            touch_kind = "spam_report" if reason == "abuse" else "unsubscribe"
    else:  # cleaned: a hard bounce, or a complaint (abuse)
        member |= {"CLEAN_TIME": fired, "CLEAN_CAMPAIGN_ID": campaign, "CLEAN_REASON": reason}
        touch_kind = {"hard": "bounce", "abuse": "spam_report"}.get(reason or "")
    delivery.batches.append(Batch(load_map(MAP), [Event(0, event_id, member)]))
    if touch_kind is not None:
        touch = {"touch_id": event_id, "channel": "email", "kind": touch_kind,
                 "occurred_at": when, "email": email, "campaign": campaign}  # fmt: skip
        delivery.batches.append(Batch(_TOUCHES, [Event(0, event_id, touch)]))
    return delivery
