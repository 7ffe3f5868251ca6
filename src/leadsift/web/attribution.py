"""Attribution: every model's credit per campaign (or channel) for one kind of outcome, side
by side, with its chart: the figures of `leadsift attribution compare`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from leadsift.app.attribution import OUTCOMES, compare_models, comparison_chart
from leadsift.web.auth import CurrentUser, SessionDep
from leadsift.web.forms import FieldErrors, parse_date
from leadsift.web.render import page, svg

router = APIRouter()


@router.get("/attribution", include_in_schema=False)
async def attribution(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    by: str = "campaign",
    outcome: str = "meeting",
    since: str | None = None,
) -> Response:
    errors = FieldErrors()
    if by not in ("campaign", "channel"):
        errors["by"], by = "choose campaign or channel", "campaign"
    if outcome not in OUTCOMES:
        errors["outcome"], outcome = f"choose one of {', '.join(OUTCOMES)}", "meeting"
    start = parse_date(since, "since", errors)
    found = await run_in_threadpool(compare_models, session, by, outcome, start)
    amounts = outcome in ("opportunity", "won")
    return page(
        request, "attribution.html", web_session, status=422 if errors else 200,
        errors=errors, found=found, by=by, outcome=outcome, since=since or "",
        outcomes=OUTCOMES, amounts=amounts, model=session.settings.attribution.model,
        table=found.values if amounts else found.credits,
        chart=svg(comparison_chart(found)) if found.groups else None,
    )  # fmt: skip
