"""The FastAPI application of one workspace.

`create_app(workspace)` builds it without touching the database; the engine, the inbox and
the writer thread (api/background.py) start with the server (the lifespan) and stop when it
stops, after uvicorn has let the requests in flight finish and the writer has moved what
they acknowledged into the workspace. Tests drive the same app in process through httpx's ASGI
transport; `leadsift serve` runs it under uvicorn.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from leadsift import __version__, web
from leadsift.access.keys import list_keys
from leadsift.api import privacy, resources, tracking, webhooks
from leadsift.api.auth import AdminKey, AnyKey, EngineDep
from leadsift.api.background import ScoreSchedule, WriterHost
from leadsift.api.outreach_worker import OutreachWorker
from leadsift.api.server_timing import ServerTiming
from leadsift.app.errors import BadOption
from leadsift.app.reports import keep_reports_warm
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.identity.profile import NoSuchPerson
from leadsift.store.inbox import INBOX_FILE, Inbox
from leadsift.web import unsubscribe
from leadsift.workspace.workspace import Workspace


def create_app(
    workspace: Workspace, schedule: ScoreSchedule | None = None, as_server: bool = False
) -> FastAPI:
    """`as_server`: as `leadsift serve` runs it, with the inbox's writer in a child process
    and the default reports kept ready by a thread; otherwise (the app in process, as tests
    drive it) the writer is a thread and reports are computed when asked for."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = workspace.connect()
        inbox = Inbox(workspace.root / INBOX_FILE)
        # what an earlier server acknowledged but did not move (a kill -9) goes in first
        service = workspace.settings.service
        writer = WriterHost(
            workspace, engine, inbox,
            schedule or ScoreSchedule(
                quiet=service.score_after, longest=service.score_at_least_every,
                enabled=service.score_after > 0,
            ),
            child_process=as_server,
        )  # fmt: skip
        app.state.engine, app.state.inbox, app.state.writer = engine, inbox, writer
        app.state.session = session = Session(workspace, engine)
        writer.start()
        # `leadsift outreach run` every so often, under `leadsift serve` only
        every = service.outreach_every_seconds if as_server else 0
        outreach = OutreachWorker(workspace, engine, every)
        outreach.start()
        stop_warming = threading.Event()
        if as_server:
            threading.Thread(
                target=keep_reports_warm, args=(session, stop_warming), daemon=True,
                name="leadsift-reports",
            ).start()  # fmt: skip
        try:
            yield
        finally:
            stop_warming.set()
            outreach.stop()
            writer.stop()
            inbox.close()
            engine.dispose()

    app = FastAPI(
        title="leadsift",
        version=__version__,
        description="Qualified leads from campaign engagement: ingestion, people, report.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; leadsift serves
        # nothing it does not ship, so only the OpenAPI document itself is offered
        docs_url=None,
        redoc_url=None,
    )
    app.state.workspace = workspace
    app.add_middleware(ServerTiming)
    app.include_router(tracking.router)
    app.include_router(webhooks.router)
    app.include_router(resources.router)
    app.include_router(privacy.router)
    app.include_router(unsubscribe.router)  # /u/TOKEN: outreach email's one-click unsubscribe
    web.install(app)  # the dashboard: pages, /static, login redirects

    @app.exception_handler(LeadsiftError)
    def refused(request: Request, error: LeadsiftError) -> JSONResponse:
        # the application layer's refusals: bad input named by its field, or no such thing
        if isinstance(error, BadOption):
            field = error.option.lstrip("-").replace("-", "_")
            body = {"detail": [{"loc": ["query", field], "msg": error.detail}]}
            return JSONResponse(body, status_code=422)
        status = 404 if isinstance(error, NoSuchPerson) else 400
        return JSONResponse({"detail": str(error)}, status_code=status)

    @app.get("/healthz", tags=["service"], summary="Is the service up and its database reachable")
    def healthz(engine: EngineDep) -> JSONResponse:
        body: dict[str, Any] = {"status": "ok", "version": __version__}
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as error:
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse(body)

    @app.get("/v1/whoami", tags=["service"], summary="The API key this request carries")
    def whoami(key: AnyKey) -> dict[str, Any]:
        return {"id": key.id, "name": key.name, "scope": key.scope}

    @app.get("/v1/keys", tags=["admin"], summary="API keys (never the keys themselves)")
    def keys(_: AdminKey, engine: EngineDep) -> list[dict[str, Any]]:
        with engine.connect() as connection:
            return [
                {"id": k.id, "name": k.name, "scope": k.scope, "prefix": k.prefix,
                 "revoked": k.revoked_at is not None}
                for k in list_keys(connection)
            ]  # fmt: skip

    return app
