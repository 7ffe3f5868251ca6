"""When a step may run: inside the sequence's sending window, on its sending days, in the
recipient's time zone, at a random moment of the window (mail that leaves on the minute
every day looks like what it is), and how many emails a mailbox may send on its n-th day
(warm-up).

The spread is random but reproducible: each slot draws from a generator seeded by the
enrolment and the step, so a run planned twice (a dry run, then the run) picks the same
times, and a test can say what they are."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from leadsift.outreach.business_days import WEEKDAY_NUMBERS, add_business_days, zone_for
from leadsift.outreach.sequence_files import Sequence, Step

_LOOKAHEAD_DAYS = 14  # a window on at least one day a week is found within two


def recipient_zone(sequence: Sequence, country: str | None) -> ZoneInfo:
    """The recipient's zone: their country's, else the sequence's `timezone`, else UTC."""
    return zone_for(country, sequence.timezone or "UTC")


def slot_rng(enrolment_id: int, step: int, salt: str = "") -> random.Random:
    return random.Random(f"{enrolment_id}:{step}:{salt}")


def in_window(sequence: Sequence, moment: datetime, zone: ZoneInfo) -> bool:
    local = moment.astimezone(zone)
    allowed = {WEEKDAY_NUMBERS[d] for d in sequence.days}
    start, end = sequence.window_start, sequence.window_end
    return local.weekday() in allowed and start <= local.time().replace(tzinfo=None) < end


def next_slot(sequence: Sequence, after: datetime, zone: ZoneInfo, rng: random.Random) -> datetime:
    """A random moment of the first sending window that ends after `after` (UTC)."""
    allowed = {WEEKDAY_NUMBERS[d] for d in sequence.days}
    local = after.astimezone(zone)
    day = local.date()
    for _ in range(_LOOKAHEAD_DAYS):
        if day.weekday() in allowed:
            start = _at(day, sequence.window_start, zone)
            end = _at(day, sequence.window_end, zone)
            low = max(start, after)
            if low < end:
                seconds = (end - low).total_seconds()
                return (low + timedelta(seconds=rng.uniform(0, seconds * 0.999))).astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError(f"{sequence.path}: no sending window in two weeks")  # days is never empty


def next_day_slot(
    sequence: Sequence, after: datetime, zone: ZoneInfo, rng: random.Random
) -> datetime:
    """A slot on a later sending day than the one `after` falls on (a cap was reached)."""
    local = after.astimezone(zone)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=zone)
    return next_slot(sequence, tomorrow, zone, rng)


def _at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def after_waits(
    sequence: Sequence, position: int, start: datetime, zone: ZoneInfo
) -> tuple[int, datetime]:
    """From step `position` (1-based), skip the waits: the next step that does something
    and the earliest moment it may run (each wait adds the recipient's business days).
    A position past the last step means the sequence is finished."""
    steps: tuple[Step, ...] = sequence.steps
    moment = start
    while position <= len(steps) and steps[position - 1].kind == "wait":
        # the recipient's working week (Monday to Friday), whatever days the sequence sends on:
        # the step then goes in the first sending window after
        moment = add_business_days(moment, steps[position - 1].business_days, zone)
        position += 1
    return position, moment


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()
