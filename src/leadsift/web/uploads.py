"""Files a form uploads, saved to a folder the caller owns, with a size limit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

from starlette.datastructures import UploadFile

from leadsift.web.forms import FieldErrors

MAX_UPLOAD = 512 * 1024 * 1024


def _size(limit: int) -> str:
    return f"{limit >> 20:,} MB" if limit >= 1 << 20 else f"{limit >> 10:,} KB"


async def save_uploads(
    files: list[UploadFile], folder: Path, errors: FieldErrors, field: str
) -> list[Path]:
    """Each file in its own folder under its own name (what the CLI's messages show: the
    client's name keeps its extension, how a layout is read, and nothing else of its path).
    A file over MAX_UPLOAD stops the saving: noted against `field`, nothing returned."""
    paths = []
    for number, upload in enumerate(files):
        name = PurePath(upload.filename or "").name or f"upload-{number}"
        path = folder / str(number) / name
        path.parent.mkdir(parents=True)
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    errors[field] = (
                        f"{name} is over the {_size(MAX_UPLOAD)} a file may have here: "
                        "split it, or import it with `leadsift import` where the workspace is"
                    )
                    return []
                out.write(chunk)
        paths.append(path)
    return paths


def chosen_files(form_values: Sequence[object]) -> list[UploadFile]:
    """The files of one form field: a browser sends a file field left empty as a part with
    no file name, which is no file at all."""
    return [f for f in form_values if isinstance(f, UploadFile) and f.filename]
