"""Spend and what ad platforms report (impressions, reach, clicks, leads) per report group.

A campaign's spend comes from the spend table where it has rows there, else from what its ad
platform reported (campaign_metrics), so a campaign imported both ways is never counted twice.
A metrics row covering a date range counts, for `--since`, in proportion to the days of its
range on or after that date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.report.figures import GroupBy
from leadsift.store import schema

_METRICS = ("impressions", "reach", "clicks", "leads")


def _campaign_channels(connection: sa.Connection) -> pd.Series:
    """A campaign's channel: as declared, else the one its touches mostly came through."""
    t, c = schema.touches, schema.campaigns
    touched = dict(
        connection.execute(
            sa.select(t.c.campaign, sa.func.min(t.c.channel)).group_by(t.c.campaign)
        ).all()
    )
    declared = dict(connection.execute(sa.select(c.c.campaign, c.c.channel)).all())
    merged = {**touched, **{k: v for k, v in declared.items() if v is not None}}
    return pd.Series(merged, dtype=object)


def _metric_rows(connection: sa.Connection, since: date | None) -> pd.DataFrame:
    m = schema.campaign_metrics
    query = sa.select(
        m.c.campaign, m.c.date_from, m.c.date_to, m.c.amount, *[m.c[n] for n in _METRICS]
    )
    if since is not None:
        query = query.where(m.c.date_to >= since)
    frame = pd.DataFrame(
        connection.execute(query).all(),
        columns=["campaign", "date_from", "date_to", "amount", *_METRICS],
    )
    if frame.empty or since is None:
        return frame
    start = pd.to_datetime(frame["date_from"])
    end = pd.to_datetime(frame["date_to"])
    days = (end - start).dt.days + 1
    first = start.where(start >= pd.Timestamp(since), pd.Timestamp(since))
    kept = (end - first).dt.days + 1
    share = (kept / days).clip(0, 1)
    for column in ("amount", *_METRICS):
        frame[column] = pd.to_numeric(frame[column], errors="coerce") * share
    return frame


def spend_and_metrics(connection: sa.Connection, by: GroupBy, since: date | None) -> pd.DataFrame:
    s = schema.spend
    query = sa.select(s.c.campaign, sa.func.sum(s.c.amount)).group_by(s.c.campaign)
    if since is not None:
        query = query.where(s.c.date >= since)
    spent = pd.Series(dict(connection.execute(query).all()), dtype=float)
    metrics = _metric_rows(connection, since)
    for column in ("amount", *_METRICS):
        metrics[column] = pd.to_numeric(metrics[column], errors="coerce")
    reported = metrics.groupby("campaign")[["amount", *_METRICS]].sum(min_count=1)
    campaigns = spent.index.union(reported.index)
    if campaigns.empty:
        return pd.DataFrame()
    frame = pd.DataFrame(index=campaigns)
    frame["spend"] = spent.reindex(campaigns).astype(float)
    frame["spend"] = frame["spend"].where(
        frame["spend"].notna(), reported["amount"].reindex(campaigns)
    )
    for column in _METRICS:
        frame[f"reported_{column}"] = (
            reported[column].reindex(campaigns) if column in reported else None
        )
    if by == "campaign":
        grouped: Any = frame
    else:
        channels = _campaign_channels(connection).reindex(campaigns)
        default = pd.Series("ads", index=campaigns).where(
            campaigns.isin(reported.index), "(unknown)"
        )
        frame["grp"] = channels.where(channels.notna(), default).to_numpy()
        grouped = frame.groupby("grp").sum(min_count=1)
    result = grouped.drop(columns=["grp"], errors="ignore")
    result.index.name = "grp"
    return pd.DataFrame(result.reset_index())
