"""Who is looking: the dashboard session behind the cookie, the role a page needs, and the
CSRF token every form posts back.

No session (or an expired one): a page answers 303 to /login?next=WHERE, so that logging
in lands the user where they were. A role that does not cover the action: 403. A POST
whose `csrf_token` field is missing or is not the session's: 403, before anything is done.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Form, Request

from leadsift.app.session import Session
from leadsift.app.users import WebSession, current_session

COOKIE = "leadsift_session"


class LoginRequired(Exception):
    """No live session: the handler in web/__init__.py sends the visitor to the login page."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Refused(Exception):
    """A request the dashboard refuses, shown as a page with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def app_session(request: Request) -> Session:
    session: Session = request.app.state.session
    return session


SessionDep = Annotated[Session, Depends(app_session)]


def where(request: Request) -> str:
    """The path and query of this request, to come back to after logging in."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def form_page(request: Request) -> str:
    """Where a form posted from came from (its Referer, when it is this site's), else Home:
    a POST cannot be repeated after logging in, but its page can be shown again."""
    came_from = urlsplit(request.headers.get("referer", ""))
    if came_from.netloc != request.url.netloc or not came_from.path.startswith("/"):
        return "/"
    return came_from.path + (f"?{came_from.query}" if came_from.query else "")


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def signed_in(request: Request, session: SessionDep) -> WebSession:
    token = request.cookies.get(COOKIE)
    found = current_session(session, token) if token else None
    if found is None:
        back = where(request) if request.method == "GET" else form_page(request)
        raise LoginRequired(back)
    request.state.web_session = found
    return found


CurrentUser = Annotated[WebSession, Depends(signed_in)]


def check_csrf(web_session: WebSession, presented: str) -> None:
    if not presented or not hmac.compare_digest(
        presented.encode("utf-8"), web_session.csrf_token.encode("utf-8")
    ):
        raise Refused(403, "This form has expired or did not come from leadsift: reload the page.")


def posted(role: str = "viewer") -> Callable[..., WebSession]:
    """A dependency for form POSTs: a live session whose user may do `role`, and the
    session's CSRF token in the form's `csrf_token` field (checked first)."""

    def check(
        web_session: CurrentUser, csrf_token: Annotated[str, Form(max_length=200)] = ""
    ) -> WebSession:
        check_csrf(web_session, csrf_token)
        if not web_session.user.may(role):
            raise Refused(403, f"A {web_session.user.role} cannot do this: it needs {role}.")
        return web_session

    return check


Viewer = Annotated[WebSession, Depends(posted("viewer"))]
Marketer = Annotated[WebSession, Depends(posted("marketer"))]
Admin = Annotated[WebSession, Depends(posted("admin"))]
