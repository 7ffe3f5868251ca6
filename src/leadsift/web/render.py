"""Pages from the Jinja2 templates, with the headers every dashboard answer carries.

Autoescape is on for every template: whatever the data holds (a campaign called
`<img src=x onerror=alert(1)>`) is shown as text. The Content-Security-Policy lets a page
load only what leadsift itself serves: no inline script or style, no other origin.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from leadsift.app.users import WebSession

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

NAV = (
    ("Home", "/"),
    ("Campaigns", "/campaigns"),
    ("Leads", "/leads"),
    ("Accounts", "/accounts"),
    ("Outreach", "/outreach"),
    ("Imports", "/imports"),
    ("Spread", "/spread"),
    ("Settings", "/settings"),
)


def link(base: str, **params: Any) -> str:
    """`base` with these query parameters (None and "" left out), for links."""
    kept = [(k, v) for k, v in params.items() if v is not None and v != ""]
    return base + ("?" + urlencode(kept, doseq=True) if kept else "")


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("leadsift.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["nav"] = NAV
    env.globals["link"] = link
    env.filters["percent"] = _percent
    return env


def secure(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


def page(
    request: Request,
    template: str,
    web_session: WebSession | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The template rendered for this request's user (their role and CSRF token in it)."""
    body = (
        environment()
        .get_template(template)
        .render(
            request_path=request.url.path,
            user=web_session.user if web_session else None,
            csrf_token=web_session.csrf_token if web_session else "",
            **context,
        )
    )
    response = HTMLResponse(body, status_code=status)
    secure(response)
    return response


def redirect(url: str) -> RedirectResponse:
    response = RedirectResponse(url, status_code=303)
    secure(response)
    return response


def svg(markup: str) -> Markup:
    """Charts built by report/html_charts.py, which escapes every text it puts in them."""
    return Markup(markup)
