"""The campaign report's figures: vanity beside quality, per campaign or per channel.

Every aggregate is one SQL query run inside the database (SQLite or PostgreSQL), over the
touches, the scored people and the outcomes; Python only assembles the few result rows.
Outcomes (qualified leads, meetings, opportunities, pipeline, won revenue) are credited by
an attribution model (report/credit.py: W-shaped unless [attribution] says otherwise), so
that the groups' outcomes add up to the outcomes there are; with no model, the older
"influenced" count: an outcome counts whole for every campaign the person engaged with
(authentically) before it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.domain.stages import RANK, Stage
from leadsift.domain.vocabulary import LEAD_KINDS, REACH_KINDS
from leadsift.report.credit import Crediting, credited_outcomes
from leadsift.report.figures import FUNNEL_STAGES, CampaignReport, GroupBy, GroupFigures
from leadsift.report.spend_metrics import spend_and_metrics
from leadsift.scoring.stages import ENGAGEMENT_KINDS
from leadsift.store import schema

t, p, ps, o = schema.touches, schema.persons, schema.person_scores, schema.outcomes


def _actor() -> sa.ColumnElement[Any]:
    return sa.func.coalesce(
        sa.cast(t.c.person_id, sa.String),
        sa.func.lower(t.c.email),
        t.c.phone,
        t.c.platform + ":" + t.c.handle,
        t.c.anonymous_id,
    )


def _group_column(by: GroupBy) -> sa.ColumnElement[Any]:
    if by == "campaign":
        return sa.func.coalesce(t.c.campaign, "(no campaign)")
    return t.c.channel


def _since(query: sa.Select[Any], since: date | None) -> sa.Select[Any]:
    if since is None:
        return query
    return query.where(t.c.occurred_at >= datetime(since.year, since.month, since.day, tzinfo=UTC))


def _volume(connection: sa.Connection, by: GroupBy, since: date | None) -> pd.DataFrame:
    group = _group_column(by).label("grp")
    actor = _actor()

    def distinct_actors(kinds: tuple[str, ...] | frozenset[str]) -> sa.ColumnElement[Any]:
        return sa.func.count(sa.distinct(sa.case((t.c.kind.in_(sorted(kinds)), actor))))

    def count_kind(kind: str) -> sa.ColumnElement[Any]:
        return sa.func.sum(sa.case((t.c.kind == kind, 1), else_=0))

    query = sa.select(
        group,
        sa.func.min(t.c.channel).label("channel"),
        count_kind("impression").label("impressions"),
        count_kind("view").label("views"),
        distinct_actors(("follow",)).label("followers_gained"),
        distinct_actors(REACH_KINDS).label("reach"),
        sa.func.count(
            sa.distinct(sa.case((sa.and_(t.c.kind.in_(REACH_KINDS), t.c.noise.is_(None)), actor)))
        ).label("authentic_reach"),
        distinct_actors(LEAD_KINDS).label("raw_leads"),
        distinct_actors(ENGAGEMENT_KINDS).label("engaged_people"),
    ).group_by(group)
    return pd.DataFrame(connection.execute(_since(query, since)).mappings().all())


def _engaged_people(by: GroupBy, since: date | None) -> sa.Subquery:
    """One row per group and engaged person: whether any of their engagement there was
    authentic (not scanner, proxy or bot noise), and when it first was."""
    group = _group_column(by).label("grp")
    clean = t.c.noise.is_(None)
    query = (
        sa.select(
            group,
            t.c.person_id,
            sa.func.max(sa.case((clean, 1), else_=0)).label("clean"),
            sa.func.min(sa.case((clean, t.c.occurred_at))).label("first_at"),
        )
        .where(t.c.person_id.is_not(None), t.c.kind.in_(sorted(ENGAGEMENT_KINDS)))
        .group_by(group, t.c.person_id)
    )
    return _since(query, since).subquery("engaged")


def _quality(connection: sa.Connection, by: GroupBy, since: date | None) -> pd.DataFrame:
    engaged = _engaged_people(by, since)
    authentic = sa.and_(p.c.noise.is_(None), engaged.c.clean == 1)
    rank = sa.case(*[(ps.c.stage == stage, rank) for stage, rank in RANK.items()], else_=-1)
    funnel = {
        f"funnel_{stage}": sa.func.sum(
            sa.case((sa.and_(authentic, rank >= RANK[stage]), 1), else_=0)
        )
        for stage in FUNNEL_STAGES
        if stage != "engaged"
    }
    query = (
        sa.select(
            engaged.c.grp,
            sa.func.count().label("engaged_persons"),
            sa.func.sum(sa.case((authentic, 1), else_=0)).label("authentic"),
            sa.func.sum(
                sa.case((sa.or_(p.c.noise.like("bot%"), p.c.noise.like("burst%")), 1), else_=0)
            ).label("bots"),
            sa.func.sum(sa.case((sa.and_(authentic, ps.c.in_target.is_(True)), 1), else_=0)).label(
                "in_target"
            ),
            sa.func.sum(
                sa.case((sa.and_(authentic, rank >= RANK[Stage.MQL.value]), 1), else_=0)
            ).label("qualified_leads"),
            *[value.label(name) for name, value in funnel.items()],
        )
        .select_from(engaged)
        .join(p, p.c.id == engaged.c.person_id)
        .outerjoin(ps, ps.c.person_id == engaged.c.person_id)
        .group_by(engaged.c.grp)
    )
    return pd.DataFrame(connection.execute(query).mappings().all())


def _outcomes(connection: sa.Connection, by: GroupBy, since: date | None) -> pd.DataFrame:
    engaged = _engaged_people(by, since)
    influenced = sa.and_(
        o.c.person_id == engaged.c.person_id, o.c.occurred_at >= engaged.c.first_at
    )
    query = (
        sa.select(
            engaged.c.grp,
            sa.func.count(sa.distinct(sa.case((o.c.kind == "meeting", o.c.person_id)))).label(
                "meetings"
            ),
            sa.func.count(sa.distinct(sa.case((o.c.kind == "opportunity", o.c.person_id)))).label(
                "opportunities"
            ),
            sa.func.sum(sa.case((o.c.kind == "opportunity", o.c.amount), else_=0)).label(
                "pipeline"
            ),
            sa.func.sum(sa.case((o.c.kind == "won", o.c.amount), else_=0)).label("won_revenue"),
        )
        .select_from(engaged)
        .join(o, influenced)
        .join(p, p.c.id == engaged.c.person_id)
        .where(p.c.noise.is_(None), engaged.c.clean == 1)
        .group_by(engaged.c.grp)
    )
    return pd.DataFrame(connection.execute(query).mappings().all())


def burst_notes(connection: sa.Connection, since: date | None = None) -> list[str]:
    """One sentence per campaign where the burst detector found coordinated activity."""
    query = (
        sa.select(
            t.c.campaign,
            sa.func.count().label("events"),
            sa.func.min(t.c.occurred_at).label("first"),
            sa.func.max(t.c.occurred_at).label("last"),
        )
        .where(t.c.noise.like("burst%"))
        .group_by(t.c.campaign)
        .order_by(t.c.campaign)
    )
    notes = []
    for row in connection.execute(_since(query, since)):
        first = pd.Timestamp(row.first)
        notes.append(
            f"Coordinated burst on {row.campaign}: {int(row.events):,} follows and likes from "
            f"bot-like accounts around {first:%d %b %Y %H:%M}; left out of the quality figures."
        )
    return notes


def _ratio(top: float, bottom: float) -> float | None:
    return float(top) / float(bottom) if bottom else None


def build_report(
    connection: sa.Connection,
    *,
    by: GroupBy = "campaign",
    since: date | None = None,
    currency: str = "USD",
    summarise: Callable[[list[GroupFigures], str], list[str]] | None = None,
    crediting: Crediting | None = None,
) -> CampaignReport:
    quality = _quality(connection, by, since)
    unattributed: dict[str, float] = {}
    if crediting is None:
        outcomes = _outcomes(connection, by, since)
    else:
        credited = credited_outcomes(connection, by, since, crediting)
        outcomes, unattributed = credited.figures, credited.unattributed
        quality = quality.drop(columns=["qualified_leads"], errors="ignore")
    frames = [
        _volume(connection, by, since),
        quality,
        outcomes,
        spend_and_metrics(connection, by, since),
    ]
    merged: pd.DataFrame | None = None
    for frame in frames:
        if frame.empty:
            continue
        frame = frame.set_index("grp")
        merged = frame if merged is None else merged.join(frame, how="outer")
    groups: list[GroupFigures] = []
    if merged is not None:
        merged = merged.sort_index()
        for name, row in zip(merged.index, merged.to_dict("records"), strict=True):
            groups.append(_figures(str(name), row, by))
    return CampaignReport(
        by=by,
        currency=currency,
        since=since,
        generated_at=datetime.now(UTC),
        groups=groups,
        summary=(summarise(groups, currency) if summarise else []) + burst_notes(connection, since),
        attribution=crediting.model if crediting else None,
        attribution_note=_credit_note(crediting, unattributed),
    )


def _credit_note(crediting: Crediting | None, unattributed: dict[str, float]) -> str:
    if crediting is None:
        return "Outcomes are attributed to every campaign a person engaged with before them."
    note = f"Outcomes credited by {crediting.describe()}."
    left = {kind: n for kind, n in unattributed.items() if n}
    if left:
        counted = ", ".join(f"{n:,.0f} {kind}" for kind, n in left.items())
        note += f" Not credited to any campaign (no touch in the window): {counted}."
    return note


def _figures(name: str, row: dict[Any, Any], by: GroupBy) -> GroupFigures:
    def number(key: str) -> float:
        value = row.get(key)
        return 0.0 if value is None or pd.isna(value) else float(value)

    spend = number("spend")

    def touches_else_reported(key: str, reported: str) -> float:
        # what the people's own touches show, else (ads, no per-person data) what the
        # platform reported
        return number(key) or number(f"reported_{reported}")

    engaged = number("engaged_persons")
    authentic = number("authentic")
    in_target = number("in_target")
    qualified = number("qualified_leads")
    meetings = number("meetings")  # credited: fractions of meetings add up across groups
    won = number("won_revenue")
    funnel = {"engaged": int(authentic)}
    funnel.update({stage: int(number(f"funnel_{stage}")) for stage in FUNNEL_STAGES[1:]})
    channel = row.get("channel")
    return GroupFigures(
        group=name,
        channel=name
        if by == "channel"
        else (None if channel is None or pd.isna(channel) else str(channel)),
        spend=spend,
        impressions=int(touches_else_reported("impressions", "impressions")),
        views=int(number("views")),
        followers_gained=int(number("followers_gained")),
        reach=int(touches_else_reported("reach", "reach")),
        raw_leads=int(touches_else_reported("raw_leads", "leads")),
        cost_per_lead=_ratio(spend, touches_else_reported("raw_leads", "leads")) if spend else None,
        engaged_people=int(engaged),
        authentic_share=_ratio(authentic, engaged),
        in_target_share=_ratio(in_target, authentic),
        containment=_ratio(engaged - in_target, engaged),
        qualified_leads=qualified,
        meetings=meetings,
        opportunities=number("opportunities"),
        pipeline=number("pipeline"),
        won_revenue=won,
        cost_per_qualified_lead=_ratio(spend, qualified) if spend else None,
        cost_per_meeting=_ratio(spend, meetings) if spend else None,
        roi=_ratio(won - spend, spend),
        funnel=funnel,
        authentic_reach=int(number("authentic_reach")),
        bot_share=_ratio(number("bots"), engaged),
    )
