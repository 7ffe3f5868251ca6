"""Intent: what a person did, weighted by kind, decayed with a half-life, 0-100, with reasons.

Touches are aggregated in the database per person, kind and day (daily caps apply there).
Each (person, kind) keeps one number: log2 of the decay-weighted event count taken at a fixed
epoch, so the same number re-ages to any as-of time (decay is multiplicative), and an
incremental run only re-reads the touches of people whose activity changed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.scoring.config import IntentSettings
from leadsift.scoring.words import ago, signed
from leadsift.store import schema

INTENT_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_SECONDS_PER_DAY = 86_400.0

PHRASES = {
    "open": "opened an email", "click": "clicked an email link", "reply": "replied to an email",
    "visit": "visited the website", "download": "downloaded content",
    "form_submit": "filled in a form", "register": "registered for a webinar",
    "attend": "attended a webinar", "no_show": "missed a webinar they registered for",
    "view": "viewed a video", "like": "liked a post", "share": "shared a post",
    "comment": "commented on a post", "follow": "followed the company", "mention": "mentioned us",
    "call_connected": "took a call", "call_positive": "was positive on a call",
    "call_negative": "said no on a call", "demo_request": "asked for a demo",
    "contact_request": "asked to be contacted", "meeting_booked": "booked a meeting",
    "unsubscribe": "unsubscribed", "bounce": "had an email bounce",
    "spam_report": "reported an email as spam",
}  # fmt: skip


def _days(stamps: pd.Series) -> np.ndarray:
    values = pd.to_datetime(stamps, utc=True, format="ISO8601")
    return ((values - pd.Timestamp(INTENT_EPOCH)).dt.total_seconds() / _SECONDS_PER_DAY).to_numpy()


def aggregate_components(
    connection: sa.Connection,
    settings: IntentSettings,
    person_ids: Collection[int] | None = None,
) -> int:
    """Rebuild intent_components for these people (everyone when None); returns rows written."""
    t = schema.touches
    ic = schema.intent_components
    day = sa.func.date(t.c.occurred_at)
    query = (
        sa.select(
            t.c.person_id, t.c.kind, day.label("day"), sa.func.count().label("n"),
            sa.func.max(t.c.occurred_at).label("last_at"),
        )
        .where(t.c.person_id.is_not(None), t.c.noise.is_(None), t.c.kind.in_(settings.weights))
        .group_by(t.c.person_id, t.c.kind, day)
    )  # fmt: skip
    if person_ids is not None:
        ids = sorted(person_ids)
        if not ids:
            return 0
        connection.execute(ic.delete().where(ic.c.person_id.in_(ids)))
        query = query.where(t.c.person_id.in_(ids))
    else:
        connection.execute(ic.delete())
    daily = pd.DataFrame(
        connection.execute(query).all(), columns=["person_id", "kind", "day", "n", "last_at"]
    )
    if daily.empty:
        return 0
    capped = np.minimum(daily["n"].to_numpy(), settings.daily_cap).astype(float)
    # the day's events count at the day's last event, in half-lives since the epoch
    x = _days(daily["last_at"]) / settings.half_life_days
    daily["x"] = x
    daily["capped"] = capped
    peak = daily.groupby(["person_id", "kind"])["x"].transform("max").to_numpy()
    daily["scaled"] = capped * np.exp2(x - peak)
    daily["peak"] = peak
    grouped = daily.groupby(["person_id", "kind"]).agg(
        scaled=("scaled", "sum"), peak=("peak", "first"), events=("capped", "sum"),
        last_at=("last_at", "max"),
    )  # fmt: skip
    grouped["decayed"] = grouped["peak"] + np.log2(grouped["scaled"])
    rows = grouped.reset_index()
    rows["last_at"] = pd.to_datetime(rows["last_at"], utc=True, format="ISO8601")
    connection.execute(
        ic.insert(),
        [
            {
                "person_id": int(p),
                "kind": k,
                "decayed": float(d),
                "events": int(e),
                "last_at": ts.to_pydatetime(),
            }
            for p, k, d, e, ts in rows[
                ["person_id", "kind", "decayed", "events", "last_at"]
            ].itertuples(index=False)
        ],
    )
    return len(rows)


def load_components(connection: sa.Connection) -> pd.DataFrame:
    ic = schema.intent_components
    return pd.DataFrame(
        connection.execute(
            sa.select(ic.c.person_id, ic.c.kind, ic.c.decayed, ic.c.events, ic.c.last_at)
        ).all(),
        columns=["person_id", "kind", "decayed", "events", "last_at"],
    )


def score_intent(
    components: pd.DataFrame, settings: IntentSettings, as_of: datetime
) -> pd.DataFrame:
    """Per person: intent 0-100, the kinds they showed, and reasons strongest first."""
    if components.empty:
        return pd.DataFrame(columns=["intent", "kinds", "intent_reasons", "last_touch_at"])
    frame = components.copy()
    age = (pd.Timestamp(as_of) - pd.Timestamp(INTENT_EPOCH)).total_seconds() / _SECONDS_PER_DAY
    strength = np.exp2(frame["decayed"].to_numpy() - age / settings.half_life_days)
    r = settings.repeat_factor
    weight = frame["kind"].map(settings.weights).astype(float).to_numpy()
    # diminishing returns: the first event counts fully, each further one r times the last
    frame["points"] = weight * (1 - np.power(r, strength)) / (1 - r)
    last_at = pd.to_datetime(frame["last_at"], utc=True)
    frame["days_ago"] = (
        (pd.Timestamp(as_of) - last_at).dt.total_seconds() // _SECONDS_PER_DAY
    ).astype(int)
    frame["last_at"] = last_at
    frame = frame.sort_values(
        ["person_id", "points"],
        key=lambda s: s.abs() if s.name == "points" else s,
        ascending=[True, False],
    )
    per_person = frame.groupby("person_id")
    result = pd.DataFrame(
        {
            "intent": per_person["points"].sum().clip(0, 100).round().astype(int),
            "kinds": per_person["kind"].agg(frozenset),
            "last_touch_at": per_person["last_at"].max(),
        }
    )
    reasons = [
        _reason(kind, int(events), int(days), float(points))
        for kind, events, days, points in frame[
            ["kind", "events", "days_ago", "points"]
        ].itertuples(index=False)
    ]
    frame["reason"] = reasons
    significant = frame[frame["points"].abs() >= 0.5]
    result["intent_reasons"] = (
        significant.groupby("person_id")["reason"].agg(lambda s: list(s)[:4]).reindex(result.index)
    )
    result["intent_reasons"] = result["intent_reasons"].map(
        lambda v: v if isinstance(v, list) else []
    )
    return result


def _reason(kind: str, events: int, days_ago: int, points: float) -> str:
    phrase = PHRASES.get(kind, kind.replace("_", " "))
    times = f" {events} times" if events > 1 else ""
    last = "last " if events > 1 else ""
    return f"{phrase}{times}, {last}{ago(days_ago)}: {signed(points)}"
