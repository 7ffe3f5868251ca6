"""Imports the dashboard runs in the background, so that the person who uploaded can watch
them: which file, how many rows so far, how much of the file, and then what each file gave.

An upload becomes a job (its files saved to a folder of their own), run on its own thread
through the application API's `import_files`; the page that shows the job reloads itself
each second until the job is done (a `<meta http-equiv="refresh">`: no script needed). Jobs
live in the server's memory: the last `KEPT` of them, each visible only to the user who
started it (its id is unguessable as well). The folder is removed when the job ends.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from leadsift.app.imports import ImportOutcome, ImportRequest, import_files
from leadsift.app.session import Session
from leadsift.app.users import User, record_action
from leadsift.domain.errors import InputFileError, LeadsiftError

KEPT = 100


@dataclass
class ImportJob:
    """One upload's import: `state` is waiting (for the write lock), running or done."""

    id: str
    user_id: int
    files: list[str]
    check: bool
    state: str = "waiting"
    waiting_for: str = ""
    file_number: int = 0
    current_file: str = ""
    rows_read: int = 0
    fraction: float = 0.0
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    outcome: dict[str, Any] | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def percent(self) -> int:
        """Of the whole upload: files done, and the share of the file being read."""
        if self.done:
            return 100
        whole = (max(self.file_number - 1, 0) + self.fraction) / max(len(self.files), 1)
        return min(99, int(whole * 100))


def _messages(outcome: ImportOutcome) -> list[str]:
    """Each refused file's message as `leadsift import` prints it, named as uploaded."""
    return [
        InputFileError(PurePath(e.file).name, e.problems, e.total).render()
        for e in outcome.rejected
    ]


class ImportJobs:
    """The server's import jobs, by id."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, ImportJob] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job_id: str, user: User) -> ImportJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.user_id == user.id else None

    def start(
        self,
        session: Session,
        user: User,
        kind: str | None,
        folder: Path,
        paths: list[Path],
        request: ImportRequest,
    ) -> ImportJob:
        """Import `paths` (saved in `folder`, which the job removes when it ends) on a
        thread of its own."""
        job = ImportJob(secrets.token_urlsafe(16), user.id, [p.name for p in paths], request.check)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT:
                self._jobs.popitem(last=False)
        worker = threading.Thread(
            target=self._run, args=(job, session, user, kind, folder, paths, request),
            name=f"import-{job.id[:6]}", daemon=True,
        )  # fmt: skip
        worker.start()
        return job

    @staticmethod
    def _run(
        job: ImportJob,
        session: Session,
        user: User,
        kind: str | None,
        folder: Path,
        paths: list[Path],
        request: ImportRequest,
    ) -> None:
        names = {str(path): path.name for path in paths}

        def waiting(activity: str) -> None:
            job.waiting_for = activity

        def progress(file: str, rows: int, fraction: float) -> None:
            name = names.get(file, PurePath(file).name)
            if name != job.current_file:
                job.current_file, job.file_number = name, job.file_number + 1
            job.state, job.rows_read, job.fraction = "running", rows, fraction

        try:
            outcome = import_files(session, kind, paths, request, progress, waiting)
            answer = outcome.as_dict()
            for entry in answer["files"]:
                entry["file"] = PurePath(str(entry["file"])).name
            job.outcome, job.messages = answer, _messages(outcome)
            record_action(
                session, user, "imports.upload",
                {"files": job.files, "rejected": len(outcome.rejected), "check": job.check},
            )  # fmt: skip
        except LeadsiftError as refused:
            job.messages = [str(refused)]
        except Exception as failed:  # shown to the user rather than lost on a thread
            job.messages = [f"the import failed: {type(failed).__name__}: {failed}"]
            raise
        finally:
            job.seconds = time.monotonic() - job.started
            job.state = "done"
            shutil.rmtree(folder, ignore_errors=True)
