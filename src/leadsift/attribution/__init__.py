"""Attribution: who gets the credit for an outcome, among the touches that led to it.

Pure algorithms over journeys (no workspace, no I/O beyond reading a path table):

- `JourneySet` (columns) or `Journey`/`Touch` (objects): the touches before each outcome;
- `attribute(journeys, model, ModelOptions(...))` -> `Attribution`, for any name in MODELS;
- the models themselves: `credit_rule` and `touch_credits` (per touch) for the rule-based
  ones, `credit_markov` (removal effects of order 1..N, solved exactly), `credit_shapley` and
  `credit_shapley_ordered` (Zhao et al. 2018);
- `read_path_table` / `to_path_table`: ChannelAttribution's path table.

This package imports only leadsift.domain and third-party libraries, so any layer may use it.
"""

from leadsift.attribution.credits import Attribution, settle
from leadsift.attribution.journeys import Journey, JourneySet, Touch, aggregate
from leadsift.attribution.markov import (
    MarkovChain,
    RemovalEffects,
    credit_markov,
    estimate_chain,
    removal_effects,
)
from leadsift.attribution.models import DATA_DRIVEN_MODELS, MODELS, ModelOptions, attribute
from leadsift.attribution.pathfile import (
    JourneyFileError,
    journeys_from_table,
    read_path_table,
    to_path_table,
)
from leadsift.attribution.rules import (
    RULE_MODELS,
    RuleOptions,
    credit_rule,
    touch_credits,
    touch_shares,
)
from leadsift.attribution.shapley import credit_shapley, credit_shapley_ordered

__all__ = [
    "DATA_DRIVEN_MODELS",
    "MODELS",
    "RULE_MODELS",
    "Attribution",
    "Journey",
    "JourneyFileError",
    "JourneySet",
    "MarkovChain",
    "ModelOptions",
    "RemovalEffects",
    "RuleOptions",
    "Touch",
    "aggregate",
    "attribute",
    "credit_markov",
    "credit_rule",
    "credit_shapley",
    "credit_shapley_ordered",
    "estimate_chain",
    "journeys_from_table",
    "read_path_table",
    "removal_effects",
    "settle",
    "to_path_table",
    "touch_credits",
    "touch_shares",
]
