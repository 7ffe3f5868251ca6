"""Rich renderings of report figures for the terminal: by default two narrow tables that fit
an 80-column window (what each group cost by the usual measure beside what it cost per
qualified lead and per meeting; then how authentic it was and what it brought), every column
with `wide`."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from leadsift.report.figures import CampaignReport
from leadsift.report.units import count, money, money_short, share


def _narrow(title: str, label: str, headers: tuple[str, ...]) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
        collapse_padding=True,
    )  # fmt: skip
    # a long campaign name folds onto a second line rather than pushing figures off screen
    table.add_column(label, overflow="fold", min_width=12, max_width=34)
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)
    return table


def render_compact(report: CampaignReport) -> RenderableType:
    """The summary and the key figures in two tables that fit 80 columns."""
    cur = report.currency
    costs = _narrow(
        "What a lead costs: per lead, as usual, and per qualified lead and meeting", report.by,
        ("spend", "per\nlead", "quali-\nfied", "per\nqual.", "meet-\nings", "per\nmeet."),
    )  # fmt: skip
    brought = _narrow(
        "How real it was, and what it brought", report.by,
        ("raw\nleads", "authen-\ntic", "in\ntarget", "bots", "pipeline", "won"),
    )  # fmt: skip
    for g in report.groups:
        name = escape(g.group)
        costs.add_row(
            name, money_short(g.spend, cur), money(g.cost_per_lead, cur),
            count(g.qualified_leads), money_short(g.cost_per_qualified_lead, cur),
            count(g.meetings), money_short(g.cost_per_meeting, cur),
        )  # fmt: skip
        brought.add_row(
            name, count(g.raw_leads), share(g.authentic_share), share(g.in_target_share),
            share(g.bot_share), money_short(g.pipeline, cur), money_short(g.won_revenue, cur),
        )  # fmt: skip
    parts: list[RenderableType] = []
    if report.summary:
        parts.append(Text("\n".join(f"• {line}" for line in report.summary)))
    parts += [costs, brought]
    parts += _notes(report)
    parts.append(
        Text(
            "Every column (impressions, views, followers, ROI...): leadsift report --wide. "
            "Charts: leadsift report --html report.html, or the dashboard (leadsift serve).",
            style="dim",
        )
    )
    return Group(*parts)


def _notes(report: CampaignReport) -> list[RenderableType]:
    notes: list[RenderableType] = []
    if report.since:
        notes.append(Text(f"Activity and spend since {report.since:%Y-%m-%d}.", style="dim"))
    notes.append(Text(report.attribution_note, style="dim"))
    return notes


def render_report(report: CampaignReport) -> RenderableType:
    """The summary, then the vanity view and the quality view of every group, every
    column (`leadsift report --wide`)."""
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
    parts += _notes(report)
    return Group(*parts)
