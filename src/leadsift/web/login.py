"""Logging in and out.

The login form has no session to carry a CSRF token yet, so it carries its own: a random
value in a cookie and in the form's hidden `csrf_token` field, which must agree (a page on
another site cannot read the cookie to copy it). A wrong email or password says only that;
after five failures for one email from one address within 15 minutes the form answers 429
until the window has passed, without checking the password.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from leadsift.app.users import LoginRefused, TooManyFailures, log_in, log_out
from leadsift.web.auth import COOKIE, SessionDep, Viewer, is_https
from leadsift.web.forms import safe_next
from leadsift.web.render import page, redirect

router = APIRouter()

LOGIN_CSRF_COOKIE = "leadsift_login_csrf"


def _form(
    request: Request, status: int = 200, error: str | None = None, email: str = "", next_: str = "/"
) -> Response:
    token = secrets.token_urlsafe(32)
    response = page(
        request, "login.html", status=status, error=error, email=email, next=safe_next(next_),
        login_csrf=token,
    )  # fmt: skip
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=is_https(request),
        path="/login",
    )  # fmt: skip
    return response


@router.get("/login", include_in_schema=False)
def login_page(request: Request, session: SessionDep, next: str = "/") -> Response:
    return _form(request, next_=next)


@router.post("/login", include_in_schema=False)
async def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf_token.encode(), expected.encode()):
        return _form(
            request, 403, "This form has expired: please log in again.", email, next
        )  # fmt: skip
    if not email.strip() or not password:
        return _form(request, 400, "Enter your email and your password.", email, next)
    client = request.client.host if request.client else "unknown"
    try:
        done = await run_in_threadpool(log_in, session, email, password, client)
    except TooManyFailures as refused:
        message = str(refused)
        return _form(request, 429, message[:1].upper() + message[1:] + ".", email, next)
    except LoginRefused:
        return _form(request, 401, "Wrong email or password.", email, next)
    response = redirect(safe_next(next))
    response.set_cookie(
        COOKIE, done.token, httponly=True, samesite="lax", secure=is_https(request), path="/"
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: SessionDep, _: Viewer) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        log_out(session, token)
    response = redirect("/login")
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response
