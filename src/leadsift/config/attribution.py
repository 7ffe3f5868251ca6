"""[attribution] in leadsift.toml: how the campaign report credits outcomes to campaigns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The names of leadsift.attribution's models (kept here as data: config imports no algorithms)
AttributionModel = Literal[
    "first", "last", "last_non_direct", "linear", "u", "w", "full_path", "time_decay",
    "markov", "shapley", "shapley_ordered",
]  # fmt: skip


class AttributionSettings(BaseModel):
    """The report's model (W-shaped by default: docs/attribution.md says why), how far back a
    touch may be to count for an outcome, the time-decay half-life, the Markov chain's order
    and the label of direct traffic for last non-direct touch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: AttributionModel = "w"
    lookback_days: int = Field(default=90, ge=1, le=3650)
    half_life_days: float = Field(default=7.0, gt=0, le=3650)
    markov_order: int = Field(default=1, ge=1, le=3)
    direct: str = Field(default="direct", min_length=1)
