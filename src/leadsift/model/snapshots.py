"""As-of snapshots of a workspace: what was known about each person on a given day.

A training row is (person, day D): features from touches strictly before D, and the label
"a meeting or better within the next N days". Nothing recorded on or after D reaches the
features, so the model learns only from what it will have when it predicts. Who a person is
(fit, role, account) is taken as recorded now, since contacts carry no history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.domain.vocabulary import PIPELINE_OUTCOMES
from leadsift.store import schema
from leadsift.store.dialect import epoch_seconds

DAY = 86_400
WINDOWS = (7, 30, 90)
CONVERTED = PIPELINE_OUTCOMES
STATIC = ("fit", "role", "in_target", "account_target", "free_mail", "industry",
          "employees", "country")  # fmt: skip
LABELS = {
    "fit": "fit", "role": "role", "in_target": "in the target market",
    "account_target": "named target account", "free_mail": "free-mail address",
    "industry": "industry", "employees": "company size", "country": "country",
    "days_since_last": "days since the last touch", "active_days_90d": "active days (90 days)",
    "kinds_90d": "kinds of action (90 days)", "account_people_30d": "active colleagues (30 days)",
    "account_events_30d": "account activity (30 days)",
}  # fmt: skip


@dataclass(frozen=True)
class Activity:
    daily: pd.DataFrame  # person_id, kind, day (days since 1970), n
    converted_day: pd.Series  # person_id -> first day of a meeting or better
    outcome_days: pd.DataFrame  # person_id, day of each meeting-or-better outcome
    kinds: tuple[str, ...]


def load_activity(
    connection: sa.Connection, kinds: tuple[str, ...], since: datetime | None = None
) -> Activity:
    """Non-noise touches per person, kind and day (from `since`, when given)."""
    t = schema.touches
    day = sa.func.floor(epoch_seconds(t.c.occurred_at) / DAY)
    query = (
        sa.select(t.c.person_id, t.c.kind, day.label("day"), sa.func.count())
        .where(t.c.person_id.is_not(None), t.c.noise.is_(None), t.c.kind.in_(kinds))
        .group_by(t.c.person_id, t.c.kind, day)
    )
    if since is not None:
        query = query.where(t.c.occurred_at >= since)
    daily = pd.DataFrame(
        connection.execute(query).all(),
        columns=["person_id", "kind", "day", "n"],
    ).astype({"person_id": "int64", "day": "int64", "n": "int64"})
    o = schema.outcomes
    outcomes = pd.DataFrame(
        connection.execute(
            sa.select(o.c.person_id, sa.func.floor(epoch_seconds(o.c.occurred_at) / DAY)).where(
                o.c.person_id.is_not(None), o.c.kind.in_(CONVERTED)
            )
        ).all(),
        columns=["person_id", "day"],
    ).astype({"person_id": "int64", "day": "int64"})
    return Activity(
        daily=daily,
        converted_day=outcomes.groupby("person_id")["day"].min(),
        outcome_days=outcomes,
        kinds=tuple(kinds),
    )


def features_as_of(
    activity: Activity, static: pd.DataFrame, day: int, people: pd.Index | None = None
) -> pd.DataFrame:
    """One row per person active in the 90 days before `day` (or each of `people`)."""
    daily = activity.daily
    seen = daily[(daily["day"] < day) & (daily["day"] >= day - max(WINDOWS))]
    index = pd.Index(seen["person_id"].unique(), name="person_id") if people is None else people
    out = pd.DataFrame(index=index)
    for window in WINDOWS:
        recent = seen[seen["day"] >= day - window]
        counts = recent.pivot_table(
            index="person_id", columns="kind", values="n", aggfunc="sum", fill_value=0
        )
        for kind in activity.kinds:
            column = counts[kind] if kind in counts else pd.Series(dtype=float)
            out[f"{kind}_{window}d"] = column.reindex(index).fillna(0).to_numpy()
    before = daily[daily["day"] < day]
    last = before.groupby("person_id")["day"].max()
    out["days_since_last"] = (day - last.reindex(index)).to_numpy(dtype=float)
    out["active_days_90d"] = seen.groupby("person_id")["day"].nunique().reindex(index).fillna(0)
    out["kinds_90d"] = seen.groupby("person_id")["kind"].nunique().reindex(index).fillna(0)
    out = out.join(static.reindex(columns=list(STATIC)), how="left")
    account = static["account_id"].reindex(index)
    month = seen[seen["day"] >= day - 30]
    month = month.assign(account=static["account_id"].reindex(month["person_id"]).to_numpy())
    month = month.dropna(subset=["account"])
    people_per_account = month.groupby("account")["person_id"].nunique()
    events_per_account = month.groupby("account")["n"].sum()
    out["account_people_30d"] = account.map(people_per_account).fillna(0).to_numpy()
    out["account_events_30d"] = account.map(events_per_account).fillna(0).to_numpy()
    return out


@dataclass(frozen=True)
class Snapshots:
    features: pd.DataFrame
    target: np.ndarray
    day: pd.Series  # the snapshot day of each row, as a timestamp
    first_day: int
    last_day: int


def training_snapshots(
    activity: Activity, static: pd.DataFrame, horizon_days: int, step_days: int
) -> Snapshots | None:
    """Rows every `step_days` from 30 days after the first touch to `horizon_days` before
    the last one, so every label's window is fully observed; None if that span is empty."""
    first, last = int(activity.daily["day"].min()), int(activity.daily["day"].max())
    frames, labels, days = [], [], []
    for day in range(first + 30, last - horizon_days + 1, step_days):
        rows = features_as_of(activity, static, day)
        converted = activity.converted_day.reindex(rows.index)
        rows = rows[~(converted < day).fillna(False).to_numpy()]  # already converted: no news
        future = activity.outcome_days
        hit = future[(future["day"] >= day) & (future["day"] < day + horizon_days)]
        labels.append(rows.index.isin(hit["person_id"]).astype(int))
        frames.append(rows.reset_index())
        days.append(np.full(len(rows), day))
    if not frames:
        return None
    stamps = pd.to_datetime(np.concatenate(days) * DAY, unit="s", utc=True)
    return Snapshots(
        features=pd.concat(frames, ignore_index=True).drop(columns=["person_id"]),
        target=np.concatenate(labels),
        day=pd.Series(stamps),
        first_day=first,
        last_day=last,
    )
