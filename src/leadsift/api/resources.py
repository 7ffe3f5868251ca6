"""The REST API: leads, people, accounts, campaigns, the report, imports and exports.

Each route speaks HTTP only: it reads its parameters, calls one application function
(leadsift.app) with the shared session, and returns what that gives as JSON, so the figures
are the CLI's (`leads --json`, `report --json`, `people show --json`). Lists are paginated
with `limit` and `offset`, and say where the next page starts.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import asdict
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from leadsift.api.auth import IngestKey, ReadKey, SessionDep

router = APIRouter(prefix="/v1")

Limit = Annotated[int, Query(ge=1, le=500, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many items first.")]
Stages = Annotated[
    list[str],
    Query(
        description="Only these stages; 'mql+' means MQL or later, 'all' every stage. "
        "Repeatable. Leads default to mql and sql: the people to act on now."
    ),
]


def _page(items: list[Any], limit: int, offset: int, more: bool) -> dict[str, Any]:
    return {
        "items": items,
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if more else None,
    }


@router.get("/leads", tags=["leads"], summary="Leads by priority, each with its reasons")
def leads(
    _: ReadKey,
    session: SessionDep,
    stage: Stages = [],  # noqa: B006 (FastAPI reads the default, never mutates it)
    account: Annotated[str | None, Query(max_length=300)] = None,
    campaign: Annotated[str | None, Query(max_length=300)] = None,
    sort: Literal["priority", "probability"] = "priority",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    from leadsift.app.leads import LeadQuery, find_leads

    query = LeadQuery(tuple(stage), account, campaign, offset + limit + 1, sort)
    found = find_leads(session, query)[offset:]
    return _page([asdict(lead) for lead in found[:limit]], limit, offset, len(found) > limit)


@router.get("/people/{reference}", tags=["people"], summary="One person, all we know of them")
def person(_: ReadKey, session: SessionDep, reference: str) -> dict[str, Any]:
    """`reference` is a person id or an email address. Observations with their sources,
    attributes with where each came from, touches with authenticity flags, scores with
    reasons, stage history."""
    from leadsift.app.people import person_view

    return person_view(session, reference).as_dict()


@router.get("/accounts", tags=["accounts"], summary="Accounts, named targets first")
def accounts(
    _: ReadKey,
    session: SessionDep,
    targets_only: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    from leadsift.app.accounts import list_accounts

    found = list_accounts(session, targets_only=targets_only, limit=limit + 1, offset=offset)
    return _page([a.as_dict() for a in found[:limit]], limit, offset, len(found) > limit)


def _report(session: Any, by: str, since: date | None) -> dict[str, Any]:
    from leadsift.app.reports import campaign_report

    figures: dict[str, Any] = campaign_report(session, by, since).as_dict()
    return figures


@router.get("/report", tags=["report"], summary="The campaign report (as `report --json`)")
def report(
    _: ReadKey,
    session: SessionDep,
    by: Literal["campaign", "channel"] = "campaign",
    since: date | None = None,
) -> dict[str, Any]:
    return _report(session, by, since)


@router.get("/campaigns", tags=["campaigns"], summary="Every campaign with its figures")
def campaigns(
    _: ReadKey, session: SessionDep, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    groups = _report(session, "campaign", None)["groups"]
    return _page(groups[offset : offset + limit], limit, offset, len(groups) > offset + limit)


@router.get("/campaigns/{name}", tags=["campaigns"], summary="One campaign and its people")
def campaign(
    _: ReadKey, session: SessionDep, name: str, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    from leadsift.app.leads import LeadQuery, find_leads

    groups = _report(session, "campaign", None)["groups"]
    found = [g for g in groups if g.get("group") == name]
    if not found:
        raise HTTPException(404, f"no campaign named {name!r}")
    people = find_leads(session, LeadQuery(campaign=name, limit=offset + limit + 1))[offset:]
    return {
        "campaign": found[0],
        "people": _page([asdict(p) for p in people[:limit]], limit, offset, len(people) > limit),
    }


_EXPORTS = {
    "calls": "call-list.csv",
    "segment": "segment.csv",
    "hubspot": "hubspot-contacts.csv",
    "salesforce": "salesforce-leads.csv",
}


@router.get(
    "/exports/{kind}",
    tags=["exports"],
    summary="A download: call list, email segment, or a CRM import file",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export(
    key: ReadKey,
    session: SessionDep,
    kind: Literal["calls", "segment", "hubspot", "salesforce"],
    stage: Stages = [],  # noqa: B006
    basis: Annotated[
        list[str],
        Query(
            description="Only people with these lawful bases (consent, contract, "
            "legitimate_interest, ...; none: no basis stated). Repeatable."
        ),
    ] = [],  # noqa: B006
) -> Response:
    from leadsift.app import exports

    out = io.StringIO()
    by = f"API key {key.id} ({key.name})"
    if kind == "calls":
        exports.export_call_list(session, out, stages=stage, bases=basis, by=by)
    elif kind == "segment":
        exports.export_segment(session, out, stages=stage, bases=basis, by=by)
    else:
        exports.export_crm(session, out, kind, stages=stage, bases=basis, by=by)
    return Response(
        # the byte-order mark lets Excel read the file as UTF-8
        content="\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_EXPORTS[kind]}"'},
    )


_MAX_UPLOAD = 512 * 1024 * 1024


@router.post("/imports", tags=["imports"], summary="Upload files to import (layout recognised)")
async def upload(
    _: IngestKey,
    session: SessionDep,
    files: Annotated[list[UploadFile], File(description="One or more files.")],
    kind: Annotated[
        Literal["contacts", "touches", "accounts", "spend", "outcomes", "profiles", "metrics"]
        | None,
        Form(),
    ] = None,
    column_map: Annotated[str | None, Form(max_length=200)] = None,
    campaign: Annotated[str | None, Form(max_length=300)] = None,
    check: Annotated[bool, Form()] = False,
) -> Any:
    """Each file is imported in its own transaction, as `leadsift import` does: the answer
    lists what each file gave and, for a rejected one, its problems by line and column."""
    from leadsift.app.imports import ImportRequest, import_files

    with tempfile.TemporaryDirectory(prefix="leadsift-upload-") as folder:
        paths = []
        for number, upload in enumerate(files):
            # the client's name keeps its extension (how the layout is read) and nothing else
            name = PurePath(upload.filename or f"upload-{number}").name or f"upload-{number}"
            path = Path(folder) / f"{number}-{name}"
            size = 0
            with path.open("wb") as out:
                while chunk := await upload.read(1 << 20):
                    size += len(chunk)
                    if size > _MAX_UPLOAD:
                        raise HTTPException(413, f"{name} is over {_MAX_UPLOAD >> 20} MB")
                    out.write(chunk)
            paths.append(path)
        request = ImportRequest(column_map=column_map, check=check, campaign=campaign)
        outcome = await run_in_threadpool(import_files, session, kind, paths, request)
    answer: dict[str, Any] = outcome.as_dict()
    for entry in [*answer["files"], *answer["rejected"]]:  # name files as the client did
        entry["file"] = PurePath(str(entry["file"])).name.split("-", 1)[-1]
    if not answer["rejected"]:
        return answer
    first = answer["rejected"][0]
    where = first["problems"][0] if first["problems"] else {}
    at = ", ".join(f"{k} {where[k]}" for k in ("line", "column") if where.get(k) is not None)
    detail = f"{first['file']}" + (f", {at}" if at else "") + f": {where.get('reason', '')}"
    return JSONResponse({"detail": detail.rstrip(": "), **answer}, status_code=400)
