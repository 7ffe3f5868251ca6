"""Who is calling: the API key from `Authorization: Bearer KEY`, or as the Basic-auth user
name with an empty password (how Segment's libraries send their write key)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request

from leadsift.access.keys import ApiKey, authenticate, mark_used
from leadsift.app.session import Session


def _engine(request: Request) -> sa.Engine:
    engine: sa.Engine = request.app.state.engine
    return engine


EngineDep = Annotated[sa.Engine, Depends(_engine)]


def _session(request: Request) -> Session:
    session: Session = request.app.state.session
    return session


# The application layer's session (app/session.py), shared by every request.
SessionDep = Annotated[Session, Depends(_session)]


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic" and value.strip():
        try:
            user, _, _ = base64.b64decode(value.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user or None
    return None


def _refused(status: int, reason: str) -> HTTPException:
    headers = {"WWW-Authenticate": 'Bearer realm="leadsift"'} if status == 401 else None
    return HTTPException(status_code=status, detail=reason, headers=headers)


ANY = "any"  # any valid key


def require(scope: str) -> Callable[[Request, sa.Engine], ApiKey]:
    """A dependency that lets in keys allowed `scope`: 401 without a valid key, 403 for a
    key whose scope does not cover it."""

    def check(request: Request, engine: EngineDep) -> ApiKey:
        return authorised(engine, presented_key(request), scope)

    return check


def authorised(engine: sa.Engine, text: str | None, scope: str) -> ApiKey:
    """The key `text` if it may do `scope`; else 401 (no or bad key) or 403 (scope)."""
    if text is None:
        raise _refused(401, "an API key is required (Authorization: Bearer KEY)")
    with engine.begin() as connection:
        key = authenticate(connection, text)
        if key is not None:
            mark_used(connection, key)
    if key is None:
        raise _refused(401, "unknown or revoked API key")
    if scope != ANY and not key.allows(scope):
        raise _refused(403, f"a {key.scope} key cannot do this: it needs {scope}")
    return key


AnyKey = Annotated[ApiKey, Depends(require(ANY))]
ReadKey = Annotated[ApiKey, Depends(require("read"))]
AdminKey = Annotated[ApiKey, Depends(require("admin"))]
IngestKey = Annotated[ApiKey, Depends(require("ingest"))]
