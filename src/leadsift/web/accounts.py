"""Accounts: the named targets first, who is engaged at each, and which buying roles the
engaged people cover (and which of the target profile's roles nobody covers yet)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from leadsift.app.accounts import list_accounts
from leadsift.domain.stages import LADDER
from leadsift.web.auth import CurrentUser, SessionDep
from leadsift.web.forms import page_of, parse_offset
from leadsift.web.render import page

router = APIRouter()

# the stage columns, in ladder order (disqualified and nurture after it)
ENGAGED_STAGES = tuple(s.value for s in LADDER[1:])


@router.get("/accounts", include_in_schema=False)
def accounts(
    request: Request,
    web_session: CurrentUser,
    session: SessionDep,
    targets_only: bool = False,
    offset: str | None = None,
) -> Response:
    start = parse_offset(offset)
    found = list_accounts(session, targets_only=targets_only, limit=51, offset=start)
    roles = [role.name for role in session.settings.target.roles]
    return page(
        request, "accounts.html", web_session, accounts=page_of(found, start),
        targets_only=targets_only, roles=roles, stages=ENGAGED_STAGES,
    )  # fmt: skip
