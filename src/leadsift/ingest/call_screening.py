"""Check tracking calls at the door, before the server acknowledges them.

The server answers a tracking request before the calls reach the workspace (they wait in
its inbox, store/inbox.py, while another writer holds the workspace), so every check that
could refuse a call later is made here first: the call's shape and time (translate), and
the rows it becomes, validated as the importer will validate them (a check-only pass down
the same path, writing nothing). Calls whose messageId the workspace took before are
counted as repeats. A batch is taken as Segment takes one: the good calls are accepted and
each bad one is named with its reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa

from leadsift.ingest.calls import taken_before
from leadsift.ingest.importer import ImportOptions, write_records
from leadsift.ingest.segment import EventError, Translated, translate

_CHECK = ImportOptions(check_only=True)
# Tables whose translated rows can still be refused by the importer's checks (a group's
# `employees` that is not a number, say). A touch built by translate holds only values
# translate has checked itself (channel and kind from the validated [service] events, an ISO
# time) and free text, so checking it again would cost a tracking call 10 ms of pandas for
# nothing; tests/ingest/test_call_screening.py holds that to be true for any call.
CHECKED_TABLES = ("accounts", "contacts")


@dataclass
class Screened:
    received: int
    accepted: list[dict[str, Any]] = field(default_factory=list)  # stamped with receivedAt
    message_ids: list[str] = field(default_factory=list)
    repeated: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # what the accepted calls become
    left_out: Counter[str] = field(default_factory=Counter)
    refused: list[EventError] = field(default_factory=list)

    def message(self) -> str:
        """The refusals in a sentence a sender can act on."""
        shown = "; ".join(str(e) for e in self.refused[:5])
        more = len(self.refused) - 5
        tail = f"; and {more:,} more" if more > 0 else ""
        taken = len(self.accepted)
        kept = f" ({taken:,} other call{'s' if taken != 1 else ''} taken)" if taken else ""
        return f"{shown}{tail}{kept}"


def _row_problems(
    connection: sa.Connection, translated: Translated, calls: list[Any]
) -> dict[int, EventError]:
    bad: dict[int, EventError] = {}
    for table in CHECKED_TABLES:
        frame = translated.frame(table)
        if frame.empty:
            continue
        lines = np.asarray(translated.indexes[table], dtype=np.int64)
        _, shown, total = write_records(
            connection, table, frame, lines, source_type="api", name="tracking call",
            options=_CHECK,
        )  # fmt: skip
        for problem in shown:
            index = int(problem.line)
            reason = f"{problem.column}: {problem.reason}" if problem.column else problem.reason
            bad.setdefault(index, EventError(index, calls[index].get("messageId"), reason))
        if total and not shown:  # cannot happen: the log always shows the first problems
            raise AssertionError("problems counted but none shown")
    return bad


def screen_calls(
    connection: sa.Connection,
    calls: list[Any],
    events_table: dict[str, str],
    received: datetime | None = None,
) -> Screened:
    """Sort the calls of one request into accepted, repeated and refused (read-only)."""
    received = received or datetime.now(UTC)
    out = Screened(received=len(calls))
    errors: list[EventError] = []
    translated = translate(calls, events_table, received, errors)
    bad = {e.index: e for e in errors}
    bad.update(_row_problems(connection, translated, calls))
    ids = [c.get("messageId") for c in calls if isinstance(c, dict)]
    before = taken_before(connection, [i for i in ids if isinstance(i, str)])
    seen: set[str] = set()
    good: list[dict[str, Any]] = []
    for index, call in enumerate(calls):
        if index in bad:
            continue
        message_id = str(call["messageId"])
        if message_id in before or message_id in seen:
            out.repeated += 1
            continue
        seen.add(message_id)
        good.append({**call, "receivedAt": received.isoformat()})
        out.message_ids.append(message_id)
    out.accepted = good
    out.refused = [bad[i] for i in sorted(bad)]
    kept = translate(good, events_table, received)
    out.rows = {table: len(rows) for table, rows in kept.rows.items()}
    out.left_out = kept.left_out
    return out
