"""Intent: what a person did, weighted by kind, decayed with a half-life, 0-100, with reasons.

Touches are aggregated in the database per person, kind and day (daily caps apply there).
Each (person, kind) keeps one number: log2 of the decay-weighted event count taken at a fixed
epoch, so the same number re-ages to any as-of time (decay is multiplicative), and an
incremental run only re-reads the touches of people whose activity changed.

A reply that says yes (a `reply` touch whose attributes give the intent interested or
question, written by reply intake) is also kept as the component POSITIVE_REPLY: it weighs
nothing (no weight names it) but it is what the stage rules read as a hand raise and a sales
signal (stages.stage_kind_sets), whatever [stages] lists: an answer asking for more is the
clearest hand raise there is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.config.scoring import IntentSettings
from leadsift.scoring.words import ago, signed
from leadsift.store import schema
from leadsift.store.bulk import bulk_writer
from leadsift.store.dialect import epoch_seconds

INTENT_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_SECONDS_PER_DAY = 86_400.0
_EPOCH_SECONDS = INTENT_EPOCH.timestamp()
# the component of replies that say yes; not a touch kind, so no setting can weigh it
POSITIVE_REPLY = "positive_reply"
POSITIVE_INTENTS = ("interested", "question")

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


def aggregate_components(
    connection: sa.Connection,
    settings: IntentSettings,
    person_ids: Collection[int] | None = None,
) -> int:
    """Rebuild intent_components for these people (everyone when None); returns rows written."""
    t = schema.touches
    ic = schema.intent_components
    seconds = epoch_seconds(t.c.occurred_at)
    day = sa.func.floor(seconds / _SECONDS_PER_DAY)
    query = (
        sa.select(
            t.c.person_id, t.c.kind, sa.func.count().label("n"),
            sa.func.max(seconds).label("last_s"),
        )
        .where(t.c.person_id.is_not(None), t.c.noise.is_(None), t.c.kind.in_(settings.weights))
        .group_by(t.c.person_id, t.c.kind, day)
    )  # fmt: skip
    positive = (
        sa.select(
            t.c.person_id, sa.literal(POSITIVE_REPLY, sa.String).label("kind"),
            sa.func.count().label("n"), sa.func.max(seconds).label("last_s"),
        )
        .where(
            t.c.person_id.is_not(None), t.c.noise.is_(None), t.c.kind == "reply",
            t.c.attributes["intent"].as_string().in_(POSITIVE_INTENTS),
        )
        .group_by(t.c.person_id, day)
    )  # fmt: skip
    if person_ids is not None:
        ids = sorted(person_ids)
        if not ids:
            return 0
        connection.execute(ic.delete().where(ic.c.person_id.in_(ids)))
        query = query.where(t.c.person_id.in_(ids))
        positive = positive.where(t.c.person_id.in_(ids))
    else:
        connection.execute(ic.delete())
    daily = pd.DataFrame(
        [*connection.execute(query).all(), *connection.execute(positive).all()],
        columns=["person_id", "kind", "n", "last_s"],
    )
    if daily.empty:
        return 0
    capped = np.minimum(daily["n"].to_numpy(), settings.daily_cap).astype(float)
    # the day's events count at the day's last event, in half-lives since the epoch
    x = (daily["last_s"].to_numpy(dtype=float) - _EPOCH_SECONDS) / (
        _SECONDS_PER_DAY * settings.half_life_days
    )
    daily["x"] = x
    daily["capped"] = capped
    peak = daily.groupby(["person_id", "kind"])["x"].transform("max").to_numpy()
    daily["scaled"] = capped * np.exp2(x - peak)
    daily["peak"] = peak
    grouped = daily.groupby(["person_id", "kind"]).agg(
        scaled=("scaled", "sum"), peak=("peak", "first"), events=("capped", "sum"),
        last_s=("last_s", "max"),
    )  # fmt: skip
    rows = grouped.reset_index()
    rows["decayed"] = rows["peak"] + np.log2(rows["scaled"])
    rows["events"] = rows["events"].astype(int)
    rows["last_at"] = pd.to_datetime(rows["last_s"], unit="s", utc=True)
    bulk_writer(connection).write(
        ic,
        rows[["person_id", "kind", "decayed", "events", "last_at"]],
        ("person_id", "kind"),
        False,
    )
    return len(rows)


def load_components(connection: sa.Connection) -> pd.DataFrame:
    ic = schema.intent_components
    return pd.DataFrame(
        connection.execute(
            sa.select(
                ic.c.person_id, ic.c.kind, ic.c.decayed, ic.c.events,
                epoch_seconds(ic.c.last_at).label("last_s"),
            )
        ).all(),
        columns=["person_id", "kind", "decayed", "events", "last_s"],
    )  # fmt: skip


def score_intent(
    components: pd.DataFrame,
    settings: IntentSettings,
    as_of: datetime,
    kind_sets: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Per person: intent 0-100, last touch, reasons strongest first, and for each named set
    of kinds in `kind_sets` a boolean column: did they do any of those (authentically)."""
    kind_sets = kind_sets or {}
    columns = ["intent", "peak_intent", "intent_reasons", "last_touch_at", *kind_sets]
    if components.empty:
        return pd.DataFrame(columns=columns)
    frame = components.copy()
    as_of_s = pd.Timestamp(as_of).timestamp()
    age_half_lives = (as_of_s - _EPOCH_SECONDS) / (_SECONDS_PER_DAY * settings.half_life_days)
    strength = np.exp2(frame["decayed"].to_numpy(dtype=float) - age_half_lives)
    r = settings.repeat_factor
    weight = frame["kind"].map(settings.weights).fillna(0).astype(float).to_numpy()
    # diminishing returns: the first event counts fully, each further one r times the last
    frame["points"] = weight * (1 - np.power(r, strength)) / (1 - r)
    frame["magnitude"] = frame["points"].abs()
    per_person = frame.groupby("person_id")
    result = pd.DataFrame(
        {
            "intent": per_person["points"].sum().clip(0, 100).round().astype(int),
            "last_touch_at": pd.to_datetime(
                per_person["last_s"].max(), unit="s", utc=True
            ).dt.floor("us"),
        }
    )
    # Intent peaks right after activity and only decays after: re-aging each kind to the
    # person's last touch gives their intent at that moment, from the same aggregates.
    last_s = frame["person_id"].map(per_person["last_s"].max()).to_numpy(dtype=float)
    at_last = np.exp2(
        frame["decayed"].to_numpy(dtype=float)
        - (last_s - _EPOCH_SECONDS) / (_SECONDS_PER_DAY * settings.half_life_days)
    )
    frame["points_at_last"] = weight * (1 - np.power(r, at_last)) / (1 - r)
    result["peak_intent"] = (
        frame.groupby("person_id")["points_at_last"].sum().clip(0, 100).round().astype(int)
    )
    for name, kinds in kind_sets.items():
        result[name] = frame["kind"].isin(set(kinds)).groupby(frame["person_id"]).any()
    # words only for each person's four strongest reasons
    top = frame[frame["magnitude"] >= 0.5].sort_values(
        ["person_id", "magnitude"], ascending=[True, False]
    )
    top = top.groupby("person_id").head(4)
    days_ago = ((as_of_s - top["last_s"].to_numpy(dtype=float)) // _SECONDS_PER_DAY).astype(int)
    top = top.assign(
        reason=[
            _reason(kind, int(events), int(days), float(points))
            for kind, events, days, points in zip(
                top["kind"], top["events"], days_ago, top["points"], strict=True
            )
        ]
    )
    reasons = top.groupby("person_id")["reason"].agg(list).reindex(result.index)
    result["intent_reasons"] = [v if isinstance(v, list) else [] for v in reasons]
    return result[columns]


def _reason(kind: str, events: int, days_ago: int, points: float) -> str:
    phrase = PHRASES.get(kind, kind.replace("_", " "))
    times = f" {events} times" if events > 1 else ""
    last = "last " if events > 1 else ""
    return f"{phrase}{times}, {last}{ago(days_ago)}: {signed(points)}"
