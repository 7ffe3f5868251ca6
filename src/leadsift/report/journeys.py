"""Journeys from the workspace: for each outcome, the authentic touches of its person (or,
for a deal won by an account with no person named, of everyone at the account) in the
lookback window before it, in time order, labelled by campaign or channel; and, for the
data-driven models, the journeys of engaged people who did not reach that outcome.

Outcomes are the report's: `qualified` (the first time a person's stage reached MQL or
later), `meeting`, `opportunity` (its amount is pipeline) and `won` (its amount is revenue).
A person's first outcome of a kind counts 1 (the report counts people), a later one of the
same kind 0, each with its own amount. Touches are engagement (not deliveries) that the
authenticity checks kept, of people who are not bots; milestones are the first touch, lead
creation (the first lead action: a form, a registration, a reply...), opportunity creation
(the last touch before the person's first opportunity) and closed-won (the last touch before
the win). One SQL query fetches the touches; the windows are cut with array searches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.attribution import JourneySet
from leadsift.domain.stages import RANK, Stage
from leadsift.domain.vocabulary import CREDITED_OUTCOMES, LEAD_KINDS
from leadsift.report.figures import GroupBy
from leadsift.scoring.stages import ENGAGEMENT_KINDS
from leadsift.store import schema

OUTCOME_KINDS = CREDITED_OUTCOMES
DAY = 86_400
# a person's touches in one sorted array, keyed person * SPAN + second (2286 is far away)
SPAN = 10**10

t, p, o, ps, h = (
    schema.touches, schema.persons, schema.outcomes, schema.person_scores, schema.stage_history
)  # fmt: skip


@dataclass(frozen=True)
class Touches:
    """Every authentic engagement touch of an authentic person, sorted by person and time."""

    labels: tuple[str, ...]
    person: np.ndarray  # int64 person ids
    seconds: np.ndarray  # int64 seconds since the epoch
    code: np.ndarray  # int64 index into labels
    lead: np.ndarray  # bool: a lead action (form, registration, reply...)

    @property
    def keys(self) -> np.ndarray:
        keys: np.ndarray = self.person * SPAN + self.seconds
        return keys


def _seconds(column: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(column, utc=True)
    seconds: np.ndarray = np.asarray(stamps.astype("int64") // 10**9, dtype=np.int64)
    return seconds


def load_touches(connection: sa.Connection, by: GroupBy, since: date | None) -> Touches:
    label = sa.func.coalesce(t.c.campaign, "(no campaign)") if by == "campaign" else t.c.channel
    query = (
        sa.select(t.c.person_id, t.c.occurred_at, label.label("label"), t.c.kind)
        .join(p, p.c.id == t.c.person_id)
        .where(t.c.noise.is_(None), p.c.noise.is_(None), t.c.kind.in_(sorted(ENGAGEMENT_KINDS)))
        .order_by(t.c.person_id, t.c.occurred_at, t.c.id)
    )
    if since is not None:
        query = query.where(t.c.occurred_at >= datetime(*since.timetuple()[:3], tzinfo=UTC))
    frame = pd.DataFrame(connection.execute(query).all(), columns=["person", "at", "label", "kind"])
    codes, labels = pd.factorize(frame["label"].astype(str), sort=True)
    return Touches(
        labels=tuple(str(v) for v in labels),
        person=frame["person"].to_numpy(dtype=np.int64),
        seconds=_seconds(frame["at"]) if len(frame) else np.zeros(0, dtype=np.int64),
        code=np.asarray(codes, dtype=np.int64),
        lead=frame["kind"].isin(sorted(LEAD_KINDS)).to_numpy(dtype=bool),
    )


def _account_people(connection: sa.Connection) -> dict[str, list[int]]:
    """Lower-cased account names and domains -> the authentic people scored at it."""
    a = schema.accounts
    rows = connection.execute(
        sa.select(a.c.name, a.c.domain, ps.c.person_id)
        .join(ps, ps.c.account_id == a.c.id)
        .join(p, p.c.id == ps.c.person_id)
        .where(p.c.noise.is_(None))
    ).all()
    people: dict[str, list[int]] = {}
    for name, domain, person in rows:
        for key in {str(v).strip().lower() for v in (name, domain) if v}:
            people.setdefault(key, []).append(int(person))
    return people


def load_outcomes(connection: sa.Connection, kind: str) -> pd.DataFrame:
    """One row per outcome of `kind`: person (or -1 with the account's people in `people`),
    seconds, count (1 for a person's first of the kind), value and, for wins, the seconds of
    the person's first opportunity (NaN when none)."""
    if kind == "qualified":
        qualified = [s for s, r in RANK.items() if r >= RANK[Stage.MQL.value]]
        rows = connection.execute(
            sa.select(h.c.person_id, sa.func.min(h.c.entered_at))
            .join(p, p.c.id == h.c.person_id)
            .where(h.c.stage.in_(qualified), p.c.noise.is_(None))
            .group_by(h.c.person_id)
        ).all()
        frame = pd.DataFrame(rows, columns=["person", "at"])
        frame["value"], frame["account"] = 0.0, None
    else:
        rows = connection.execute(  # type: ignore[assignment]
            sa.select(o.c.person_id, o.c.occurred_at, o.c.amount, o.c.account)
            .outerjoin(p, p.c.id == o.c.person_id)
            .where(o.c.kind == kind, sa.or_(o.c.person_id.is_(None), p.c.noise.is_(None)))
            .order_by(o.c.occurred_at, o.c.id)
        ).all()
        frame = pd.DataFrame(rows, columns=["person", "at", "value", "account"])
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").fillna(0.0).astype(float)
    frame = frame[frame["person"].notna() | frame["account"].notna()].copy()
    frame["seconds"] = _seconds(frame["at"]) if len(frame) else np.zeros(0, dtype=np.int64)
    frame["person"] = pd.to_numeric(frame["person"]).fillna(-1).astype(np.int64)
    frame = frame.sort_values(["seconds"], kind="stable")
    first = ~frame.duplicated("person") | (frame["person"] < 0)
    frame["count"] = first.astype(float)
    return frame.reset_index(drop=True)


def _first_opportunity(connection: sa.Connection) -> dict[int, int]:
    rows = connection.execute(
        sa.select(o.c.person_id, sa.func.min(o.c.occurred_at))
        .where(o.c.kind == "opportunity", o.c.person_id.is_not(None))
        .group_by(o.c.person_id)
    ).all()
    frame = pd.DataFrame(rows, columns=["person", "at"])
    if frame.empty:
        return {}
    return dict(zip(frame["person"].astype(int), _seconds(frame["at"]).tolist(), strict=True))


def _ranges(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The positions start[i]..end[i]-1 of every range, one after the other."""
    lengths = end - start
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shifts = np.repeat(start - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return np.asarray(np.arange(total, dtype=np.int64) + shifts, dtype=np.int64)


@dataclass(frozen=True)
class OutcomeJourneys:
    """The journeys to one kind of outcome, and what could be credited to no campaign: the
    outcomes (count and value) with no authentic touch in their lookback window."""

    kind: str
    journeys: JourneySet
    unattributed: float
    unattributed_value: float


def build_journeys(
    connection: sa.Connection,
    touches: Touches,
    kind: str,
    *,
    lookback_days: int,
    with_nulls: bool,
) -> OutcomeJourneys:
    """The journeys to outcomes of `kind` and, `with_nulls`, one per engaged person who never
    reached it (their touches in the window before their last one)."""
    outcomes = load_outcomes(connection, kind)
    keys, window = touches.keys, lookback_days * DAY
    named = outcomes[outcomes["person"] >= 0]
    who, at = named["person"].to_numpy(np.int64), named["seconds"].to_numpy(np.int64)
    if kind == "qualified":
        # a stage is entered when scoring runs (as of the workspace's latest activity), not
        # when the person qualified: the window ends with their last touch by then
        end = np.searchsorted(keys, who * SPAN + at, "right")
        has = (end > 0) & (touches.person[np.maximum(end - 1, 0)] == who) if len(keys) else end > 0
        anchor = np.where(has, keys[np.maximum(end - 1, 0)] if len(keys) else 0, who * SPAN + at)
        start = np.where(has, np.searchsorted(keys, anchor - window, "left"), end)
    else:
        start = np.searchsorted(keys, who * SPAN + at - window, "left")
        end = np.searchsorted(keys, who * SPAN + at, "left")
    count, value = named["count"].to_numpy(float), named["value"].to_numpy(float)
    opportunity_at = np.full(len(who), -1, dtype=np.int64)
    if kind == "won":
        firsts = _first_opportunity(connection)
        opportunity_at = np.array([firsts.get(int(w), -1) for w in who], dtype=np.int64)
    null = np.zeros(len(who), dtype=bool)
    if with_nulls and len(touches.person):
        last = np.flatnonzero(np.r_[touches.person[1:] != touches.person[:-1], True])
        last = last[~np.isin(touches.person[last], outcomes["person"].to_numpy(np.int64))]
        start = np.r_[start, np.searchsorted(keys, keys[last] - window, "left")]
        end = np.r_[end, last + 1]
        count, value = np.r_[count, np.zeros(len(last))], np.r_[value, np.zeros(len(last))]
        opportunity_at = np.r_[opportunity_at, np.full(len(last), -1, dtype=np.int64)]
        null = np.r_[null, np.ones(len(last), dtype=bool)]
    parts = [_ranges(start, end)]
    lengths = [end - start]
    # deals won by an account with no person named: everyone at the account, in time order
    by_account = outcomes[outcomes["person"] < 0]
    people = _account_people(connection) if len(by_account) else {}
    for account, moment, one, amount in zip(
        by_account["account"].astype(str), by_account["seconds"].to_numpy(np.int64),
        by_account["count"].to_numpy(float), by_account["value"].to_numpy(float), strict=True,
    ):  # fmt: skip
        members = np.array(people.get(account.strip().lower(), []), dtype=np.int64)
        index = _ranges(
            np.searchsorted(keys, members * SPAN + moment - window, "left"),
            np.searchsorted(keys, members * SPAN + moment, "left"),
        )
        index = index[np.argsort(touches.seconds[index], kind="stable")]
        parts.append(index)
        lengths.append(np.array([len(index)]))
        count, value = np.r_[count, one], np.r_[value, amount]
        opportunity_at, null = np.r_[opportunity_at, -1], np.r_[null, False]
    length = np.concatenate(lengths).astype(np.int64)
    kept = length > 0
    lost = ~kept & ~null
    index = np.concatenate(parts)
    offsets = np.r_[0, np.cumsum(length[kept])].astype(np.int64)
    journeys = JourneySet(
        labels=touches.labels, codes=touches.code[index], offsets=offsets,
        conversions=count[kept], value=value[kept], nulls=null[kept].astype(float),
        times=touches.seconds[index].astype(float),
        milestones=_milestones(touches, index, offsets, opportunity_at[kept], kind),
    )  # fmt: skip
    return OutcomeJourneys(kind, journeys, float(count[lost].sum()), float(value[lost].sum()))


def _milestones(
    touches: Touches, index: np.ndarray, offsets: np.ndarray, opportunity_at: np.ndarray, kind: str
) -> dict[str, np.ndarray]:
    """Lead creation (the first lead action) in every journey; opportunity creation and
    closed-won where the outcome says when they were."""
    n = len(offsets) - 1
    lengths = np.diff(offsets)
    journey = np.repeat(np.arange(n), lengths)
    position = np.arange(len(index)) - np.repeat(offsets[:-1], lengths)
    lead = np.full(n, -1, dtype=np.int64)
    flagged = np.flatnonzero(touches.lead[index])
    if len(flagged):
        journeys_with, first = np.unique(journey[flagged], return_index=True)
        lead[journeys_with] = position[flagged[first]]
    milestones = {"lead": lead}
    last = (lengths - 1).astype(np.int64)
    if kind == "opportunity":
        milestones["opportunity"] = last
    if kind == "won":
        milestones["won"] = last
        opportunity = np.full(n, -1, dtype=np.int64)
        for j in np.flatnonzero(opportunity_at >= 0):
            times = touches.seconds[index[offsets[j] : offsets[j + 1]]]
            opportunity[j] = int(np.searchsorted(times, opportunity_at[j], "left")) - 1
        milestones["opportunity"] = opportunity
    return milestones
