"""A few plain sentences at the top of the report, computed from the figures: which campaign
looks best by the usual measure, which really is, and how much of the audience was noise."""

from __future__ import annotations

from leadsift.report.figures import GroupFigures
from leadsift.report.units import money


def _best(groups: list[GroupFigures], attribute: str) -> GroupFigures | None:
    candidates = [g for g in groups if getattr(g, attribute) is not None]
    return min(candidates, key=lambda g: getattr(g, attribute)) if candidates else None


def summarise(groups: list[GroupFigures], currency: str) -> list[str]:
    if not groups:
        return ["No campaign activity or spend yet: import touches and spend, then score."]
    lines: list[str] = []
    by_lead = _best(groups, "cost_per_lead")
    by_meeting = _best(groups, "cost_per_meeting")
    if by_lead is not None and by_lead.cost_per_lead is not None:
        lines.append(
            f"By cost per lead, {by_lead.group} looks best: "
            f"{money(by_lead.cost_per_lead, currency)} per lead."
        )
    if by_meeting is not None and by_meeting.cost_per_meeting is not None:
        if by_lead is not None and by_meeting.group != by_lead.group:
            meetings = by_lead.meetings
            verdict = (
                "it produced no meetings at all"
                if meetings == 0
                else f"its meetings cost {money(by_lead.cost_per_meeting or 0, currency)} each"
            )
            lines.append(
                f"By cost per meeting, {by_meeting.group} is best at "
                f"{money(by_meeting.cost_per_meeting, currency)} per meeting; "
                f"{by_lead.group} is not: {verdict}."
            )
        else:
            lines.append(
                f"{by_meeting.group} is also best by cost per meeting: "
                f"{money(by_meeting.cost_per_meeting, currency)} per meeting."
            )
    elif by_lead is not None:
        lines.append("No campaign has led to a sales meeting yet.")
    engaged = sum(g.engaged_people for g in groups)
    if engaged:
        authentic = sum((g.authentic_share or 0) * g.engaged_people for g in groups)
        outside = sum((g.containment or 0) * g.engaged_people for g in groups)
        lines.append(
            f"Of {engaged:,} people who engaged, {outside / engaged:.0%} were outside the "
            f"target market or not human ({1 - authentic / engaged:.0%} were not human activity:"
            " scanners, proxies, bots, bought followers or spam)."
        )
    spend = sum(g.spend for g in groups)
    qualified = sum(g.qualified_leads for g in groups)
    if spend:
        per = f", {money(spend / qualified, currency)} each" if qualified else ""
        lines.append(
            f"{money(spend, currency)} spent in all; {qualified:,.0f} qualified leads{per}."
        )
    return lines
