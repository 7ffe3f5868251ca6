"""Look at a file before reading it: its real format, encoding, delimiter and content hash.

One streaming pass over the bytes computes the hash and checks the encoding, so a 2 GB file
is never held in memory and a file that is not what its name says is refused up front.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from leadsift.domain.errors import InputFileError, RowProblem

FileFormat = Literal["csv", "jsonl", "parquet"]

_EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}

# Magic numbers of files people attach by mistake, so we can say what the file really is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PAR1", "a Parquet file"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3", "a SQLite database"),
)

_CHUNK = 1 << 20


@dataclass(frozen=True)
class FileInfo:
    path: Path
    format: FileFormat
    encoding: str  # "utf-8-sig" or "latin-1"; unused for Parquet
    delimiter: str  # CSV only
    sha256: str
    size: int
    warnings: tuple[str, ...] = ()


def _fail(path: Path, reason: str, line: int = 1) -> InputFileError:
    return InputFileError(str(path), [RowProblem(line=line, column=None, reason=reason)])


def sniff(path: Path, delimiter: str | None = None) -> FileInfo:
    """Describe `path`, or raise InputFileError if it cannot be a table we read."""
    if not path.is_file():
        raise _fail(path, "no such file")
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise _fail(
            path,
            f"unknown file type {path.suffix!r}: use .csv, .tsv, .jsonl or .parquet",
        )
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head:
        raise _fail(path, "the file is empty")
    for magic, what in _MAGIC:
        if head.startswith(magic) and not (fmt == "parquet" and magic == b"PAR1"):
            raise _fail(path, f"the file is {what}, not a {fmt.upper()} file as its name says")
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            raise _fail(path, "the file is not a Parquet file (it lacks the PAR1 signature)")
        return FileInfo(path, fmt, "", "", _hash(path), path.stat().st_size)
    if b"\x00" in head:
        raise _fail(path, "the file is binary (it contains NUL bytes), not a text file")
    digest, utf8_ok, bad_line = _hash_and_check_utf8(path)
    warnings: tuple[str, ...] = ()
    encoding = "utf-8-sig"
    if not utf8_ok:
        encoding = "latin-1"
        warnings = (f"{path}:{bad_line}: not valid UTF-8; read as Latin-1 (check accented names)",)
    text_head = head.decode(encoding, errors="replace")
    if fmt == "jsonl":
        first = text_head.lstrip("\ufeff \t\r\n")[:1]
        if first not in ("{", ""):
            raise _fail(path, "the file is not JSON Lines: a line must be one JSON object {...}")
        chosen = ""
    else:
        chosen = delimiter or _sniff_delimiter(text_head, path.suffix.lower())
    return FileInfo(path, fmt, encoding, chosen, digest, path.stat().st_size, warnings)


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_and_check_utf8(path: Path) -> tuple[str, bool, int]:
    """sha256 of the bytes, whether they are valid UTF-8, and the first bad line if not."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid = True
    bad_line = 0
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    valid = False
                    bad_line = newlines + chunk.count(b"\n", 0, exc.start) + 1
            newlines += chunk.count(b"\n")
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid, bad_line = False, newlines + 1
    return digest.hexdigest(), valid, bad_line


def _sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields.

    csv.Sniffer guesses wrong on short or quoted samples, so we test each candidate instead.
    """
    if suffix == ".tsv":
        return "\t"
    lines = text.splitlines()[:21]
    if len(lines) > 1 and len(text) >= 65536:
        lines = lines[:-1]  # the last line of a truncated sample may be cut in half
    best, best_score = ",", (0, 0)
    for candidate in ",;\t|":
        widths = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for w in widths if w == widths[0])
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best
