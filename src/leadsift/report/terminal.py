"""Rich renderings of report figures for the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from leadsift.report.figures import CampaignReport
from leadsift.report.units import count, money, share


def render_report(report: CampaignReport) -> RenderableType:
    """The summary, then the vanity view and the quality view of every group."""
    cur = report.currency
    label = report.by
    vanity = Table(title="What you are judged on (vanity)", title_justify="left")
    vanity.add_column(label)
    for header in ("spend", "impressions", "views", "followers", "reach", "authentic reach",
                   "raw leads", "cost / lead"):  # fmt: skip
        vanity.add_column(header, justify="right")
    quality = Table(title="What it produced (quality)", title_justify="left")
    quality.add_column(label)
    for header in ("authentic", "bots", "in target", "outside market", "qualified", "meetings",
                   "pipeline", "won", "cost / qualified", "cost / meeting", "ROI"):  # fmt: skip
        quality.add_column(header, justify="right")
    for g in report.groups:
        name = escape(g.group)
        vanity.add_row(
            name, money(g.spend, cur), count(g.impressions), count(g.views),
            count(g.followers_gained), count(g.reach), count(g.authentic_reach),
            count(g.raw_leads),
            money(g.cost_per_lead, cur),
        )  # fmt: skip
        quality.add_row(
            name, share(g.authentic_share), share(g.bot_share), share(g.in_target_share),
            share(g.containment),
            count(g.qualified_leads), count(g.meetings), money(g.pipeline, cur),
            money(g.won_revenue, cur), money(g.cost_per_qualified_lead, cur),
            money(g.cost_per_meeting, cur), share(g.roi),
        )  # fmt: skip
    parts: list[RenderableType] = []
    if report.summary:
        parts.append(Text("\n".join(f"• {line}" for line in report.summary)))
    parts += [vanity, quality]
    if report.since:
        parts.append(Text(f"Activity and spend since {report.since:%Y-%m-%d}.", style="dim"))
    parts.append(
        Text(
            "Outcomes are attributed to every campaign a person engaged with before them.",
            style="dim",
        )
    )
    return Group(*parts)
