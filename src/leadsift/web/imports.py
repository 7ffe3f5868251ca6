"""Imports: upload files (the layout recognised, as `leadsift import` does), what each file
gave, the problems of a refused one by line and column (the CLI's own messages), and the
import log. Marketers and admins upload; everyone sees the log."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from leadsift.app.imports import ImportOutcome, ImportRequest, import_files
from leadsift.app.session import Session
from leadsift.app.status import workspace_status
from leadsift.app.users import WebSession, record_action
from leadsift.domain.errors import InputFileError, LeadsiftError
from leadsift.web.auth import CurrentUser, Marketer, SessionDep
from leadsift.web.forms import FieldErrors
from leadsift.web.render import page

router = APIRouter()

KINDS = ("contacts", "touches", "accounts", "spend", "outcomes", "profiles", "metrics")
MAX_UPLOAD = 512 * 1024 * 1024


def _show(
    request: Request,
    web_session: WebSession,
    session: Session,
    status: int = 200,
    errors: FieldErrors | None = None,
    outcome: dict[str, Any] | None = None,
    messages: list[str] | None = None,
) -> Response:
    log = workspace_status(session, limit=50).imports
    return page(
        request, "imports.html", web_session, status=status, errors=errors or FieldErrors(),
        outcome=outcome, messages=messages or [], log=log, kinds=KINDS,
        may_upload=web_session.user.may("marketer"),
    )  # fmt: skip


@router.get("/imports", include_in_schema=False)
def imports(request: Request, web_session: CurrentUser, session: SessionDep) -> Response:
    return _show(request, web_session, session)


def _messages(outcome: ImportOutcome) -> list[str]:
    """Each refused file's message as `leadsift import` prints it, named as uploaded."""
    return [
        InputFileError(PurePath(e.file).name, e.problems, e.total).render()
        for e in outcome.rejected
    ]


async def _save(files: list[UploadFile], folder: Path, errors: FieldErrors) -> list[Path]:
    paths = []
    for number, upload in enumerate(files):
        # each file in its own folder under its own name (what the CLI's messages show);
        # the client's name keeps its extension, how the layout is read, and nothing else
        name = PurePath(upload.filename or "").name or f"upload-{number}"
        path = folder / str(number) / name
        path.parent.mkdir()
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    errors["files"] = f"{name} is over {MAX_UPLOAD >> 20} MB"
                    return []
                out.write(chunk)
        paths.append(path)
    return paths


@router.post("/imports", include_in_schema=False)
async def upload(
    request: Request,
    web_session: Marketer,
    session: SessionDep,
    kind: Annotated[str, Form(max_length=20)] = "",
    campaign: Annotated[str, Form(max_length=300)] = "",
    check: Annotated[bool, Form()] = False,
) -> Response:
    errors = FieldErrors()
    # read from the form itself: a browser sends a file field left empty as a part with no
    # file name, which is no file at all
    form = await request.form()
    chosen = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if kind and kind not in KINDS:
        errors["kind"] = f"choose one of {', '.join(KINDS)}, or let leadsift recognise it"
    if not chosen:
        errors["files"] = "choose one or more files to import"
    if errors:
        return _show(request, web_session, session, 422, errors)
    with tempfile.TemporaryDirectory(prefix="leadsift-upload-") as folder:
        paths = await _save(chosen, Path(folder), errors)
        if errors:
            return _show(request, web_session, session, 413, errors)
        options = ImportRequest(check=check, campaign=campaign or None)
        try:
            outcome = await run_in_threadpool(import_files, session, kind or None, paths, options)
        except LeadsiftError as refused:
            return _show(request, web_session, session, 400, messages=[str(refused)])
    answer = outcome.as_dict()
    for entry in answer["files"]:
        entry["file"] = PurePath(str(entry["file"])).name
    record_action(
        session, web_session.user, "imports.upload",
        {"files": [p.name for p in paths], "rejected": len(outcome.rejected), "check": check},
    )  # fmt: skip
    status = 400 if outcome.rejected else 200
    return _show(request, web_session, session, status, outcome=answer, messages=_messages(outcome))
