"""The unsubscribe link of outreach email, `/u/TOKEN` (RFC 8058 one-click), served with no
login, no cookie and no CSRF token: the unguessable token in the URL is the authority
(app/unsubscribe.py).

GET only shows a page with a button (mail scanners and link previews fetch links; a fetch
must never unsubscribe anyone); POST unsubscribes, whether from that button or from a
mailbox provider's one-click request (body `List-Unsubscribe=One-Click`, form-encoded or
multipart). Following the service's single-writer design, a POST does not write to the
workspace: it puts the token's hash in the server's inbox (durable when `put` returns,
which is what the 200 acknowledges) and wakes the writer, which applies it within its next
pass (api/background.py). A token that is malformed (checked before any query) or that no
email carries is a 404 whose page says nothing about anyone; the pages show at most a
masked address (`a***@example.com`), and send no Referer on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from leadsift.app.unsubscribe import DELIVERY_KIND, Link, find_link, queued, well_formed
from leadsift.outreach.mail_message import ONE_CLICK
from leadsift.web.auth import SessionDep
from leadsift.web.render import page, secure

router = APIRouter(tags=["unsubscribe"])

_ONE_CLICK_VALUE = ONE_CLICK.partition("=")[2]  # "One-Click"
_HTML: dict[str, Any] = {"text/html": {}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {**_HTML, "text/plain": {}}},
    404: {"description": "No email carries this link", "content": _HTML},
}


def _page(request: Request, state: str, link: Link | None = None, status: int = 200) -> Response:
    response = page(
        request, "unsubscribe.html", status=status, state=state,
        address=link.masked_address if link else "",
    )  # fmt: skip
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL holds the token
    return response


def _unknown(request: Request) -> Response:
    return _page(request, "unknown", status=404)


@router.get(
    "/u/{token}", response_class=HTMLResponse, responses=_RESPONSES,
    summary="An unsubscribe link's page: a button that unsubscribes (the GET itself never does)",
)  # fmt: skip
def ask(request: Request, token: str, session: SessionDep) -> Response:
    if not well_formed(token):
        return _unknown(request)
    with session.reading() as connection:
        link = find_link(connection, token)
    if link is None:
        return _unknown(request)
    return _page(request, "already" if link.done else "ask", link)


def _take(request: Request, token: str, session: SessionDep) -> tuple[str, Link | None]:
    """("unknown" | "already" | "unsubscribed", the link): the inbox has the request when
    this returns "unsubscribed"."""
    with session.reading() as connection:
        link = find_link(connection, token)
    if link is None:
        return "unknown", None
    if link.done:
        return "already", link
    item, message_id = queued(token, datetime.now(UTC))
    # the route, never the token, names the request in the audit log
    kept = request.app.state.inbox.put(DELIVERY_KIND, None, "POST /u/{token}", [item], [message_id])
    request.app.state.writer.wake()
    # nothing kept: the same link's earlier POST is still waiting to be applied
    return ("unsubscribed" if kept else "already"), link


@router.post(
    "/u/{token}", response_class=HTMLResponse, responses=_RESPONSES,
    summary="Unsubscribe (RFC 8058 one-click: body List-Unsubscribe=One-Click)",
)  # fmt: skip
async def one_click(
    request: Request,
    token: str,
    session: SessionDep,
    list_unsubscribe: Annotated[str, Form(alias="List-Unsubscribe")] = "",
) -> Response:
    if not well_formed(token):
        return _unknown(request)
    # a read and an fsync'd inbox write: off the event loop
    state, link = await run_in_threadpool(_take, request, token, session)
    if state == "unknown":
        return _unknown(request)
    if list_unsubscribe == _ONE_CLICK_VALUE and "text/html" not in request.headers.get(
        "accept", ""
    ):
        said = "Unsubscribed.\n" if state == "unsubscribed" else "Already unsubscribed.\n"
        return secure(PlainTextResponse(said))
    return _page(request, state, link)
