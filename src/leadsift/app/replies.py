"""Replies to our outreach, read for intent: `leadsift replies classify FILE -o OUT.csv`.

The input is JSON Lines, one reply a line, with `id`, `subject` and `body` (and optionally
`from`, the sender's address, and `date`, the day it was sent, ISO): the whole file is checked
before anything is written, and every bad line is reported as FILE:LINE with the field."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from leadsift.domain.errors import LeadsiftError, RowProblem
from leadsift.export.csv_cells import write_rows
from leadsift.outreach.intent import IntentClassifier, Reply, ReplyIntent, packaged_model
from leadsift.outreach.reply_text import MAX_BODY_CHARS, truncate

REQUIRED = ("id", "subject", "body")
HEADER = ("id", "intent", "confidence", "return_date", "referral_email")
_BATCH = 2000  # replies classified at once: bounds the memory of one sparse matrix
_SHOWN = 20


class ReplyFileError(LeadsiftError):
    """The replies file has bad lines; nothing was classified or written."""

    def __init__(self, file: str, problems: list[RowProblem]) -> None:
        self.file, self.problems = file, problems
        lines = [f"{file}: not classified, nothing written"]
        lines += ["  " + _describe(file, problem) for problem in problems[:_SHOWN]]
        if len(problems) > _SHOWN:
            lines.append(f"  ... and {len(problems) - _SHOWN} more problem(s)")
        super().__init__("\n".join(lines))


def _describe(file: str, problem: RowProblem) -> str:
    field = f": field {problem.column!r}" if problem.column else ""
    return f"{file}:{problem.line}{field}: {problem.reason}"


@dataclass(frozen=True)
class ClassifyResult:
    replies: int
    truncated: int  # bodies longer than MAX_BODY_CHARS, read up to that length only
    by_intent: dict[str, int]


def _text(row: dict[str, object], field: str, line: int, problems: list[RowProblem]) -> str:
    value = row.get(field)
    if value is None:
        problems.append(RowProblem(line, field, "missing (every reply needs id, subject, body)"))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(RowProblem(line, field, f"must be text, not {type(value).__name__}"))
        return ""
    return str(value)


def _date(row: dict[str, object], line: int, problems: list[RowProblem]) -> dt.date | None:
    value = row.get("date")
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        problems.append(RowProblem(line, "date", f"{str(value)[:40]!r} is not an ISO date"))
        return None


def read_replies(path: Path) -> tuple[list[Reply], int]:
    """The replies in a JSON Lines file and how many bodies were cut; `ReplyFileError` names
    every bad line. Blank lines are skipped."""
    if not path.is_file():
        raise ReplyFileError(str(path), [RowProblem(0, None, "no such file")])
    replies: list[Reply] = []
    problems: list[RowProblem] = []
    truncated = 0
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(RowProblem(number, None, f"not valid JSON ({error.msg})"))
                continue
            if not isinstance(row, dict):
                problems.append(RowProblem(number, None, "not a JSON object"))
                continue
            fields = [_text(row, name, number, problems) for name in REQUIRED]
            body, cut = truncate(fields[2])
            truncated += cut
            sender = row.get("from")
            replies.append(
                Reply(
                    id=fields[0],
                    subject=fields[1][:1000],
                    body=body,
                    sender=sender if isinstance(sender, str) else None,
                    sent=_date(row, number, problems),
                )
            )
    if problems:
        raise ReplyFileError(str(path), problems)
    return replies, truncated


def classify_all(replies: list[Reply], today: dt.date | None = None) -> Iterator[ReplyIntent]:
    classifier = IntentClassifier(packaged_model())
    for start in range(0, len(replies), _BATCH):
        yield from classifier.classify(replies[start : start + _BATCH], today)


@contextmanager
def _opened(output: Path | TextIO | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
    elif isinstance(output, Path):
        with output.open("w", encoding="utf-8", newline="") as stream:
            yield stream
    else:
        yield output


def classify_file(
    path: Path, output: Path | TextIO | None = None, today: dt.date | None = None
) -> ClassifyResult:
    """Classify every reply in `path` and write the CSV (id, intent, confidence,
    return_date, referral_email) to `output` (a file, a stream, or standard output)."""
    replies, truncated = read_replies(path)
    results = list(classify_all(replies, today))
    counts: dict[str, int] = {}
    for result in results:
        counts[result.intent] = counts.get(result.intent, 0) + 1
    rows = (
        (
            result.id,
            result.intent,
            f"{result.confidence:.4f}",
            result.return_date.isoformat() if result.return_date else None,
            result.referral_email,
        )
        for result in results
    )
    with _opened(output) as stream:
        write_rows(stream, HEADER, rows)
    return ClassifyResult(len(results), truncated, dict(sorted(counts.items())))


__all__ = ["MAX_BODY_CHARS", "ClassifyResult", "ReplyFileError", "classify_file", "read_replies"]
