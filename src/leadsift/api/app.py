"""The FastAPI application of one workspace.

`create_app(workspace)` builds it without touching the database; the engine is opened when
the server starts (the lifespan) and disposed of when it stops, after uvicorn has let the
requests in flight finish. Tests drive the same app in process through httpx's ASGI
transport; `leadsift serve` runs it under uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from leadsift import __version__
from leadsift.access.keys import list_keys
from leadsift.api import tracking, webhooks
from leadsift.api.auth import AdminKey, AnyKey, EngineDep
from leadsift.workspace.workspace import Workspace


def create_app(workspace: Workspace) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = workspace.connect()
        try:
            yield
        finally:
            app.state.engine.dispose()

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
    app.include_router(tracking.router)
    app.include_router(webhooks.router)

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
