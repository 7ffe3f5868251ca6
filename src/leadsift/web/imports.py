"""Imports: upload files (the layout recognised, as `leadsift import` does), watch them
import (web/import_jobs.py), what each file gave, the problems of a refused one by line and
column (the CLI's own messages), and the import log. Marketers and admins upload; everyone
sees the log."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from leadsift.app.imports import ImportRequest
from leadsift.app.session import Session
from leadsift.app.status import workspace_status
from leadsift.app.users import WebSession
from leadsift.web.auth import CurrentUser, Marketer, Refused, SessionDep
from leadsift.web.forms import FieldErrors
from leadsift.web.import_jobs import ImportJob, ImportJobs
from leadsift.web.render import page, redirect
from leadsift.web.uploads import chosen_files, save_uploads

router = APIRouter()

KINDS = ("contacts", "touches", "accounts", "spend", "outcomes", "profiles", "metrics")


def _show(
    request: Request,
    web_session: WebSession,
    session: Session,
    status: int = 200,
    errors: FieldErrors | None = None,
    job: ImportJob | None = None,
) -> Response:
    log = workspace_status(session, limit=50).imports
    return page(
        request, "imports.html", web_session, status=status, errors=errors or FieldErrors(),
        job=job, log=log, kinds=KINDS, may_upload=web_session.user.may("marketer"),
    )  # fmt: skip


def _jobs(request: Request) -> ImportJobs:
    jobs: ImportJobs | None = getattr(request.app.state, "import_jobs", None)
    if jobs is None:
        jobs = request.app.state.import_jobs = ImportJobs()
    return jobs


@router.get("/imports", include_in_schema=False)
def imports(request: Request, web_session: CurrentUser, session: SessionDep) -> Response:
    return _show(request, web_session, session)


@router.get("/imports/jobs/{job_id}", include_in_schema=False)
def job_page(
    request: Request, job_id: str, web_session: CurrentUser, session: SessionDep
) -> Response:
    job = _jobs(request).get(job_id, web_session.user)
    if job is None:
        raise Refused(404, "No such import: it was started by someone else, or long ago.")
    return _show(request, web_session, session, job=job)


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
    form = await request.form()
    chosen = chosen_files(form.getlist("files"))
    if kind and kind not in KINDS:
        errors["kind"] = f"choose one of {', '.join(KINDS)}, or let leadsift recognise it"
    if not chosen:
        errors["files"] = "choose one or more files to import"
    if errors:
        return _show(request, web_session, session, 422, errors)
    folder = Path(tempfile.mkdtemp(prefix="leadsift-upload-"))
    paths = await save_uploads(chosen, folder, errors, "files")
    if errors:
        shutil.rmtree(folder, ignore_errors=True)
        return _show(request, web_session, session, 413, errors)
    options = ImportRequest(check=check, campaign=campaign or None)
    job = _jobs(request).start(session, web_session.user, kind or None, folder, paths, options)
    return redirect(f"/imports/jobs/{job.id}")
