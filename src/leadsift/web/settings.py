"""Settings: the target profile and the stage rules in force (read-only: they live in
leadsift.toml), the dashboard's users, and API keys, which admins list, create and revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from leadsift.app.keys import SCOPES, create_key, list_keys, revoke_key
from leadsift.app.session import Session
from leadsift.app.users import WebSession, list_users
from leadsift.domain.errors import LeadsiftError
from leadsift.web.auth import Admin, CurrentUser, SessionDep
from leadsift.web.forms import FieldErrors
from leadsift.web.render import page

router = APIRouter()


def _value(value: Any) -> str:
    """A setting as leadsift.toml spells it (true, 40, 0.5), not as Python prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) or "(none)"
    return "(not set)" if value is None else str(value)


def _section(model: Any) -> list[tuple[str, str]]:
    return [(key, _value(value)) for key, value in model.model_dump().items() if key != "roles"]


def _show(
    request: Request,
    web_session: WebSession,
    session: Session,
    status: int = 200,
    errors: FieldErrors | None = None,
    created: str | None = None,
    notice: str | None = None,
) -> Response:
    settings = session.settings
    is_admin = web_session.user.may("admin")
    return page(
        request, "settings.html", web_session, status=status, errors=errors or FieldErrors(),
        target=_section(settings.target), roles=settings.target.roles,
        fit=_section(settings.fit), stages=_section(settings.stages),
        intent=_section(settings.intent), is_admin=is_admin,
        keys=list_keys(session) if is_admin else [],
        users=list_users(session) if is_admin else [], scopes=SCOPES,
        created=created, notice=notice,
        settings_file=str(session.workspace.root / "leadsift.toml"),
    )  # fmt: skip


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request, web_session: CurrentUser, session: SessionDep) -> Response:
    return _show(request, web_session, session)


@router.post("/settings/keys", include_in_schema=False)
def create(
    request: Request,
    web_session: Admin,
    session: SessionDep,
    scope: Annotated[str, Form(max_length=20)] = "",
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    errors = FieldErrors()
    if scope not in SCOPES:
        errors["scope"] = f"choose one of {', '.join(SCOPES)}"
    if errors:
        return _show(request, web_session, session, 422, errors)
    made = create_key(session, scope, name.strip() or None, by=web_session.user.email)
    return _show(request, web_session, session, created=made.text)


@router.post("/settings/keys/{key_id}/revoke", include_in_schema=False)
def revoke(request: Request, web_session: Admin, session: SessionDep, key_id: int) -> Response:
    try:
        key = revoke_key(session, key_id, by=web_session.user.email)
    except LeadsiftError as refused:
        return _show(request, web_session, session, 400, notice=str(refused))
    return _show(request, web_session, session, notice=f"API key {key.id} ({key.name}) revoked.")
