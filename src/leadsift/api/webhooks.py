"""Webhook receivers: POST /v1/webhooks/NAME, NAME a [service.webhooks.NAME] of leadsift.toml.

Each request is proven to be the tool's over its raw body before anything reads it (401, and
nothing stored, when it is not, or when its signed time is more than 5 minutes off), then its
events are stored in one transaction with their audit entry; a 2xx means committed. Mailchimp
checks its URL with a GET, answered here too.
"""

from __future__ import annotations

import os
import time
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from leadsift.access.audit import record
from leadsift.api.auth import EngineDep
from leadsift.api.background import erased_filter
from leadsift.config.service import WEBHOOK_PROVIDERS, WebhookSettings
from leadsift.ingest.service_log import close_entry, open_entry
from leadsift.ingest.webhooks import PayloadError, SignatureError, Signed, take, verify

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
MAX_BODY_BYTES = 10 * 1024 * 1024


def _clock() -> float:
    return time.time()


def _endpoint(request: Request, name: str) -> WebhookSettings:
    endpoint = request.app.state.workspace.settings.service.webhooks.get(name)
    if endpoint is None:
        raise HTTPException(
            404,
            f"no webhook {name!r} is configured: add [service.webhooks.{name}] to leadsift.toml"
            f" with provider = one of {', '.join(WEBHOOK_PROVIDERS)} and secret_env = the"
            " environment variable holding its secret (docs/webhooks.md), then restart serve",
        )
    return endpoint  # type: ignore[no-any-return]


def _secret(name: str, endpoint: WebhookSettings) -> str:
    secret = os.environ.get(endpoint.secret_env, "").strip()
    if not secret:  # the server's setup, not the sender's fault: it retries later
        raise HTTPException(
            503, f"webhook {name!r}: ${endpoint.secret_env} is not set in the server's environment"
        )
    return secret


def _refused(error: SignatureError) -> HTTPException:
    return HTTPException(
        401, str(error), headers={"WWW-Authenticate": 'Signature realm="leadsift"'}
    )


async def _signed(request: Request, endpoint: WebhookSettings) -> Signed:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(413, f"the body is {len(body):,} bytes, over 10 MB")
    url = str(request.url)
    if endpoint.public_url:
        query = request.url.query
        url = endpoint.public_url + (f"?{query}" if query else "")
    return Signed(request.method, url, request.headers, body, dict(request.query_params))


@router.get("/{name}", summary="Mailchimp's check of a webhook URL")
async def check(name: str, request: Request) -> dict[str, Any]:
    endpoint = _endpoint(request, name)
    if endpoint.provider != "mailchimp":
        raise HTTPException(405, f"webhook {name!r} ({endpoint.provider}) takes POST only")
    try:
        verify("mailchimp", _secret(name, endpoint), await _signed(request, endpoint), _clock())
    except SignatureError as error:
        raise _refused(error) from None
    return {"success": True}


@router.post("/{name}", summary="Events a tool posts: SendGrid, Mailgun, HubSpot, Mailchimp...")
async def receive(name: str, request: Request, engine: EngineDep) -> dict[str, Any]:
    endpoint = _endpoint(request, name)
    secret = _secret(name, endpoint)
    signed = await _signed(request, endpoint)
    try:
        verify(endpoint.provider, secret, signed, _clock())
    except SignatureError as error:
        raise _refused(error) from None
    # the write lock and the transaction block: off the event loop
    return await run_in_threadpool(_store, request, engine, endpoint, signed)


def _store(
    request: Request, engine: sa.Engine, endpoint: WebhookSettings, signed: Signed
) -> dict[str, Any]:
    workspace = request.app.state.workspace
    try:
        with workspace.writing("leadsift serve"), engine.begin() as connection:
            what = f"leadsift serve: {endpoint.provider} webhook"
            entry = open_entry(connection, what, f"{request.url.path}@{time.time_ns()}")
            erased = erased_filter(connection)
            taken = take(
                connection, endpoint.provider, signed, workspace.settings.service.events,
                endpoint.campaign, entry, None if erased is None else erased.rows,
            )  # fmt: skip
            close_entry(connection, entry, taken.received, dict(taken.stored))
            answer = taken.answer()
            record(connection, None, f"POST {request.url.path}", answer)
    except SignatureError as error:  # a Mailgun token seen before: a replay
        raise _refused(error) from None
    except PayloadError as error:
        raise HTTPException(400, str(error)) from None
    return answer
