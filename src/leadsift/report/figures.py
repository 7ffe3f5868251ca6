"""The figures of the campaign report, as plain data: computed by report/quality.py inside
the database, rendered by report/terminal.py, report/html.py and as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

GroupBy = Literal["campaign", "channel"]

# The funnel stages shown per group, in order.
FUNNEL_STAGES = ("engaged", "mql", "sql", "meeting", "opportunity", "customer")


@dataclass(frozen=True)
class GroupFigures:
    """One campaign (or channel): the vanity columns beside the quality columns.

    Shares are fractions in 0..1; money is in the report's currency; None means "cannot be
    computed" (no spend, nobody engaged, ...), never zero.
    """

    group: str
    channel: str | None
    # vanity
    spend: float
    impressions: int
    views: int
    followers_gained: int
    reach: int  # distinct actors who saw or received something
    raw_leads: int  # distinct actors with a lead action (form, registration, reply, ...)
    cost_per_lead: float | None
    # quality
    engaged_people: int  # distinct actors who engaged (any touch beyond delivery)
    authentic_share: float | None  # of engaged actors, the share not flagged as noise
    in_target_share: float | None  # of authentic engaged people, the share in the target market
    containment: float | None  # of the engaged audience, the share outside the target market
    # credited by the report's attribution model (fractions add up to the outcomes there are)
    qualified_leads: float  # people at MQL or later
    meetings: float
    opportunities: float
    pipeline: float  # open + won + lost opportunity amounts
    won_revenue: float
    cost_per_qualified_lead: float | None
    cost_per_meeting: float | None
    roi: float | None  # (won revenue - spend) / spend
    funnel: dict[str, int] = field(default_factory=dict)  # FUNNEL_STAGES -> people
    authentic_reach: int = 0  # reach without scanner, proxy, bot and spam activity
    bot_share: float | None = None  # of the engaged, the share that are bots or bought

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CampaignReport:
    by: GroupBy
    currency: str
    since: date | None
    generated_at: datetime
    groups: list[GroupFigures]
    summary: list[str]  # plain-language sentences computed from the figures
    attribution: str | None = None  # the model that credited the outcomes; None: influenced
    attribution_note: str = ""  # how outcomes were credited, in words, for the report's foot

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["since"] = self.since.isoformat() if self.since else None
        data["generated_at"] = self.generated_at.isoformat()
        return data
