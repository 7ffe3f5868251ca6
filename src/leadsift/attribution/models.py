"""Every model by name, behind one call: `attribute(journeys, "w")`.

The names are the CLI's (`leadsift attribution journeys --model NAME`) and the report's."""

from __future__ import annotations

from dataclasses import dataclass

from leadsift.attribution.credits import Attribution
from leadsift.attribution.journeys import JourneySet
from leadsift.attribution.markov import credit_markov
from leadsift.attribution.rules import RULE_MODELS, RuleOptions, credit_rule
from leadsift.attribution.shapley import credit_shapley, credit_shapley_ordered

DATA_DRIVEN_MODELS = ("markov", "shapley", "shapley_ordered")
MODELS = RULE_MODELS + DATA_DRIVEN_MODELS


@dataclass(frozen=True)
class ModelOptions:
    """The knobs of the models: the direct label (last_non_direct), the half-life in days
    (time_decay) and the order of the Markov chain."""

    direct: str = "direct"
    half_life_days: float = 7.0
    order: int = 1


def attribute(journeys: JourneySet, model: str, options: ModelOptions | None = None) -> Attribution:
    """Credit per label under the named model; credits sum to the journeys' conversions and
    value. Raises ValueError for an unknown model or a bad option."""
    options = options or ModelOptions()
    if model in RULE_MODELS:
        return credit_rule(journeys, model, RuleOptions(options.direct, options.half_life_days))
    if model == "markov":
        return credit_markov(journeys, options.order)
    if model == "shapley":
        return credit_shapley(journeys)
    if model == "shapley_ordered":
        return credit_shapley_ordered(journeys)
    raise ValueError(f"unknown attribution model {model!r}; known: {', '.join(MODELS)}")
