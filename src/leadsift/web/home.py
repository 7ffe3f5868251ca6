"""Home (the campaign report: vanity beside quality, its charts and its summary) and the
campaigns, one page each with its people. The figures are `campaign_report`'s, the table's
cells and the charts those of the HTML report (report/html.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from leadsift.app.leads import ALL, LeadQuery, find_leads
from leadsift.app.reports import CampaignReport, latest_report
from leadsift.report import html as report_html
from leadsift.web.auth import CurrentUser, Refused, SessionDep
from leadsift.web.forms import FieldErrors, page_of, parse_date, parse_offset, slice_page
from leadsift.web.render import page, svg

router = APIRouter()

HEADINGS = (
    *((h, "vanity") for h in report_html._VANITY),
    *((h, "quality") for h in (*report_html._AUTHENTIC, *report_html._QUALITY)),
)


# what Home shows unless asked for every column: what fits beside the names at 1280 px,
# the usual measures first and what the campaign produced after them
HOME_COLUMNS = (
    "spend", "reach", "raw leads", "cost / lead", "bot share", "in target", "qualified",
    "meetings", "pipeline", "cost / qualified lead", "cost / meeting",
)  # fmt: skip


def _rows(report: CampaignReport) -> list[list[str]]:
    return [report_html._row(group, report.currency) for group in report.groups]


def _columns(rows: list[list[str]], wanted: tuple[str, ...]) -> list[list[str]]:
    """The name and the `wanted` columns of each row, in the order of HEADINGS."""
    names = [h for h, _ in HEADINGS]
    picked = [0, *(1 + names.index(c) for c in wanted)]
    return [[row[i] for i in picked] for row in rows]


@router.get("/", include_in_schema=False)
def home(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    by: str = "campaign",
    since: str | None = None,
    columns: str | None = None,
) -> Response:
    errors = FieldErrors()
    if by not in ("campaign", "channel"):
        errors["by"] = "choose campaign or channel"
        by = "campaign"
    start = parse_date(since, "since", errors)
    report, current = latest_report(session, by, start)
    every = columns == "all"
    shown = tuple(h for h, _ in HEADINGS) if every else HOME_COLUMNS
    return page(
        request, "home.html", web_session, status=422 if errors else 200,
        report=report, current=current, errors=errors,
        headings=[(h, k) for h, k in HEADINGS if h in shown],
        rows=_columns(_rows(report), shown), every_column=every,
        charts=svg(report_html._charts(report)) if report.groups else None,
        by=by, since=since or "",
    )  # fmt: skip


# the campaigns list shows these of the report's columns (the home page shows them all)
CAMPAIGN_COLUMNS = (
    "spend", "reach", "raw leads", "cost / lead", "authentic", "in target", "qualified",
    "meetings", "cost / qualified lead",
)  # fmt: skip


@router.get("/campaigns", include_in_schema=False)
def campaigns(
    request: Request, web_session: CurrentUser, session: SessionDep, offset: str | None = None
) -> Response:
    report, current = latest_report(session, "campaign")
    rows = _columns(_rows(report), CAMPAIGN_COLUMNS)
    return page(
        request, "campaigns.html", web_session, report=report, current=current,
        columns=CAMPAIGN_COLUMNS, rows=slice_page(rows, parse_offset(offset)),
    )  # fmt: skip


@router.get("/campaigns/{name:path}", include_in_schema=False)
def campaign(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    name: str,
    offset: str | None = None,
) -> Response:
    report, current = latest_report(session, "campaign")
    index = next((i for i, g in enumerate(report.groups) if g.group == name), None)
    if index is None:
        raise Refused(404, f"There is no campaign named {name!r}.")
    start = parse_offset(offset)
    people = find_leads(session, LeadQuery((ALL,), campaign=name, limit=start + 51))[start:]
    figures = list(zip((h for h, _ in HEADINGS), _rows(report)[index][1:], strict=True))
    return page(
        request, "campaign.html", web_session, group=report.groups[index], figures=figures,
        current=current,
        currency=report.currency, people=page_of(people, start),
    )  # fmt: skip
