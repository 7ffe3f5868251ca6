"""What leadsift wrote outside its database that may name an erased person: the service's
inbox of acknowledged events, the kept reports, exports and other files in the workspace
folder. Each is cleaned in place so that the person's bytes are gone from the disk too."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

CACHE_FOLDER = ".leadsift-cache"
INBOX_FILE = ".leadsift-inbox.db"
# the database and its journals are cleaned by the engine (secure delete and a checkpoint)
_DATABASE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".lock")


def scrub_inbox(path: Path, forms: Iterable[str]) -> int:
    """Delete the inbox's deliveries (waiting or refused) whose payload holds any form;
    freed pages are zeroed and the file compacted. Returns deliveries removed."""
    if not path.exists():
        return 0
    needles = sorted({f.lower() for f in forms if f})
    removed = 0
    with sqlite3.connect(path, timeout=60) as db:
        db.execute("PRAGMA secure_delete = ON")
        for table in ("deliveries", "refused"):
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if not exists:
                continue
            for needle in needles:
                cursor = db.execute(
                    f"DELETE FROM {table} WHERE instr(lower(payload), ?) > 0", (needle,)
                )
                removed += cursor.rowcount
        if exists_waiting(db):
            db.execute("DELETE FROM waiting_ids WHERE seq NOT IN (SELECT seq FROM deliveries)")
    with sqlite3.connect(path, timeout=60) as db:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return removed


def exists_waiting(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'waiting_ids'").fetchone()
    return found is not None


# what separates an identifier from its neighbours in a CSV, JSON or text line, or in the
# bytes of any other file (control characters); an email or phone is never split by these
# (@ . + - _ are kept)
_SEPARATORS = re.compile(rb"[\x00-\x20\x7f,;:\"'<>()\[\]{}|=&?\\]+")


class _Needles:
    """The forms to look for: single tokens by set lookup (one pass over a line, however
    many people are erased); a phone however it is written ("+1 555 010 0001",
    "(555) 010-0001") by its digits; any other form with spaces in it by substring."""

    def __init__(self, forms: Iterable[str]) -> None:
        lowered = {f.lower().encode() for f in forms if f}
        self.tokens = {f for f in lowered if not _SEPARATORS.search(f)}
        spaced = [f for f in lowered if _SEPARATORS.search(f)]
        self.phones = {_digits(f)[-10:] for f in spaced if _PHONE.fullmatch(f)}
        self.phrases = []
        for form in spaced:
            if _PHONE.fullmatch(form):
                continue
            _, colon, handle = form.partition(b":")
            if colon and len(handle) >= 4 and not _SEPARATORS.search(handle):
                # a social handle is written in files without its platform: as a token
                self.tokens |= {handle, b"@" + handle}
            else:
                self.phrases.append(form)

    def __bool__(self) -> bool:
        return bool(self.tokens or self.phrases or self.phones)

    def few(self) -> bool:
        """Few enough forms that a substring search per form beats splitting lines."""
        return len(self.tokens) + len(self.phrases) + len(self.phones) <= 64

    def anywhere(self, text: bytes) -> bool:
        lowered = text.lower()
        if any(f in lowered for f in (*self.tokens, *self.phrases)):
            return True
        return self._phone_in(lowered)

    def _phone_in(self, lowered: bytes) -> bool:
        return bool(self.phones) and any(
            _digits(m.group())[-10:] in self.phones for m in _PHONE.finditer(lowered)
        )

    def found(self, text: bytes) -> bool:
        lowered = text.lower()
        if any(p in lowered for p in self.phrases) or self._phone_in(lowered):
            return True
        return not self.tokens.isdisjoint(_SEPARATORS.split(lowered))


# a phone number as people write one: digits with spaces, dots, dashes or brackets between
_PHONE = re.compile(rb"\+?\(?\d[\d .()-]{5,}\d")
_NOT_DIGIT = re.compile(rb"\D")


def _digits(text: bytes) -> bytes:
    return _NOT_DIGIT.sub(b"", text)


def _is_text(path: Path) -> bool:
    with path.open("rb") as head:
        return b"\0" not in head.read(8192)


def _clean_text(path: Path, needles: _Needles) -> bool:
    """Rewrite the file without its lines that hold a form; False if none did."""
    if needles.few():
        if not needles.anywhere(path.read_bytes()):
            return False
    else:
        with path.open("rb") as source:
            # blocks of whole lines: one split and one set test per block, not per line
            while block := b"".join(source.readlines(1 << 22)):
                if needles.found(block):
                    break
            else:
                return False
    temporary = path.with_name(f".{path.name}.erasing")
    removed = 0
    with path.open("rb") as source, temporary.open("wb") as kept:
        for line in source:
            if needles.found(line):
                removed += 1
            else:
                kept.write(line)
    if not removed:  # the quick search saw a form inside a longer word: nothing to take out
        temporary.unlink()
        return False
    os.replace(temporary, path)
    return True


def scrub_folder(root: Path, forms: Iterable[str]) -> list[str]:
    """The kept reports removed (they are computed again), and every other file under the
    workspace folder that holds a form: a text file (an export, a CSV) rewritten without
    its lines that hold one, any other file deleted. Returns the files changed, relative."""
    changed: list[str] = []
    cache = root / CACHE_FOLDER
    if cache.exists():
        shutil.rmtree(cache, ignore_errors=True)
        changed.append(CACHE_FOLDER + "/")
    needles = _Needles(forms)
    if not needles:
        return changed
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.endswith(_DATABASE_SUFFIXES):
            continue
        if path.name.startswith(INBOX_FILE) or path.name == "leadsift.toml":
            continue
        try:
            if _is_text(path):
                if not _clean_text(path, needles):
                    continue
            elif needles.found(path.read_bytes()):
                path.unlink()
            else:
                continue
        except OSError:
            continue
        changed.append(str(path.relative_to(root)))
    return changed
