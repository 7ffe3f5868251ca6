"""Benchmark: erasing people from the medium demo (50k people, ~1M touches), and importing
against a long suppression list.

1. A copy of the medium demo: erase 1 person (by email), then 10,000 people (by id), each as
   one `erase_people` call; wall time, and the bytes of the erased people found anywhere in
   the workspace folder afterwards (every form of the one person's identifiers; a sample of
   --sample of the 10,000's emails): the goal is 0.
2. A touches file of --rows rows imported into a fresh workspace with an empty suppression
   list and with one of 100,000 entries: rows per second of each (median of --runs).

    .venv/bin/python -m benchmarks.privacy_erasure [--rows 200000] [--runs 3] [--sample 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

import sqlalchemy as sa

from benchmarks.common import WORK, demo_workspace
from leadsift.app.imports import import_files
from leadsift.app.privacy import erase_people
from leadsift.app.session import Session, open_session
from leadsift.privacy.identifiers import email_forms, phone_forms
from leadsift.privacy.suppression import Identifiers, suppress
from leadsift.workspace.workspace import Workspace, find_workspace, init_workspace


def _found(root: Path, needles: list[bytes]) -> int:
    """How many of the needles any file under `root` still holds (case-insensitive)."""
    left = {n.lower() for n in needles if n}
    hits = 0
    for path in root.rglob("*"):
        if not path.is_file() or not left:
            continue
        content = path.read_bytes().lower()
        found = {n for n in left if n in content}
        hits += len(found)
        left -= found
    return hits


def _person_forms(session: Session, person: int) -> list[bytes]:
    with session.reading() as connection:
        rows = connection.execute(
            sa.text("SELECT kind, value FROM identities WHERE person_id = :p"), {"p": person}
        ).all()
        phones = connection.execute(
            sa.text("SELECT phone FROM contacts WHERE person_id = :p AND phone IS NOT NULL"),
            {"p": person},
        ).all()
    forms: set[str] = set()
    for kind, value in rows:
        forms |= email_forms(value) if kind == "email" else {str(value)}
    for (phone,) in phones:
        forms |= {str(phone)} | phone_forms(str(phone))
    return [f.encode() for f in forms]


def erasing(sample: int) -> None:
    source = demo_workspace("medium")
    copy = WORK / "privacy-medium"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".leadsift-cache"))
    with open_session(find_workspace(copy)) as session:
        with session.reading() as connection:
            people = [
                int(r[0]) for r in connection.execute(sa.text(
                    "SELECT DISTINCT person_id FROM identities WHERE kind = 'email' "
                    "ORDER BY person_id LIMIT 10001"))
            ]  # fmt: skip
            one_email = connection.execute(
                sa.text("SELECT value FROM identities WHERE kind = 'email' AND person_id = :p"),
                {"p": people[0]},
            ).scalar()
            many_emails = [
                str(r[0]) for r in connection.execute(sa.text(
                    "SELECT value FROM identities WHERE kind = 'email' AND person_id IN "
                    f"({','.join(str(p) for p in people[1:1 + sample])})"))
            ]  # fmt: skip
        forms = _person_forms(session, people[0])
        started = time.perf_counter()
        done = erase_people(session, [str(one_email)])
        one = time.perf_counter() - started
        print(f"erase 1 person: {one:.2f} s; {sum(done.rows.values()):,} rows changed; "
              f"forms of them found afterwards: {_found(copy, forms)} of {len(forms)}")  # fmt: skip
        started = time.perf_counter()
        done = erase_people(session, [str(p) for p in people[1:10_001]])
        many = time.perf_counter() - started
        found = _found(copy, [e.encode() for e in many_emails])
        print(f"erase 10,000 people: {many:.1f} s; {sum(done.rows.values()):,} rows changed; "
              f"emails of a sample of {len(many_emails)} found afterwards: {found}")  # fmt: skip
    shutil.rmtree(copy, ignore_errors=True)


def _touches(path: Path, rows: int) -> None:
    with path.open("w") as out:
        out.write("touch_id,campaign,channel,kind,occurred_at,email\n")
        for n in range(rows):
            out.write(f"{n},spring,email,open,2026-05-{1 + n % 28:02d}T10:00:00Z,"
                      f"p{n % 40_000}@clinic{n % 900}.example\n")  # fmt: skip


def _timed_import(workspace: Workspace, path: Path) -> float:
    with open_session(workspace) as session:
        started = time.perf_counter()
        outcome = import_files(session, "touches", [path])
        assert not outcome.rejected
        return time.perf_counter() - started


def importing(rows: int, runs: int) -> None:
    path = WORK / f"privacy-touches-{rows}.csv"
    if not path.exists():
        _touches(path, rows)
    for listed in (0, 100_000):
        times = []
        for run in range(runs):
            folder = WORK / f"privacy-import-{listed}-{run}"
            shutil.rmtree(folder, ignore_errors=True)
            workspace = init_workspace(folder)
            if listed:
                with open_session(workspace) as session, session.writing("bench") as connection:
                    fake = frozenset(f"gone{n}@elsewhere.example" for n in range(listed))
                    suppress(connection, Identifiers(emails=fake), "erased")
            times.append(_timed_import(workspace, path))
            shutil.rmtree(folder, ignore_errors=True)
        seconds = statistics.median(times)
        print(f"import {rows:,} touches, {listed:,}-entry suppression list: {seconds:.2f} s, "
              f"{rows / seconds:,.0f} rows/s (median of {runs})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    erasing(args.sample)
    importing(args.rows, args.runs)


if __name__ == "__main__":
    main()
