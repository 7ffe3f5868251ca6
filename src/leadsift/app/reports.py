"""The campaign report: every campaign or channel by what it produced (qualified leads,
meetings, pipeline, cost per qualified lead) beside its vanity figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from leadsift.app.errors import BadOption
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.report.figures import CampaignReport, GroupBy
from leadsift.report.quality import build_report
from leadsift.report.summary import summarise

GROUPINGS: tuple[GroupBy, ...] = ("campaign", "channel")

__all__ = ["GROUPINGS", "CampaignReport", "campaign_report", "check_grouping", "write_html"]


def check_grouping(by: str) -> GroupBy:
    """`campaign` or `channel`; anything else is a BadOption."""
    if by == "campaign":
        return "campaign"
    if by == "channel":
        return "channel"
    raise BadOption("--by", "choose campaign or channel")


def campaign_report(
    session: Session, by: str = "campaign", since: date | None = None
) -> CampaignReport:
    """The report `leadsift report` shows: figures per campaign (or channel) from activity
    and spend on or after `since`, in the workspace's [report] currency, with the
    plain-language summary and notes on coordinated bursts. Reads the stages and flags of
    the last `leadsift score`."""
    group_by = check_grouping(by)
    with session.reading() as connection:
        return build_report(
            connection,
            by=group_by,
            since=since,
            currency=session.settings.report.currency,
            summarise=summarise,
        )


def render_html(report: CampaignReport) -> str:
    """The report as one self-contained HTML page (tables and charts, no external files)."""
    from leadsift.report.html import render_html as render

    return render(report)


def write_html(report: CampaignReport, path: Path) -> None:
    """Write the HTML report to `path`; a file that cannot be written is a LeadsiftError."""
    try:
        path.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {path}: {exc.strerror}") from None
