"""A person: what `leadsift people show` shows (observations and where each attribute came
from, the touch timeline with authenticity flags, fit, intent and probability with their
reasons, the stage history), their outreach sequences and replies, splitting a merge
(marketers and admins) and erasing the person on request (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from leadsift.app.outreach_views import person_outreach
from leadsift.app.people import NoSuchPerson, person_view, split
from leadsift.app.session import Session
from leadsift.app.users import WebSession
from leadsift.domain.errors import LeadsiftError
from leadsift.web.auth import Admin, CurrentUser, Marketer, Refused, SessionDep
from leadsift.web.render import page

router = APIRouter()

# the observation fields the page lists, in this order (the rest are in the attributes)
OBSERVED = ("email", "first_name", "last_name", "title", "company", "phone", "country")


def _show(
    request: Request,
    web_session: WebSession,
    session: Session,
    person_id: int,
    notice: str | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    try:
        view = person_view(session, str(person_id))
    except NoSuchPerson:
        raise Refused(404, f"There is no person {person_id} in this workspace.") from None
    name = " ".join(
        str(a["value"]) for a in view.attributes if a["attribute"] in ("first_name", "last_name")
    )
    email = next((str(a["value"]) for a in view.attributes if a["attribute"] == "email"), "")
    return page(
        request, "person.html", web_session, status=status, view=view,
        title=name or email or f"Person {person_id}", observed=OBSERVED,
        notice=notice, problem=problem, may_split=web_session.user.may("marketer"),
        outreach=person_outreach(session, view.person_id),
        may_erase=web_session.user.may("admin"),
    )  # fmt: skip


@router.get("/people/{person_id}", include_in_schema=False)
def person(
    request: Request, web_session: CurrentUser, session: SessionDep, person_id: int
) -> Response:
    return _show(request, web_session, session, person_id)


@router.post("/people/{person_id}/split", include_in_schema=False)
async def split_person(
    request: Request, web_session: Marketer, session: SessionDep, person_id: int
) -> Response:
    try:
        rejected = await run_in_threadpool(split, session, person_id, None, web_session.user.email)
    except LeadsiftError as refused:
        return _show(request, web_session, session, person_id, problem=str(refused), status=400)
    notice = (
        f"{rejected} link(s) undone: the next `leadsift score` separates this person's records."
    )
    return _show(request, web_session, session, person_id, notice=notice)


@router.post("/people/{person_id}/erase", include_in_schema=False)
async def erase_person(
    request: Request,
    web_session: Admin,
    session: SessionDep,
    person_id: int,
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Erase on request (docs/privacy.md): everything of the person, as `leadsift people
    erase ID` does; the page that answers holds nothing of them."""
    from leadsift.app.privacy import erase_people

    if confirm != "yes":
        return _show(
            request, web_session, session, person_id, status=422,
            problem="Tick the box to confirm: an erasure cannot be undone.",
        )  # fmt: skip
    try:
        await run_in_threadpool(
            erase_people, session, [str(person_id)], reason.strip(), web_session.user.email
        )
    except LeadsiftError as refused:
        return _show(request, web_session, session, person_id, problem=str(refused), status=400)
    return page(
        request, "erased.html", web_session, title=f"Person {person_id} erased",
        person_id=person_id,
    )  # fmt: skip
