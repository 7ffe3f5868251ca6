"""Segment's tracking calls (identify, track, page, group, alias) as leadsift rows.

Follows Segment's HTTP Tracking API spec, so that Segment's and RudderStack's libraries can
send to leadsift by changing only their host: every call has a `type`, a `messageId` (the
key that makes a call sent twice count once), a `userId` or an `anonymousId`, and its time
as `timestamp`, else `originalTimestamp` corrected for the sender's clock skew
(receivedAt - (sentAt - originalTimestamp)), else the time it was received.

- identify: an observation of the person (source type `api`, the userId as its source id),
  traits as contact fields, the other traits kept as attributes; with an anonymousId, also a
  visitor link (anonymousId, userId, email), so the visitor's earlier calls join the person;
- track: a touch, its channel and kind from the event name (`[service] events`, whose
  defaults cover Segment's email, form and video event specs); an event name not in the
  table is left out and counted;
- page: a web `visit` touch;
- group: an account from the group's traits;
- alias: a visitor link from the previousId (an earlier anonymousId or userId) to the userId.

Identity linking (identity/link.py) reads visitor links, and an identify contact's userId, as
ids of one person: `user:<userId>` (the visitor id of a call with only a userId), the
anonymous ids and the email.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from leadsift.config.service import DEFAULT_EVENTS

MAX_EVENT_BYTES = 32 * 1024
MAX_BATCH_BYTES = 500 * 1024
MAX_BATCH_EVENTS = 2500
__all__ = ["DEFAULT_EVENTS", "EventError", "Translated", "translate"]
TYPES = ("identify", "track", "page", "group", "alias")
MAX_ID_CHARS = 255  # a visitor id, as the touches and visitor_links tables keep it

_CONTACT_TRAITS = {
    "email": "email", "firstName": "first_name", "first_name": "first_name",
    "lastName": "last_name", "last_name": "last_name", "title": "title", "phone": "phone",
    "company": "company", "website": "domain", "country": "country", "city": "city",
}  # fmt: skip
_ACCOUNT_TRAITS = {
    "name": "name", "website": "domain", "domain": "domain", "industry": "industry",
    "employees": "employees", "country": "country",
}  # fmt: skip


class EventError(ValueError):
    """One call that cannot be taken, with the reason a sender can act on."""

    def __init__(self, index: int, message_id: str | None, reason: str) -> None:
        where = f"event {index}" + (f" ({message_id})" if message_id else "")
        super().__init__(f"{where}: {reason}")
        self.index, self.message_id, self.reason = index, message_id, reason


@dataclass
class Translated:
    """What a set of calls becomes: rows per table, with each row's event index."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    indexes: dict[str, list[int]] = field(default_factory=dict)
    message_ids: list[str] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)

    def add(self, table: str, index: int, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)
        self.indexes.setdefault(table, []).append(index)

    def frame(self, table: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows.get(table, []))


def _when(event: dict[str, Any], index: int, received: datetime) -> str:
    def parsed(name: str) -> datetime | None:
        value = event.get(name)
        if value is None:
            return None
        try:
            stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            reason = f"{name} {value!r} is not an ISO 8601 time"
            raise EventError(index, event.get("messageId"), reason) from None
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)

    # the server stamps receivedAt when it takes a call in (see ingest/calls.py), so a call
    # that waited in the inbox is still placed by when it arrived
    received = parsed("receivedAt") or received
    stamp = parsed("timestamp")
    original, sent = parsed("originalTimestamp"), parsed("sentAt")
    if stamp is None and original is not None:
        try:
            stamp = received - (sent - original) if sent is not None else original
        except OverflowError:
            stamp = datetime.max.replace(tzinfo=UTC)
    try:
        when = (stamp or received).astimezone(UTC)
    except OverflowError:
        when = None
    if when is None or not _EARLIEST <= when <= _LATEST:
        # outside what the store's timestamps hold (and surely a sender's clock gone wrong)
        shown = f" {when.isoformat()}" if when is not None else ""
        reason = f"the time{shown} is not between 1900 and 2200"
        raise EventError(index, event.get("messageId"), reason)
    return when.isoformat()


_EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def translate(
    events: list[Any],
    events_table: dict[str, str],
    received: datetime | None = None,
    errors: list[EventError] | None = None,
) -> Translated:
    """Calls as rows. A call that cannot be taken raises EventError, or, when `errors` is
    given, is set aside there and the others are translated (a batch, as Segment does)."""
    received = received or datetime.now(UTC)
    out = Translated()
    for index, event in enumerate(events):
        try:
            _translate_one(out, index, event, events_table, received)
        except EventError as error:
            if errors is None:
                raise
            errors.append(error)
    return out


def _translate_one(
    out: Translated,
    index: int,
    event: Any,
    events_table: dict[str, str],
    received: datetime,
) -> None:
    """One call into `out`; raises EventError when it cannot be taken."""
    if not isinstance(event, dict):
        raise EventError(index, None, "a call must be a JSON object")
    message_id = event.get("messageId")
    if not isinstance(message_id, str) or not message_id.strip():
        raise EventError(index, None, "messageId is missing")
    size = len(json.dumps(event, ensure_ascii=False).encode())
    if size > MAX_EVENT_BYTES:
        raise EventError(index, message_id, f"{size:,} bytes, over the 32 KB a call may be")
    kind = event.get("type")
    if kind not in TYPES:
        raise EventError(index, message_id, f"unknown type {kind!r}: use {', '.join(TYPES)}")
    if kind == "alias":
        for name in ("previousId", "userId"):
            if _text(event.get(name)) is None:
                raise EventError(index, message_id, f"{name} is required")
    if kind in ("identify", "alias"):  # the ids a visitor link keeps
        for name in ("anonymousId", "previousId", "userId"):
            value = _text(event.get(name))
            if value is not None and len(value) > MAX_ID_CHARS:
                reason = f"{name} is over {MAX_ID_CHARS} characters"
                raise EventError(index, message_id, reason)
    user, anonymous = _text(event.get("userId")), _text(event.get("anonymousId"))
    if user is None and anonymous is None:
        raise EventError(index, message_id, "userId or anonymousId is required")
    when = _when(event, index, received)
    out.message_ids.append(message_id)
    _add(out, index, event, str(kind), user, anonymous, when, events_table)


def _visitor_link(kind: str, when: str, ids: dict[str, str | None]) -> dict[str, Any]:
    """A visitor_links row; `ids` maps the call's field names to the ids they hold."""
    return {
        "kind": kind, "anonymous_id": ids.get("previousId" if kind == "alias" else "anonymousId"),
        "user_id": ids.get("userId"), "email": ids.get("email"), "source": "segment",
        "observed_at": when,
    }  # fmt: skip


def _add(
    out: Translated,
    index: int,
    event: dict[str, Any],
    kind: str,
    user: str | None,
    anonymous: str | None,
    when: str,
    events_table: dict[str, str],
) -> None:
    context = _object(event.get("context"))
    traits = _object(event.get("traits"))
    properties = _object(event.get("properties"))
    context_traits = _object(context.get("traits"))
    if kind == "identify":
        row: dict[str, Any] = {"source": "segment", "source_id": user, "observed_at": when}
        extra = {}
        for name, value in traits.items():
            column = _CONTACT_TRAITS.get(name)
            if column is not None:
                row[column] = _text(value)
            else:
                extra[name] = _text(value)
        out.add("contacts", index, {**extra, **row})
        if anonymous is not None and (user is not None or row.get("email") is not None):
            link = {"anonymousId": anonymous, "userId": user, "email": row.get("email")}
            out.add("visitor_links", index, _visitor_link("identify", when, link))
        return
    if kind == "alias":
        link = {"previousId": _text(event.get("previousId")), "userId": user}
        out.add("visitor_links", index, _visitor_link("alias", when, link))
        return
    if kind == "group":
        account = {_ACCOUNT_TRAITS[k]: _text(v) for k, v in traits.items() if k in _ACCOUNT_TRAITS}
        if not account.get("name") and not account.get("domain"):
            out.left_out["group without a name or website"] += 1
            return
        out.add("accounts", index, account)
        return
    if kind == "page":
        channel_kind = "web/visit"
    else:
        name = str(event.get("event") or "")
        mapped = events_table.get(name)
        if mapped is None:
            out.left_out[f"track event {name!r} not in [service] events"] += 1
            return
        channel_kind = mapped
    channel, _, touch_kind = channel_kind.partition("/")
    email = context_traits.get("email") or traits.get("email") or properties.get("email")
    page = _object(context.get("page"))
    out.add(
        "touches",
        index,
        {
            "touch_id": f"segment:{event['messageId']}",
            "campaign": _text(properties.get("campaign") or properties.get("campaign_name")),
            "channel": channel,
            "kind": touch_kind,
            "occurred_at": when,
            "email": _text(email),
            # a call with only a userId stays traceable to it as a visitor id
            "anonymous_id": anonymous or f"user:{user}",
            "ip": _text(context.get("ip")),
            "user_agent": _text(context.get("userAgent")),
            "url": _text(properties.get("url") or page.get("url")),
        },
    )
