"""Outcomes credited to campaigns (or channels) by an attribution model: the report's
qualified leads, meetings, opportunities, pipeline and won revenue per group, where each
outcome's credit sums to that one outcome, so the groups add up to what there is.

The journeys are report/journeys.py's; the models are leadsift.attribution's. Data-driven
models (Markov, Shapley) also read the journeys that did not convert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa

from leadsift.attribution import DATA_DRIVEN_MODELS, MODELS, Attribution, ModelOptions, attribute
from leadsift.report.figures import GroupBy
from leadsift.report.journeys import OUTCOME_KINDS, OutcomeJourneys, Touches, build_journeys
from leadsift.report.journeys import load_touches as load_touches

# what each model does, in the words the report prints
DESCRIPTIONS = {
    "first": "first touch: all of an outcome to the first campaign that touched the person",
    "last": "last touch: all of an outcome to the last campaign before it",
    "last_non_direct": "last non-direct touch: all to the last campaign that was not direct",
    "linear": "linear: an outcome shared equally among the touches before it",
    "u": "U-shaped: 40% first touch, 40% lead creation, 20% the touches between",
    "w": "W-shaped: 30% first touch, 30% lead creation, 30% opportunity creation, 10% the rest",
    "full_path": "full path: 22.5% each to first touch, lead creation, opportunity creation "
    "and closed-won, 10% the rest",
    "time_decay": "time decay: recent touches count more (half-life {half_life:g} days)",
    "markov": "Markov chain removal effects (order {order}): what each campaign's absence "
    "would cost",
    "shapley": "Shapley values: each campaign's average contribution over every coalition",
    "shapley_ordered": "ordered Shapley values: Shapley with the position of each touch",
}

# outcome kind -> the report's (count, value) column names
COLUMNS = {
    "qualified": ("qualified_leads", None),
    "meeting": ("meetings", None),
    "opportunity": ("opportunities", "pipeline"),
    "won": (None, "won_revenue"),
}


@dataclass(frozen=True)
class Crediting:
    """How outcomes are credited: the model, the lookback window, and the models' knobs."""

    model: str = "w"
    lookback_days: int = 90
    half_life_days: float = 7.0
    markov_order: int = 1
    direct: str = "direct"

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"unknown attribution model {self.model!r}; use {', '.join(MODELS)}")

    @property
    def options(self) -> ModelOptions:
        return ModelOptions(self.direct, self.half_life_days, self.markov_order)

    def describe(self) -> str:
        text = DESCRIPTIONS[self.model].format(
            half_life=self.half_life_days, order=self.markov_order
        )
        return f"{text}; touches up to {self.lookback_days} days before each outcome"


def outcome_journeys(
    connection: sa.Connection, touches: Touches, kind: str, crediting: Crediting, nulls: bool
) -> OutcomeJourneys:
    return build_journeys(
        connection, touches, kind, lookback_days=crediting.lookback_days, with_nulls=nulls
    )


def credit(journeys: OutcomeJourneys, model: str, crediting: Crediting) -> Attribution | None:
    """The model's credit per label, None when there is no outcome to credit."""
    if (
        journeys.journeys.size == 0
        or journeys.journeys.total_conversions + (journeys.journeys.total_value) <= 0
    ):
        return None
    return attribute(journeys.journeys, model, crediting.options)


@dataclass(frozen=True)
class CreditedOutcomes:
    """Per group: credited counts and amounts; and per outcome kind, what no group could be
    credited with (no authentic touch in its window)."""

    figures: pd.DataFrame  # grp, qualified_leads, meetings, opportunities, pipeline, won_revenue
    unattributed: dict[str, float]


def credited_outcomes(
    connection: sa.Connection, by: GroupBy, since: date | None, crediting: Crediting
) -> CreditedOutcomes:
    touches = load_touches(connection, by, since)
    nulls = crediting.model in DATA_DRIVEN_MODELS
    columns: dict[str, pd.Series] = {}
    unattributed: dict[str, float] = {}
    for kind in OUTCOME_KINDS:
        journeys = outcome_journeys(connection, touches, kind, crediting, nulls)
        unattributed[kind] = journeys.unattributed
        found = credit(journeys, crediting.model, crediting)
        count_column, value_column = COLUMNS[kind]
        for column, values in ((count_column, "conversions"), (value_column, "value")):
            if column is None:
                continue
            if found is None:
                columns[column] = pd.Series(dtype=float)
                continue
            columns[column] = pd.Series(getattr(found, values), index=list(found.labels))
    figures = pd.DataFrame(columns).fillna(0.0)
    figures.index.name = "grp"
    return CreditedOutcomes(figures.reset_index(), unattributed)
