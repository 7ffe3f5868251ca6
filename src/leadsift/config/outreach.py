"""[outreach] in leadsift.toml: what reaching a person costs and how often a reached person
in the target market qualifies or takes a meeting, by how they were reached (a share on a
social network, or direct outreach: email, phone). `leadsift spread compare` turns each
plan's in-target reach into expected qualified leads and meetings with these rates when the
workspace's own history has too few people reached that way to learn them from.

The defaults are round planning figures, not measurements (docs/spread.md gives their
sources): direct outreach books a meeting with 1.5% of the people it works (an SDR's
cadence of 400 contacts a week booking about six), a share one with 0.2% of the people it
reaches (about 2.5% of the people a post reaches engage with it, and few of those ask to
talk); a contact costs $8 of an SDR's time (at 1.5% about $530 a meeting, inside the
$300-800 published for SDR-driven outbound) and a seed's post $50 (the upper end of the
$10-100 a nano-influencer charges)."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Rate = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0, le=1e9)]


class OutreachSettings(BaseModel):
    """Rates (0-1) of a meeting and of qualifying (MQL or later) for a person in the target
    market reached by a share or directly; the cost of contacting one person directly and
    of one seed when the node table has no cost column; how many people a way of reaching
    must have reached before its rates are learned from the workspace."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    share_meeting_rate: Rate = 0.002
    direct_meeting_rate: Rate = 0.015
    share_qualified_rate: Rate = 0.01
    direct_qualified_rate: Rate = 0.04
    outreach_cost_per_contact: Money = 8.0
    seed_cost: Money = 50.0
    min_people: Annotated[int, Field(ge=1, le=1_000_000)] = 30
    # Where recipients reach `leadsift serve` (https://leads.example.com): the one-click
    # unsubscribe link of every email is PUBLIC_URL/u/TOKEN. Sending needs it; a dry run
    # writes links to https://leadsift.invalid without it.
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")

    @model_validator(mode="after")
    def _meetings_are_qualified(self) -> Self:
        # a person who took a meeting is at the meeting stage, above MQL: qualified
        for way in ("share", "direct"):
            meeting = getattr(self, f"{way}_meeting_rate")
            qualified = getattr(self, f"{way}_qualified_rate")
            if qualified < meeting:
                raise ValueError(
                    f"{way}_qualified_rate ({qualified:g}) is below {way}_meeting_rate "
                    f"({meeting:g}): everyone who takes a meeting is qualified"
                )
        return self
