"""Take a webhook delivery into the workspace: every event once, all of them or none.

In the caller's transaction: the events whose ids were taken before are dropped; the rest go
through their tool's column map (the map that reads the tool's exported files) and down the
importer's path (`importer.write_records`); their ids are recorded in `api_messages`. A bad
event raises PayloadError naming it, and the caller's rollback leaves nothing behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.domain.errors import InputFileError
from leadsift.ingest.calls import taken_before
from leadsift.ingest.column_map import ColumnMap, Yield
from leadsift.ingest.importer import ImportOptions, write_records
from leadsift.ingest.validate import _timestamps
from leadsift.ingest.webhooks.common import Batch, Delivery, Event, PayloadError
from leadsift.store import schema

Suppressed = Callable[[pd.DataFrame], np.ndarray]
# how an answer counts the events of erased people it did not store (as imports do)
SUPPRESSED = "of suppressed people"


@dataclass
class Taken:
    received: int
    repeated: int = 0  # events whose id was taken before: nothing stored for them
    stored: Counter[str] = field(default_factory=Counter)  # rows per table
    left_out: Counter[str] = field(default_factory=Counter)

    def answer(self) -> dict[str, object]:
        return {
            "success": True,
            "received": self.received,
            "repeated": self.repeated,
            "stored": dict(self.stored),
            "left_out": dict(self.left_out),
        }


def seen(connection: sa.Connection, ids: list[str]) -> set[str]:
    return taken_before(connection, ids)


def remember(connection: sa.Connection, ids: list[str], kind: str) -> None:
    if ids:
        now = datetime.now(UTC)
        connection.execute(
            schema.api_messages.insert(),
            [{"message_id": i, "type": kind, "received_at": now} for i in ids],
        )


def take_delivery(
    connection: sa.Connection,
    delivery: Delivery,
    campaign: str | None = None,
    import_id: int | None = None,
    suppressed: Suppressed | None = None,
) -> Taken:
    """Store a delivery's new events; an erased person's (rows `suppressed` marks) are
    counted in left_out, never stored, and their ids remembered so a retry is a repeat."""
    result = Taken(received=len(delivery.ids))
    result.left_out.update(delivery.left_out)
    before = seen(connection, list(dict.fromkeys(delivery.ids)))
    new_ids = [i for i in dict.fromkeys(delivery.ids) if i not in before]
    result.repeated = len(delivery.ids) - len(new_ids)
    options = ImportOptions(campaign=campaign)
    for batch in delivery.batches:
        events = _first_of_each(batch.events, set(new_ids))
        if events:
            _write(connection, batch, events, delivery.kind, options, result, import_id, suppressed)
    remember(connection, new_ids, delivery.kind)
    return result


def _first_of_each(events: list[Event], new: set[str]) -> list[Event]:
    """The events not taken before, an id sent twice in one delivery taken once."""
    kept: dict[str, Event] = {}
    for event in events:
        if event.id in new and event.id not in kept:
            kept[event.id] = event
    return list(kept.values())


def _write(
    connection: sa.Connection,
    batch: Batch,
    events: list[Event],
    kind: str,
    options: ImportOptions,
    result: Taken,
    import_id: int | None,
    suppressed: Suppressed | None,
) -> None:
    column_map = batch.column_map
    by_position = {e.position: e for e in events}
    frame = pd.DataFrame.from_records([e.record for e in events])
    frame = frame.astype(object).where(frame.notna(), None)
    positions = np.asarray([e.position for e in events], dtype=np.int64)
    for step in column_map.yields:
        rows, lines, problems, left_out = step.apply(frame, positions, column_map.name)
        if problems:
            raise _named(problems[0].line, problems[0].column, problems[0].reason, by_position)
        result.left_out.update(left_out)
        if rows.empty:
            continue
        if suppressed is not None:
            hit = np.asarray(suppressed(rows), dtype=bool)
            if hit.any():
                result.left_out[SUPPRESSED] += int(hit.sum())
                rows, lines = rows[~hit], np.asarray(lines)[~hit]
                if rows.empty:
                    continue
        rows = _times(rows, column_map)
        try:
            read, shown, total = write_records(
                connection, step.table, rows, np.asarray(lines, dtype=np.int64),
                source_type=column_map.source, name=f"{kind} webhook", options=options,
                import_id=import_id,
            )  # fmt: skip
        except InputFileError as error:  # a required column no event of the batch has
            problem = error.problems[0]
            raise _named(int(lines[0]), None, problem.reason, by_position) from None
        if total:
            problem = shown[0]
            column = _theirs(step, problem.column)
            raise _named(int(problem.line), column, problem.reason, by_position)
        result.stored[step.table] += read


def _theirs(step: Yield, ours: str | None) -> str | None:
    theirs = step.source_column(ours) if ours else None
    return f"{theirs} ({ours})" if theirs and theirs != ours else ours


def _named(
    position: int, column: str | None, reason: str, by_position: dict[int, Event]
) -> PayloadError:
    event = by_position.get(position)
    text = f"{column}: {reason}" if column else reason
    return PayloadError(position, event.id if event else None, text)


def _times(rows: pd.DataFrame, column_map: ColumnMap) -> pd.DataFrame:
    """Times in the map's own formats (epoch seconds, a local format) as ISO 8601, as
    `write_records` reads them; a cell that does not parse stays, to be named there."""
    rows = rows.copy()
    for column, formats in column_map.timestamps.items():
        if column not in rows.columns:
            continue
        raw = rows[column].astype(object).where(rows[column].notna(), None)
        stamps = _timestamps(raw, formats[0], column_map.timezone)
        for fmt in formats[1:]:
            stamps = stamps.where(stamps.notna(), _timestamps(raw, fmt, column_map.timezone))
        iso = pd.Series(
            [s.isoformat() if not pd.isna(s) else None for s in stamps], index=rows.index
        )
        rows[column] = iso.where(iso.notna(), raw)
    return rows
