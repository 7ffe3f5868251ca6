"""Leads: `leadsift leads` as a page (its filters, by priority or probability, each lead's
reasons), and the exports as downloads (call list, segment, CRM files), as the REST API's."""

from __future__ import annotations

import io
from functools import partial
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from leadsift.app import exports
from leadsift.app.errors import BadOption
from leadsift.app.leads import ALL, SORTS, LeadQuery, find_leads
from leadsift.domain.stages import Stage
from leadsift.web.auth import CurrentUser, SessionDep
from leadsift.web.forms import FieldErrors, page_of, parse_offset, query_args
from leadsift.web.render import page, secure

router = APIRouter()

# the stage filter's choices: none picked lists whom sales should act on now (MQL, SQL)
STAGE_CHOICES = (
    ("", "MQL and SQL: act now"),
    (ALL, "every stage"),
    ("mql+", "MQL or later"),
    *((s.value, s.value.upper() if len(s.value) == 3 else s.value) for s in Stage),
)

EXPORTS = {
    "calls": ("call-list.csv", "Call list"),
    "segment": ("segment.csv", "Email segment"),
    "hubspot": ("hubspot-contacts.csv", "HubSpot contacts"),
    "salesforce": ("salesforce-leads.csv", "Salesforce leads"),
}


@router.get("/leads", include_in_schema=False)
def leads(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    stage: str = "",
    account: str = "",
    campaign: str = "",
    sort: str = "priority",
    offset: str | None = None,
) -> Response:
    errors = FieldErrors()
    if sort not in SORTS:
        errors["sort"] = "choose priority or probability"
        sort = "priority"
    start = parse_offset(offset)
    stages: tuple[str, ...] = (stage,) if stage else ()
    try:
        query = LeadQuery(stages, account[:300] or None, campaign[:300] or None, start + 51, sort)
    except BadOption as bad:
        errors["stage"] = bad.detail
        query = LeadQuery((), account[:300] or None, campaign[:300] or None, start + 51, sort)
    found = find_leads(session, query)[start:]
    args = query_args(stage=stage, account=account, campaign=campaign, sort=sort)
    return page(
        request, "leads.html", web_session, status=422 if errors else 200, errors=errors,
        leads=page_of(found, start), args=args, stage=stage, account=account,
        campaign=campaign, sort=sort, sorts=SORTS, stages=STAGE_CHOICES, exports=EXPORTS,
    )  # fmt: skip


@router.get("/exports/{kind}", include_in_schema=False)
async def export(
    web_session: CurrentUser,
    session: SessionDep,
    kind: Literal["calls", "segment", "hubspot", "salesforce"],
) -> Response:
    out = io.StringIO()
    by = web_session.user.email
    if kind == "calls":
        await run_in_threadpool(partial(exports.export_call_list, session, out, by=by))
    elif kind == "segment":
        await run_in_threadpool(partial(exports.export_segment, session, out, by=by))
    else:
        await run_in_threadpool(partial(exports.export_crm, session, out, kind, by=by))
    response = Response(
        content="\ufeff" + out.getvalue(),  # the byte-order mark lets Excel read UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{EXPORTS[kind][0]}"'},
    )
    return secure(response)
