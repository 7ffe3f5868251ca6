"""[identity] in leadsift.toml: how `leadsift score` joins records into people."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SourceType = Literal["crm", "list", "webinar", "form", "email", "ads", "event", "api"]
# How an attribute column of the contacts (a column a map or file kept beside the contact
# fields) is compared: "exact"; "edits" (the same, one edit apart, two apart: dates, codes);
# "name" (a person's name: spelling variants, phonetics); "similar" (Jaro-Winkler >= 0.9);
# "identifier" (compared by edits, and records sharing it exactly are candidates and teach
# the matcher what a match looks like: a customer number, a national id, a date of birth).
AttributeComparison = Literal["exact", "edits", "name", "similar", "identifier"]
AttributeName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")]


class IdentitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Deterministic rules (same normalised email or phone) always run; this adds splink's
    # probabilistic matching on names, company, domain, title, phone and city.
    probabilistic: bool = True
    match_threshold: Annotated[float, Field(ge=0.5, le=1.0)] = 0.99
    # Re-estimate the matcher's parameters once the contacts have grown by this factor since
    # they were last estimated (estimating costs several times more than matching).
    retrain_growth: Annotated[float, Field(gt=1.0, le=100.0)] = 1.5
    phone_region: Annotated[str, Field(min_length=2, max_length=2)] = "US"
    # A person's current attributes: the value from the first source type listed here that has
    # one, else from the most recent observation (identity/attributes.py).
    source_priority: tuple[SourceType, ...] = ("crm",)
    # More evidence for the probabilistic matcher, from the contacts' attribute columns.
    match_attributes: dict[AttributeName, AttributeComparison] = Field(default_factory=dict)
