"""The HTML report is offline, escapes hostile values, and its summary tells the truth."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from leadsift.report.figures import CampaignReport, GroupFigures
from leadsift.report.html import render_html
from leadsift.report.summary import summarise

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def _group(name: str, **changes: object) -> GroupFigures:
    base = GroupFigures(
        group=name, channel="email", spend=1000.0, impressions=0, views=0, followers_gained=0,
        reach=500, raw_leads=50, cost_per_lead=20.0, engaged_people=100, authentic_share=0.8,
        in_target_share=0.5, containment=0.6, qualified_leads=10, meetings=4, opportunities=2,
        pipeline=40_000.0, won_revenue=20_000.0, cost_per_qualified_lead=100.0,
        cost_per_meeting=250.0, roi=19.0, funnel={"engaged": 80, "mql": 10},
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


GROUPS = [
    _group("viral video", cost_per_lead=2.5, meetings=0, cost_per_meeting=None,
           engaged_people=900, authentic_share=0.4, containment=0.97, qualified_leads=0,
           cost_per_qualified_lead=None),
    _group("named accounts email", cost_per_lead=40.0, cost_per_meeting=125.0),
    _group(HOSTILE),
]  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report() -> CampaignReport:
    return CampaignReport(
        by="campaign", currency="USD", since=date(2026, 3, 1),
        generated_at=datetime(2026, 9, 1, tzinfo=UTC), groups=GROUPS,
        summary=summarise(GROUPS, "USD"),
    )  # fmt: skip


def test_summary_contrasts_cost_per_lead_with_cost_per_meeting() -> None:
    lines = summarise(GROUPS, "USD")
    assert lines[0] == "By cost per lead, viral video looks best: $2.50 per lead."
    assert lines[1].startswith("By cost per meeting, named accounts email is best at $125")
    assert "viral video is not: it produced no meetings at all" in lines[1]
    # 900*0.97 + 100*0.6 + 100*0.6 = 993 of 1,100 engaged were outside or not human
    assert "Of 1,100 people who engaged, 90% were outside" in lines[2]
    assert "(53% were not human activity" in lines[2]  # (540 + 20 + 20) / 1,100
    assert summarise([], "USD")[0].startswith("No campaign activity")


def test_html_is_offline_and_hostile_names_stay_text() -> None:
    page = render_html(_report())
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not any(name in ("src", "href", "onerror") for name, _ in parsed.attributes)
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert HOSTILE in "".join(parsed.text)  # shown, as text
    assert parsed.tags.count("svg") == 4
    assert "$2.50" in page and "97%" in page
