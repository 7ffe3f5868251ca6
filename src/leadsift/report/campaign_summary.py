"""Per-campaign figures, computed inside the database with SQLAlchemy Core.

This is the vanity view that teams are judged on today (spend, reach, raw leads, cost per
lead); the qualification step adds the quality columns beside it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from leadsift.store.schema import campaigns, spend, touches

# Kinds that make someone a "lead" in the usual, volume-minded sense.
LEAD_KINDS = (
    "form_submit", "register", "download", "reply", "demo_request", "contact_request",
    "call_positive", "meeting_booked",
)  # fmt: skip
REACH_KINDS = ("impression", "view", "delivered", "open", "visit", "call_connected", "attend")


@dataclass(frozen=True)
class CampaignFigures:
    campaign: str
    channel: str | None
    spend: float
    touches: int
    reach: int
    raw_leads: int
    cost_per_lead: float | None
    cost_per_reach: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _actor() -> sa.ColumnElement[Any]:
    """Whoever did the touch, by the strongest identifier the row has."""
    return sa.func.coalesce(
        sa.func.lower(touches.c.email),
        touches.c.phone,
        touches.c.platform + ":" + touches.c.handle,
        touches.c.anonymous_id,
    )


def campaign_summary(connection: sa.Connection) -> list[CampaignFigures]:
    actor = _actor()
    touch_figures = (
        sa.select(
            touches.c.campaign.label("campaign"),
            sa.func.min(touches.c.channel).label("channel"),
            sa.func.count().label("touches"),
            sa.func.count(sa.distinct(sa.case((touches.c.kind.in_(REACH_KINDS), actor)))).label(
                "reach"
            ),
            sa.func.count(sa.distinct(sa.case((touches.c.kind.in_(LEAD_KINDS), actor)))).label(
                "raw_leads"
            ),
        )
        .where(touches.c.campaign.is_not(None))
        .group_by(touches.c.campaign)
        .subquery()
    )
    spend_figures = (
        sa.select(spend.c.campaign, sa.func.sum(spend.c.amount).label("spend"))
        .group_by(spend.c.campaign)
        .subquery()
    )
    names = sa.union(
        sa.select(touch_figures.c.campaign),
        sa.select(spend_figures.c.campaign),
        sa.select(campaigns.c.campaign),
    ).subquery()
    query = (
        sa.select(
            names.c.campaign,
            sa.func.coalesce(campaigns.c.channel, touch_figures.c.channel).label("channel"),
            sa.func.coalesce(spend_figures.c.spend, 0).label("spend"),
            sa.func.coalesce(touch_figures.c.touches, 0).label("touches"),
            sa.func.coalesce(touch_figures.c.reach, 0).label("reach"),
            sa.func.coalesce(touch_figures.c.raw_leads, 0).label("raw_leads"),
        )
        .select_from(names)
        .outerjoin(touch_figures, touch_figures.c.campaign == names.c.campaign)
        .outerjoin(spend_figures, spend_figures.c.campaign == names.c.campaign)
        .outerjoin(campaigns, campaigns.c.campaign == names.c.campaign)
        .order_by(names.c.campaign)
    )
    figures = []
    for row in connection.execute(query):
        money = float(row.spend)
        figures.append(
            CampaignFigures(
                campaign=row.campaign,
                channel=row.channel,
                spend=money,
                touches=int(row.touches),
                reach=int(row.reach),
                raw_leads=int(row.raw_leads),
                cost_per_lead=money / row.raw_leads if row.raw_leads else None,
                cost_per_reach=money / row.reach if row.reach else None,
            )
        )
    return figures
