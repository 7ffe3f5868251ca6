"""Privacy requests over HTTP (admin keys): erase people, as `leadsift people erase` does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from leadsift.api.auth import AdminKey, SessionDep

router = APIRouter(prefix="/v1")


class Erasure(BaseModel):
    """Who to erase (email addresses or person ids) and why (kept in the audit log)."""

    people: Annotated[list[Annotated[str, Field(min_length=1, max_length=320)]],
                      Field(min_length=1, max_length=10_000)]  # fmt: skip
    reason: Annotated[str, Field(max_length=500)] = ""


@router.post(
    "/people/erase", tags=["people"],
    summary="Erase people: gone from every table, file and freed page; their identifiers "
    "suppressed as keyed hashes",
)  # fmt: skip
async def erase(key: AdminKey, session: SessionDep, request: Erasure) -> dict[str, Any]:
    from leadsift.app.privacy import erase_people

    done = await run_in_threadpool(
        erase_people, session, request.people, request.reason, f"api key {key.id}"
    )
    return done.as_dict()
