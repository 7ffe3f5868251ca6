"""Segment-compatible tracking routes: /v1/identify, /v1/track, /v1/page, /v1/group,
/v1/alias and /v1/batch.

A request's calls are checked (ingest/call_screening.py) and the good ones put in the
server's inbox, on disk, before the answer: a 200 means they are kept and will be in the
workspace within moments (the server's writer moves them, api/background.py), whatever
else is writing to it. A batch with bad calls takes the good ones and answers 400 naming
each bad one and why, so a sender's logs say what to fix; resending the batch is harmless,
as every call is taken once by its messageId."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from leadsift.api.auth import EngineDep, authorised, presented_key
from leadsift.ingest.call_screening import screen_calls
from leadsift.ingest.segment import (
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    MAX_EVENT_BYTES,
    TYPES,
)

router = APIRouter(prefix="/v1", tags=["tracking"])


async def _body(request: Request, limit: int) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > limit:
        raise HTTPException(400, f"the request is {len(raw):,} bytes, over {limit // 1024} KB")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(400, f"the body is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return body


def _screen_and_queue(
    request: Request, engine: sa.Engine, body: dict[str, Any], calls: list[Any]
) -> JSONResponse:
    write_key = body.get("writeKey") if isinstance(body.get("writeKey"), str) else None
    key = authorised(engine, presented_key(request) or write_key, "ingest")
    workspace = request.app.state.workspace
    with engine.connect() as connection:
        screened = screen_calls(connection, calls, workspace.settings.service.events)
    queued = request.app.state.inbox.put(
        "segment", key.id, f"POST {request.url.path}", screened.accepted, screened.message_ids
    )
    request.app.state.writer.wake()
    answer: dict[str, Any] = {
        "success": not screened.refused,
        "received": screened.received,
        "accepted": len(queued),
        "repeated": screened.repeated + len(screened.accepted) - len(queued),
        "rows": screened.rows,
        "left_out": dict(screened.left_out),
    }
    if not screened.refused:
        return JSONResponse(answer)
    answer["refused"] = [
        {"event": e.index, "messageId": e.message_id, "reason": e.reason} for e in screened.refused
    ]
    return JSONResponse({"detail": screened.message(), **answer}, status_code=400)


async def _take(
    request: Request, engine: sa.Engine, body: dict[str, Any], calls: list[Any]
) -> JSONResponse:
    # checking and queueing are short but blocking (pandas, an fsync): off the event loop
    return await run_in_threadpool(_screen_and_queue, request, engine, body, calls)


@router.post("/batch", summary="Several calls at once (up to 2,500 and 500 KB)")
async def batch(request: Request, engine: EngineDep) -> JSONResponse:
    body = await _body(request, MAX_BATCH_BYTES)
    events = body.get("batch")
    if not isinstance(events, list):
        raise HTTPException(400, "a batch holds its calls in a list named batch")
    if len(events) > MAX_BATCH_EVENTS:
        raise HTTPException(
            400, f"{len(events):,} calls, over the {MAX_BATCH_EVENTS:,} a batch may hold"
        )
    context = body.get("context")
    if isinstance(context, dict):  # a batch's context applies to each call without one
        events = [{"context": context, **e} if isinstance(e, dict) else e for e in events]
    return await _take(request, engine, body, events)


def _single(kind: str) -> Any:
    async def call(request: Request, engine: EngineDep) -> JSONResponse:
        body = await _body(request, MAX_EVENT_BYTES)
        return await _take(request, engine, body, [{**body, "type": kind}])

    call.__name__ = kind
    return call


for _kind in TYPES:
    router.add_api_route(f"/{_kind}", _single(_kind), methods=["POST"], summary=f"One {_kind} call")
