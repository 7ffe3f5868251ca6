"""The campaign report as one self-contained HTML file: summary, tables and inline-SVG
charts. Nothing is fetched from the network, and every value is escaped, so a campaign
called <script>alert(1)</script> is shown as that text."""

from __future__ import annotations

from html import escape

from leadsift.report.figures import FUNNEL_STAGES, CampaignReport, GroupFigures
from leadsift.report.html_charts import grouped_bars, scatter
from leadsift.report.units import NOT_AVAILABLE, count, money, share

_STYLE = """
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1f2328; margin: 2rem auto; max-width: 1180px; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; font-size: 1.25rem; }
.meta, .muted { color: #656d76; fill: #656d76; font-size: .85rem; }
.summary { background: #f6f8fa; border-left: 4px solid #1f6feb; padding: .8rem 1.2rem; }
.summary li { margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; margin-top: .6rem; font-size: .88rem; }
th, td { padding: .35rem .55rem; border-bottom: 1px solid #d0d7de; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f6f8fa; font-weight: 600; }
th.vanity { color: #9a6700; } th.quality { color: #1a7f37; }
.chart { margin: 1rem 0 1.6rem; } .chart-title { font-weight: 600; font-size: 15px; }
.axis { font-size: 12px; fill: #424a53; } .value { font-size: 11px; fill: #1f2328; }
.grid { stroke: #d0d7de; } .scroll { overflow-x: auto; }
"""

_VANITY = ("spend", "impressions", "views", "followers", "reach", "raw leads", "cost / lead")
_AUTHENTIC = ("authentic reach", "bot share")
_QUALITY = (
    "authentic", "in target", "outside market", "qualified", "meetings", "opportunities",
    "pipeline", "won", "cost / qualified lead", "cost / meeting", "ROI",
)  # fmt: skip


def _row(g: GroupFigures, currency: str) -> list[str]:
    return [
        g.group, money(g.spend, currency), count(g.impressions), count(g.views),
        count(g.followers_gained), count(g.reach), count(g.raw_leads),
        money(g.cost_per_lead, currency), count(g.authentic_reach), share(g.bot_share),
        share(g.authentic_share), share(g.in_target_share),
        share(g.containment), count(g.qualified_leads), count(g.meetings),
        count(g.opportunities), money(g.pipeline, currency), money(g.won_revenue, currency),
        money(g.cost_per_qualified_lead, currency), money(g.cost_per_meeting, currency),
        share(g.roi),
    ]  # fmt: skip


def _table(report: CampaignReport) -> str:
    head = [f"<th>{escape(report.by)}</th>"]
    head += [f'<th class="vanity">{escape(h)}</th>' for h in _VANITY]
    head += [f'<th class="quality">{escape(h)}</th>' for h in (*_AUTHENTIC, *_QUALITY)]
    rows = [
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in _row(g, report.currency)) + "</tr>"
        for g in report.groups
    ]
    return (
        f'<div class="scroll"><table><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _charts(report: CampaignReport) -> str:
    groups = report.groups
    names = [g.group for g in groups]
    cur = report.currency
    funnel = grouped_bars(
        f"Funnel per {report.by}: people at each stage or later",
        names,
        [(stage.upper() if len(stage) == 3 else stage, [g.funnel.get(stage, 0) for g in groups])
         for stage in FUNNEL_STAGES],
    )  # fmt: skip
    costs = grouped_bars(
        "What a lead costs, by the usual measure and by what matters",
        names,
        [
            ("cost per lead", [g.cost_per_lead for g in groups]),
            ("cost per qualified lead", [g.cost_per_qualified_lead for g in groups]),
            ("cost per meeting", [g.cost_per_meeting for g in groups]),
        ],
        formatter=lambda v: money(v, cur),
    )
    reach = grouped_bars(
        "Reach against qualified leads",
        names,
        [
            ("reach", [g.reach for g in groups]),
            ("qualified leads", [g.qualified_leads for g in groups]),
        ],
    )
    spend = scatter(
        "Spend against qualified leads",
        [(g.group, g.spend, float(g.qualified_leads)) for g in groups],
        f"spend ({cur})",
        "qualified leads",
        x_format=lambda v: money(v, cur),
    )
    return funnel + costs + reach + spend


def render_html(report: CampaignReport) -> str:
    summary = "".join(f"<li>{escape(line)}</li>" for line in report.summary)
    since = f" since {report.since:%d %b %Y}" if report.since else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>leadsift campaign report</title><style>{_STYLE}</style></head><body>"
        f"<h1>Campaigns: what they cost, and what they produced</h1>"
        f'<p class="meta">By {escape(report.by)}{escape(since)}; money in '
        f"{escape(report.currency)}; generated {report.generated_at:%d %b %Y %H:%M} UTC.</p>"
        f'<ul class="summary">{summary}</ul>'
        f"<h2>Vanity beside quality</h2>{_table(report)}"
        f'<p class="muted">{escape(report.attribution_note)} '
        f"{NOT_AVAILABLE} means the figure cannot be computed (no spend, nobody engaged).</p>"
        f"<h2>Charts</h2>{_charts(report)}"
        "</body></html>\n"
    )
