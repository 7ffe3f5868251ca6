"""What a workspace's own history says about reaching people in the target market: of the
people reached only by a share, and of those reached only by direct outreach, how many took
a meeting afterwards and how many are qualified.

- Reached by a share: an authentic social or video touch that shows the person saw a post
  (view, share, like or comment; a follow is about the account, not a post).
- Reached directly: an authentic email sent to them (sent, delivered, or the open, click or
  reply that only a delivered email has) or a call (any call kind).
- Only the person's own authentic touches count, and only people leadsift judges to be
  real (no bot or burst flag) and in the target market (person_scores.in_target).
- A person reached both ways belongs to neither group: their meeting cannot be put down to
  one way.
- A meeting counts when an outcome of kind meeting is at or after the person's first touch
  of their way (a meeting before anyone reached them was not caused by it); qualified means
  the person's stage is MQL or later, whenever it was reached.

One SQL query in the database, grouped by person then by way."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from leadsift.domain.stages import QUALIFIED
from leadsift.spread.rates import ReachCounts
from leadsift.store import schema

SHARE_CHANNELS = ("social", "video")
SHARE_KINDS = ("view", "share", "like", "comment")
DIRECT_KINDS: dict[str, tuple[str, ...]] = {
    "email": ("sent", "delivered", "open", "click", "reply"),
    "phone": (
        "call_attempt", "call_connected", "call_positive", "call_negative", "voicemail",
        "meeting_booked",
    ),
}  # fmt: skip

t, p, ps, o = schema.touches, schema.persons, schema.person_scores, schema.outcomes


def _shared() -> sa.ColumnElement[bool]:
    return sa.and_(t.c.channel.in_(SHARE_CHANNELS), t.c.kind.in_(SHARE_KINDS))


def _direct() -> sa.ColumnElement[bool]:
    by_channel = DIRECT_KINDS.items()
    return sa.or_(*(sa.and_(t.c.channel == ch, t.c.kind.in_(kinds)) for ch, kinds in by_channel))


def _per_person() -> sa.Subquery:
    """One row per person in the target market reached either way: person_id, way (share,
    direct or both), met (a meeting at or after their first touch of that way: 1 or 0) and
    qualified (1 or 0)."""
    reached = (
        sa.select(
            t.c.person_id,
            sa.func.min(sa.case((_shared(), t.c.occurred_at))).label("shared_at"),
            sa.func.min(sa.case((_direct(), t.c.occurred_at))).label("direct_at"),
        )
        .join(p, p.c.id == t.c.person_id)
        .join(ps, ps.c.person_id == t.c.person_id)
        .where(
            t.c.noise.is_(None), p.c.noise.is_(None), ps.c.in_target.is_(True),
            sa.or_(_shared(), _direct()),
        )
        .group_by(t.c.person_id)
    ).subquery("reached")  # fmt: skip
    last_meeting = (
        sa.select(o.c.person_id, sa.func.max(o.c.occurred_at).label("met_at"))
        .where(o.c.kind == "meeting", o.c.person_id.is_not(None))
        .group_by(o.c.person_id)
    ).subquery("met")
    way = sa.case(
        (reached.c.direct_at.is_(None), "share"),
        (reached.c.shared_at.is_(None), "direct"),
        else_="both",
    )
    # for "both" this is the earlier of the two; no rate is learned from them
    reached_at = sa.case(
        (reached.c.shared_at.is_(None), reached.c.direct_at),
        (reached.c.direct_at.is_(None), reached.c.shared_at),
        (reached.c.shared_at < reached.c.direct_at, reached.c.shared_at),
        else_=reached.c.direct_at,
    )
    met = sa.and_(last_meeting.c.met_at.is_not(None), last_meeting.c.met_at >= reached_at)
    return (
        sa.select(
            reached.c.person_id,
            way.label("way"),
            sa.case((met, 1), else_=0).label("met"),
            sa.case((ps.c.stage.in_(sorted(QUALIFIED)), 1), else_=0).label("qualified"),
        )
        .select_from(reached)
        .join(ps, ps.c.person_id == reached.c.person_id)
        .outerjoin(last_meeting, last_meeting.c.person_id == reached.c.person_id)
    ).subquery("per_person")


def reach_counts(connection: sa.Connection) -> dict[str, ReachCounts]:
    """ReachCounts for "share" and "direct" (zero people when nobody was reached so)."""
    people = _per_person()
    query = sa.select(
        people.c.way,
        sa.func.count().label("people"),
        sa.func.sum(people.c.met).label("meetings"),
        sa.func.sum(people.c.qualified).label("qualified"),
    ).group_by(people.c.way)
    found: dict[str, Any] = {row.way: row for row in connection.execute(query)}
    return {
        name: ReachCounts(
            int(found[name].people), int(found[name].meetings or 0),
            int(found[name].qualified or 0),
        )
        if name in found
        else ReachCounts(0, 0, 0)
        for name in ("share", "direct")
    }  # fmt: skip


def reached_people(connection: sa.Connection) -> list[tuple[int, str, bool]]:
    """(person_id, way, met) of every person in the target market reached either way: who
    the rates were learned from, to check them against a truth person by person."""
    people = _per_person()
    rows = connection.execute(sa.select(people.c.person_id, people.c.way, people.c.met))
    return [(int(row.person_id), str(row.way), bool(row.met)) for row in rows]
