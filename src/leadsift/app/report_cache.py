"""Reports kept while nothing they come from has changed: in the session's memo (a service's
requests share it) and, for the default reports, in a file in the workspace, so that a
restarted service shows its Home page at once instead of after seconds of counting.

A kept report carries the `data_version` it was computed from; it is current while the
workspace's version is the same. The files are pickles: they live in the workspace folder,
beside the leadsift.toml that already decides what the workspace runs, and are written by
leadsift alone (atomically: a reader sees the old file or the new one, never half of one).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from leadsift import __version__
from leadsift.app.session import Session

CACHE_FOLDER = ".leadsift-cache"

Kept = tuple[tuple[Any, ...], Any]  # (data version, report)


def _file(session: Session, key: tuple[Any, ...]) -> Path | None:
    """Only the reports without a date range go to disk: a handful of files, not one per
    range anyone ever asked for."""
    name, by, since, currency, credited = key
    if since is not None:
        return None
    # one file per model and window: a report with another model asked for once does not
    # replace the default one
    knobs = hashlib.sha256(repr(credited).encode()).hexdigest()[:8]
    currency = f"{currency}-{credited.model}-{knobs}"
    # a report of another release may lack fields this one reads: its file is not this one's
    return session.workspace.root / CACHE_FOLDER / f"{name}-{by}-{currency}-{__version__}.pickle"


def kept(session: Session, key: tuple[Any, ...]) -> Kept | None:
    """The report kept under `key`, current or not, with its version."""
    found: Kept | None = session.memo.get(key)
    if found is not None:
        return found
    path = _file(session, key)
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as saved:
            found = pickle.load(saved)  # leadsift's own file (see above)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # an older leadsift's or a damaged file: computed afresh
    session.memo[key] = found
    return found


def keep(session: Session, key: tuple[Any, ...], version: tuple[Any, ...], report: Any) -> None:
    session.memo[key] = (version, report)
    path = _file(session, key)
    if path is None:
        return
    try:
        path.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((version, report), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only workspace still answers: the memo holds it for this process
