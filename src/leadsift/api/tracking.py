"""Segment-compatible tracking routes: /v1/identify, /v1/track, /v1/page, /v1/group and
/v1/batch. A 200 means the calls are committed."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from leadsift.access.audit import record
from leadsift.api.auth import EngineDep, authorised, presented_key
from leadsift.ingest.calls import take_calls
from leadsift.ingest.segment import (
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    MAX_EVENT_BYTES,
    TYPES,
    EventError,
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


def _take(request: Request, engine: Any, body: dict[str, Any], events: list[Any]) -> dict[str, Any]:
    write_key = body.get("writeKey") if isinstance(body.get("writeKey"), str) else None
    key = authorised(engine, presented_key(request) or write_key, "ingest")
    workspace = request.app.state.workspace
    try:
        with workspace.writing("leadsift serve"), engine.begin() as connection:
            result = take_calls(connection, events, workspace.settings.service.events)
            answer = {
                "success": True,
                "received": result.received,
                "repeated": result.repeated,
                "stored": result.stored,
                "left_out": dict(result.left_out),
            }
            record(connection, key.id, f"POST {request.url.path}", answer)
    except EventError as error:
        raise HTTPException(400, str(error)) from None
    return answer


@router.post("/batch", summary="Several calls at once (up to 2,500 and 500 KB)")
async def batch(request: Request, engine: EngineDep) -> dict[str, Any]:
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
    return _take(request, engine, body, events)


def _single(kind: str) -> Any:
    async def call(request: Request, engine: EngineDep) -> dict[str, Any]:
        body = await _body(request, MAX_EVENT_BYTES)
        return _take(request, engine, body, [{**body, "type": kind}])

    call.__name__ = kind
    return call


for _kind in TYPES:
    router.add_api_route(f"/{_kind}", _single(_kind), methods=["POST"], summary=f"One {_kind} call")
