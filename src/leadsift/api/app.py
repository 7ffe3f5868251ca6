"""The FastAPI application of one workspace.

`create_app(workspace)` builds it without touching the database; the engine is opened when
the server starts (the lifespan) and disposed of when it stops, after uvicorn has let the
requests in flight finish. Tests drive the same app in process through httpx's ASGI
transport; `leadsift serve` runs it under uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from leadsift import __version__
from leadsift.workspace.workspace import Workspace


def _engine(request: Request) -> sa.Engine:
    engine: sa.Engine = request.app.state.engine
    return engine


EngineDep = Annotated[sa.Engine, Depends(_engine)]


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
    )
    app.state.workspace = workspace

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

    return app
