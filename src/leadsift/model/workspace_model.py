"""The workspace's own conversion model: trained on its history, applied by `leadsift score`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.config.settings import Settings
from leadsift.domain.errors import LeadsiftError
from leadsift.model.reasons import top_reasons
from leadsift.model.snapshots import (
    DAY,
    LABELS,
    WINDOWS,
    features_as_of,
    load_activity,
    training_snapshots,
)
from leadsift.scoring.fit import score_fit
from leadsift.scoring.people import load_people
from leadsift.store import schema

if TYPE_CHECKING:
    # LightGBM and scikit-learn take a second to import: only when a model is trained or used
    from leadsift.model.estimator import ConversionModel

# people with the highest probability whose reasons are put into words: everyone scored in
# a workspace of ordinary size (a TreeSHAP pass costs 1-1.5 ms a person on 2 cores)
REASONED = 20_000


class TooLittleHistory(LeadsiftError):
    """Not enough outcomes to learn from; the rules keep working."""


def static_frame(people: pd.DataFrame, fit: pd.DataFrame) -> pd.DataFrame:
    """Who each person is, as the model sees it (one row per person_id)."""
    country = people.get("account_country", pd.Series(index=people.index, dtype=object))
    return pd.DataFrame(
        {
            "fit": fit["fit"].astype(float),
            "role": fit["role"].astype(object),
            "in_target": fit["in_target"].astype(float),
            "account_target": people["account_target"].eq(True).astype(float),
            "free_mail": people["free_mail"].eq(True).astype(float),
            "industry": people["industry"].astype(object),
            "employees": pd.to_numeric(people["employees"], errors="coerce"),
            "country": country.where(country.notna(), people["country"]).astype(object),
            "account_id": people["account_id"].astype("Float64").astype(float),
        },
        index=people.index,
    )


def _kinds(settings: Settings) -> tuple[str, ...]:
    return tuple(kind for kind, weight in settings.intent.weights.items() if weight != 0) or tuple(
        settings.intent.weights
    )


def train_workspace(
    engine: sa.Engine,
    settings: Settings,
    *,
    horizon_days: int = 30,
    step_days: int = 14,
    min_positives: int = 30,
) -> dict[str, Any]:
    """Learn P(meeting or better within `horizon_days`) from as-of snapshots, store the
    model with its card, and return the card."""
    from leadsift.model.estimator import ConversionModel
    from leadsift.model.validation import time_split

    with engine.connect() as connection:
        people = load_people(connection, source_priority=settings.identity.source_priority)
        if people.empty:
            raise TooLittleHistory("no people in the workspace yet: import and score first")
        static = static_frame(people, score_fit(people, settings.target, settings.fit))
        activity = load_activity(connection, _kinds(settings))
    if activity.daily.empty:
        raise TooLittleHistory("cannot train: the workspace has no scored touches yet")
    snaps = training_snapshots(activity, static, horizon_days, step_days)
    if snaps is None:
        span = int(activity.daily["day"].max() - activity.daily["day"].min())
        raise TooLittleHistory(
            f"cannot train: the touches span {span} days, too short for a {horizon_days}-day "
            "horizon after a 30-day warm-up; the rules keep working"
        )
    positives = int(snaps.target.sum())
    if positives < min_positives:
        raise TooLittleHistory(
            f"too little history: {positives} people reached a meeting or better within "
            f"{horizon_days} days of a snapshot; at least {min_positives} are needed. "
            "The rules keep working; train again when more outcomes are imported."
        )
    try:
        held_out = time_split(snaps.features, snaps.target, snaps.day, ConversionModel)
        figures: dict[str, Any] | None = held_out.as_dict()
    except ValueError:
        figures = None
    model = ConversionModel().fit(snaps.features, snaps.target, snaps.day)
    now = datetime.now(UTC)
    card = {
        "trained_at": now.isoformat(timespec="seconds"),
        "predicts": f"a meeting, opportunity or win within {horizon_days} days",
        "data_window": {
            "from": _date(snaps.first_day),
            "to": _date(snaps.last_day),
        },
        "snapshots_every_days": step_days,
        "rows": len(snaps.target),
        "positives": positives,
        "features": model.kinds_,
        "time_split": figures,
        "validation": "trained on the earlier 80% of snapshots, tested on the latest 20%",
        "trees": model.rounds_,
        "mix": model.mix(),
    }
    with engine.begin() as connection:
        connection.execute(
            schema.conversion_models.insert().values(
                trained_at=now, card=card, model=json.dumps(model.to_dict(card))
            )
        )
    return card


def _date(day: int) -> str:
    return datetime.fromtimestamp(day * DAY, UTC).date().isoformat()


def latest_model(connection: sa.Connection) -> tuple[ConversionModel, dict[str, Any]] | None:
    m = schema.conversion_models
    row = connection.execute(
        sa.select(m.c.model, m.c.card).order_by(m.c.id.desc()).limit(1)
    ).first()
    if row is None:
        return None
    from leadsift.model.estimator import ConversionModel

    return ConversionModel.from_dict(json.loads(row.model)), dict(row.card)


@dataclass(frozen=True)
class Predictions:
    probability: pd.Series
    reasons: pd.Series


def predict_people(
    connection: sa.Connection,
    settings: Settings,
    people: pd.DataFrame,
    fit: pd.DataFrame,
    as_of: datetime,
) -> Predictions | None:
    """Each person's probability of a meeting within the model's horizon, as of `as_of`,
    with the top reasons in words; None when the workspace has no trained model."""
    found = latest_model(connection)
    if found is None:
        return None
    model, _ = found
    day = int(np.floor(as_of.timestamp() / DAY)) + 1  # the as-of day's touches count
    since = datetime.fromtimestamp((day - max(WINDOWS) - 1) * DAY, UTC)
    activity = load_activity(connection, _kinds(settings), since)
    # like the training rows: people active in the 90 days before; the model has never seen
    # anyone else, so it says nothing about them
    features = features_as_of(activity, static_frame(people, fit), day)
    features = features[features.index.isin(people.index)]
    probability = pd.Series(model.predict_proba(features), index=features.index)
    # sales reads the top of the list: beyond REASONED people only the most likely get reasons
    top = probability.nlargest(REASONED).index
    chosen = features.loc[top]
    reasons = pd.Series("", index=features.index, dtype=object)
    words = top_reasons(model.contributions(chosen), chosen, labels=_labels(features))
    reasons.loc[top] = pd.Series(words, index=top, dtype=object)
    return Predictions(probability, reasons)


def _labels(features: pd.DataFrame) -> dict[str, str]:
    labels = dict(LABELS)
    for column in features.columns:
        kind, _, window = column.rpartition("_")
        if column not in labels and window.endswith("d") and kind:
            labels[column] = f"{kind.replace('_', ' ')} ({window[:-1]} days)"
    return labels
