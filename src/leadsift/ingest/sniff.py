"""Look at a table before reading it: its real format, encoding, delimiter and content hash.

One streaming pass over the bytes computes the hash and checks the encoding, so a 2 GB file
is never held in memory and a file that is not what its name says is refused up front.
Tools write UTF-8 with or without a byte order mark, UTF-16 with one (Google Ads and Meta
reports, under a .csv name), and Windows-1252 (older Excel): all are read as written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from leadsift.domain.errors import InputFileError, RowProblem
from leadsift.ingest.sources import Source, file_source

FileFormat = Literal["csv", "jsonl", "json", "parquet"]

_EXTENSIONS: dict[str, FileFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
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
# bytes Windows-1252 leaves undefined: a file with one of them is Latin-1 instead
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class FileInfo:
    path: Path  # the file on disk (for a ZIP member: the archive)
    format: FileFormat
    encoding: str  # "utf-8-sig", "utf-16", "cp1252" or "latin-1"; unused for Parquet
    delimiter: str  # CSV only
    sha256: str  # of the table's bytes (decompressed)
    size: int
    warnings: tuple[str, ...] = ()
    source: Source | None = None

    @property
    def name(self) -> str:
        return self.source.name if self.source is not None else str(self.path)

    def open(self) -> IO[bytes]:
        return self.source.open() if self.source is not None else self.path.open("rb")


def _fail(name: str, reason: str, line: int = 1) -> InputFileError:
    return InputFileError(name, [RowProblem(line=line, column=None, reason=reason)])


def sniff(path: Path | Source, delimiter: str | None = None) -> FileInfo:
    """Describe a table, or raise InputFileError if it cannot be one we read."""
    source = path if isinstance(path, Source) else None
    if source is None:
        assert isinstance(path, Path)
        if not path.is_file():
            raise _fail(str(path), "no such file")
        source = file_source(path)
    name = source.name
    fmt = _EXTENSIONS.get(source.suffix)
    if fmt is None:
        raise _fail(
            name,
            f"unknown file type {source.suffix!r}: use .csv, .tsv, .json, .jsonl, .parquet "
            "(optionally .gz), or a .zip of them",
        )
    with source.open() as handle:
        head = handle.read(65536)
    if not head:
        raise _fail(name, "the file is empty")
    bom_encoding = _bom(head)
    for magic, what in _MAGIC:
        if head.startswith(magic) and not (fmt == "parquet" and magic == b"PAR1"):
            raise _fail(name, f"the file is {what}, not a {fmt.upper()} file as its name says")
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            raise _fail(name, "the file is not a Parquet file (it lacks the PAR1 signature)")
        if source.file.suffix.lower() != source.suffix:
            raise _fail(name, "a Parquet file must be imported as it is, not compressed")
        return FileInfo(source.file, fmt, "", "", _hash(source), source.file.stat().st_size,
                        source=source)  # fmt: skip
    encoding = bom_encoding or _utf16_without_bom(head)
    if encoding is None and b"\x00" in head:
        raise _fail(name, "the file is binary (it contains NUL bytes), not a text file")
    digest, encoding, warnings, size = _hash_and_decode(source, encoding or "utf-8")
    text_head = head.decode(encoding, errors="replace").lstrip("\ufeff")
    chosen = ""
    if fmt == "json":
        fmt = _json_kind(name, text_head)
    elif fmt == "jsonl":
        first = text_head.lstrip(" \t\r\n")[:1]
        if first not in ("{", ""):
            raise _fail(name, "the file is not JSON Lines: a line must be one JSON object {...}")
    else:
        chosen = delimiter or _sniff_delimiter(text_head, source.suffix, len(head) >= 65536)
    return FileInfo(source.file, fmt, encoding, chosen, digest, size, warnings, source)


def _bom(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII characters leave every other byte NUL."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.9 * half and even == 0:
        return "utf-16-le"
    if even > 0.9 * half and odd == 0:
        return "utf-16-be"
    return None


def _json_kind(name: str, text: str) -> FileFormat:
    """A .json file holds one document (an array, an object wrapping records) or is JSON Lines."""
    stripped = text.lstrip(" \t\r\n")
    if stripped[:1] == "[":
        return "json"
    if stripped[:1] != "{":
        raise _fail(name, "the file is not JSON: it must start with [ or {")
    try:
        _, end = json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError:
        return "json"  # a document larger than the sample, or broken: the reader says where
    rest = stripped[end:].lstrip(" \t\r")
    return "jsonl" if rest.startswith("\n") and rest.strip().startswith("{") else "json"


def _hash(source: Source) -> str:
    digest = hashlib.sha256()
    with source.open() as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_and_decode(source: Source, encoding: str) -> tuple[str, str, tuple[str, ...], int]:
    """sha256 of the bytes, the encoding to read them with, warnings, and the size.

    UTF-16 that does not decode is a damaged file (often cut short); UTF-8 that does not
    decode is read as Windows-1252 (Latin-1 when it has bytes Windows-1252 leaves out)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(encoding)()
    valid, bad_line, newlines, size = True, 0, 0, 0
    undefined = False
    with source.open() as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if valid:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    valid = False
                    bad_line = newlines + chunk.count(b"\n", 0, exc.start) + 1
            if not valid and not undefined:
                undefined = any(byte in _CP1252_UNDEFINED for byte in chunk)
            newlines += chunk.count(b"\n")
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid, bad_line = False, newlines + 1
    if valid:
        return digest.hexdigest(), encoding, (), size
    if encoding.startswith("utf-16"):
        raise _fail(
            source.name,
            "damaged UTF-16 text: it ends in the middle of a character or holds an unpaired "
            "surrogate (was the file cut short?)",
            bad_line,
        )
    fallback = "latin-1" if undefined else "cp1252"
    label = "Latin-1" if undefined else "Windows-1252"
    warning = f"{source.name}:{bad_line}: not valid UTF-8; read as {label} (check accented names)"
    return digest.hexdigest(), fallback, (warning,), size


def _sniff_delimiter(text: str, suffix: str, truncated: bool) -> str:
    """The delimiter that splits most of the first lines into the same number (>1) of fields.

    Reports put a title and a date range above the header, so the modal width counts, not the
    first line's; csv.Sniffer guesses wrong on short or quoted samples, so we test each one."""
    if suffix == ".tsv":
        return "\t"
    lines = text.splitlines()[:40]
    if len(lines) > 1 and truncated:
        lines = lines[:-1]  # the last line of a truncated sample may be cut in half
    best, best_score = ",", (0, 0)
    for candidate in ",;\t|":
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=candidate) if row]
        except csv.Error:
            continue
        wide = [w for w in widths if w >= 2]
        if not wide:
            continue
        width, consistent = Counter(wide).most_common(1)[0]
        score = (consistent, width)
        if score > best_score:
            best, best_score = candidate, score
    return best
