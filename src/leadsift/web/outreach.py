"""Outreach: `leadsift outreach status` and `leadsift replies list` as a page, for every role
(sales watch it; nothing on it changes anything). Counts by status, the warning about emails
of unknown fate, the enrolments (by sequence and status), the open call and social tasks
and the latest replies with their intent."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from leadsift.app.errors import BadOption
from leadsift.app.outreach_views import STATUSES, outreach_page
from leadsift.web.auth import CurrentUser, SessionDep
from leadsift.web.forms import FieldErrors, parse_offset, query_args, slice_page
from leadsift.web.render import page

router = APIRouter()


@router.get("/outreach", include_in_schema=False)
def outreach(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    sequence: str = "",
    status: str = "",
    offset: str | None = None,
) -> Response:
    """A bad filter is marked on its field with a 400, and the page lists everything: an
    error page would hide the counts, and an empty list would say nobody is enrolled."""
    errors = FieldErrors()
    sequence, status = sequence.strip()[:255], status.strip()[:32]
    try:
        view = outreach_page(session, sequence or None, status or None)
    except BadOption as bad:
        errors[bad.option.removeprefix("--")] = bad.detail
        view = outreach_page(session)
    start = parse_offset(offset)
    args = query_args(sequence=sequence, status=status) if not errors else {}
    return page(
        request, "outreach.html", web_session, status=400 if errors else 200, errors=errors,
        view=view, enrolments=slice_page(view.enrolments, start), args=args,
        sequence=sequence, chosen_status=status, statuses=STATUSES,
    )  # fmt: skip
