"""The dashboard: server-rendered pages over the application API, for the people who work in
leadsift (users and roles: `leadsift users`; sessions: web/auth.py).

`install(app)` adds its pages, its static files (/static: the stylesheet and script it
ships; nothing comes from elsewhere) and the handlers that turn "log in first" into a
redirect and a refusal into a page. The REST API's app (api/app.py) calls it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from leadsift.web import (
    accounts,
    attribution,
    home,
    imports,
    leads,
    login,
    outreach,
    people,
    settings,
    spread,
)
from leadsift.web.auth import LoginRequired, Refused
from leadsift.web.forms import safe_next
from leadsift.web.render import link, page, redirect

STATIC = Path(__file__).parent / "static"

router = APIRouter()
for module in (
    login,
    home,
    attribution,
    leads,
    people,
    accounts,
    outreach,
    imports,
    spread,
    settings,
):
    router.include_router(module.router)


def _login_first(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return redirect(link("/login", next=safe_next(exc.next_path)))


def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    web_session = getattr(request.state, "web_session", None)
    return page(request, "error.html", web_session, status=exc.status, message=exc.message)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _login_first)
    app.add_exception_handler(Refused, _refused)
