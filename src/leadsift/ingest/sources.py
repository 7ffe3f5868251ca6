"""Where a file's bytes come from: a plain file, a gzip-compressed one, or a member of a ZIP.

Tools export ZIPs (a Mailchimp account export, an SFMC tracking extract) and gzip files; each
table inside is a `Source` with a name for messages and a way to open its bytes as a stream,
so nothing is unpacked to disk and a 2 GB member is never held in memory.
"""

from __future__ import annotations

import gzip
import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """One table's bytes. `name` is what messages say (`export.zip/opens.csv`); `suffix` is
    the table's own extension, under any .gz."""

    name: str
    suffix: str
    file: Path  # the file on disk the bytes come from
    opener: Callable[[], IO[bytes]]

    def open(self) -> IO[bytes]:
        return self.opener()

    @property
    def stem(self) -> str:
        """The member's or file's name without folders and extensions (for campaign names)."""
        name = self.name.rsplit("/", 1)[-1]
        return name[: -len(self.suffix)] if self.suffix and name.endswith(self.suffix) else name


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def file_source(path: Path) -> Source:
    """A plain or .gz file. The suffix of `clicks.csv.gz` is `.csv`."""
    if is_gzip(path):
        inner = Path(path.stem).suffix.lower()
        return Source(str(path), inner, path, lambda: cast(IO[bytes], gzip.open(path, "rb")))
    return Source(str(path), path.suffix.lower(), path, lambda: path.open("rb"))


def zip_sources(path: Path) -> list[Source]:
    """The members of a ZIP that hold tables (folders, dot-files and __MACOSX are skipped)."""
    with zipfile.ZipFile(path) as archive:
        names = [
            info.filename
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not info.filename.rsplit("/", 1)[-1].startswith(".")
        ]

    def opener(member: str) -> Callable[[], IO[bytes]]:
        def open_member() -> IO[bytes]:
            archive = zipfile.ZipFile(path)
            stream = archive.open(member)
            original_close = stream.close

            def close() -> None:
                original_close()
                archive.close()

            stream.close = close  # type: ignore[method-assign]
            return stream

        return open_member

    sources = []
    for member in sorted(names):
        suffix = Path(member).suffix.lower()
        inner = Path(Path(member).stem).suffix.lower() if suffix == ".gz" else suffix
        sources.append(Source(f"{path}/{member}", inner, path, opener(member)))
    return sources


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
