"""What every webhook receiver shares: the request as signed, the errors a sender is told
about, the timestamp window, and a delivery's events as records for a column map."""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from leadsift.ingest.column_map import ColumnMap
from leadsift.ingest.json_records import flatten
from leadsift.ingest.readers import _json_cell

TOLERANCE_SECONDS = 5 * 60  # a signed timestamp older or newer than this is refused


class SignatureError(ValueError):
    """The request is not proven to come from the tool (401): nothing is stored."""


class PayloadError(ValueError):
    """A delivery that cannot be taken (400), naming the event and the field."""

    def __init__(self, position: int | None, event_id: str | None, reason: str) -> None:
        where = "" if position is None else f"event {position}"
        if event_id:
            where += f" ({event_id})"
        super().__init__(f"{where}: {reason}" if where else reason)


@dataclass(frozen=True)
class Signed:
    """The request as its sender signed it: the raw body, before anything parses it."""

    method: str
    url: str  # the full URL the tool called, query included
    headers: Mapping[str, str]  # case-insensitive (Starlette's Headers)
    body: bytes
    query: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str, what: str) -> str:
        value = self.headers.get(name)
        if not value or not value.strip():
            raise SignatureError(f"the {name} header ({what}) is missing")
        return value.strip()


@dataclass(frozen=True)
class Event:
    position: int  # its place in the delivery, for messages
    id: str  # the provider's own id, prefixed by provider: what makes a retry count once
    record: dict[str, str | None]  # its fields as the tool's export has them, as text cells


@dataclass(frozen=True)
class Batch:
    """Events that one column map reads (the tool's own map, or leadsift's columns)."""

    column_map: ColumnMap
    events: list[Event]


@dataclass
class Delivery:
    kind: str  # the provider, as recorded with each id
    batches: list[Batch] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # every event's id, in order
    left_out: dict[str, int] = field(default_factory=dict)  # events no table takes


def same(expected: bytes, given: bytes) -> bool:
    return hmac.compare_digest(expected, given)


def fresh(timestamp: str, now: float, *, unit: float = 1.0, name: str = "timestamp") -> None:
    """Refuse a signed timestamp outside the window (a replay, or a clock far off)."""
    try:
        seconds = float(timestamp) / unit
    except ValueError:
        raise SignatureError(f"the {name} {timestamp!r} is not a number") from None
    skew = now - seconds
    if abs(skew) > TOLERANCE_SECONDS:
        when = "old" if skew > 0 else "in the future"
        raise SignatureError(
            f"the {name} is {abs(skew):,.0f} s {when}, outside the {TOLERANCE_SECONDS // 60}"
            " minutes allowed (a replay, or the server's clock is off)"
        )


def json_body(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PayloadError(None, None, f"the body is not JSON: {error}") from None


def cells(record: dict[str, Any]) -> dict[str, str | None]:
    """A JSON event as the file reader makes a record of it: nested keys dotted, values text."""
    return {key: _json_cell(value) for key, value in flatten(record).items()}


def required(
    position: int, event_id: str | None, record: Mapping[str, Any], name: str, what: str
) -> str:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PayloadError(position, event_id, f"{name} ({what}) is missing")
    text = value if isinstance(value, str) else str(value)
    if len(text) > 150:
        raise PayloadError(position, event_id, f"{name} is over 150 characters")
    return text.strip()
