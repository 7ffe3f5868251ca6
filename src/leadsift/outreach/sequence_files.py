"""Sequences as the team writes them: `sequences/NAME.toml` in the workspace, read and
checked before anything is sent (docs/outreach.md).

A sequence has a sending window and days, a daily cap, whether two people at one account
may be written to on the same day, whether a colleague's reply stops the others, a sender,
and ordered steps: `email` (subject, text and optionally html: Jinja2 templates over
`person`, `account`, `reason` and `sender`), `wait` (business days in the recipient's time
zone), `call` and `social` tasks (a note, also a template). Every problem names the file
and the key (and the line, where TOML gives one)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from leadsift.domain.errors import LeadsiftError

FOLDER = "sequences"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STEP_KINDS = ("email", "wait", "call", "social")
_SEQUENCE_KEYS = {
    "name", "window", "days", "daily_cap", "same_account_same_day", "stop_on_colleague_reply",
    "timezone", "sender", "mailbox", "steps", "enrol_referrals",
}  # fmt: skip
_STEP_KEYS = {
    "email": {"type", "subject", "text", "html"},
    "wait": {"type", "business_days"},
    "call": {"type", "note"},
    "social": {"type", "network", "note"},
}
_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


class SequenceError(LeadsiftError):
    """A sequence file cannot be used."""


@dataclass(frozen=True)
class Step:
    kind: str  # email, wait, call, social
    number: int  # 1-based, as the file lists them
    templates: dict[str, str] = field(default_factory=dict)  # subject/text/html, or note
    business_days: int = 0  # wait
    network: str | None = None  # social


@dataclass(frozen=True)
class Sequence:
    name: str
    path: Path
    steps: tuple[Step, ...]
    window_start: time = time(9, 0)
    window_end: time = time(17, 0)
    days: tuple[str, ...] = WEEKDAYS[:5]
    daily_cap: int = 50
    same_account_same_day: bool = False
    stop_on_colleague_reply: bool = True
    timezone: str | None = None  # when the recipient's own zone is unknown
    sender: dict[str, str] = field(default_factory=dict)  # name, email
    mailbox: str | None = None  # [mailboxes.NAME] in leadsift.toml
    # a colleague a reply names ("talk to Ann instead") is enrolled once they are scored
    enrol_referrals: bool = False


def sequence_path(root: Path, name: str) -> Path:
    """The file of a sequence named NAME (or a path given as it is)."""
    given = Path(name)
    if given.suffix == ".toml" and given.exists():
        return given
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise SequenceError(f"{name!r} is not a sequence name (letters, digits, - _ .)")
    return root / FOLDER / f"{name}.toml"


def sequence_names(root: Path) -> list[str]:
    folder = root / FOLDER
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def _fail(path: Path, where: str, message: str) -> SequenceError:
    return SequenceError(f"{path}: {where}: {message}")


def _window(path: Path, text: object) -> tuple[time, time]:
    match = _WINDOW.match(str(text))
    if not match:
        raise _fail(path, "window", f'{text!r} is not HH:MM-HH:MM (e.g. "09:00-17:00")')
    start = time(int(match[1]), int(match[2]))
    end = time(int(match[3]), int(match[4]))
    if end <= start:
        raise _fail(path, "window", f"{text!r} ends before it starts")
    return start, end


def _step(path: Path, number: int, raw: object) -> Step:
    where = f"steps[{number}]"
    if not isinstance(raw, dict):
        raise _fail(path, where, "a step is a table: [[steps]] with type = ...")
    kind = raw.get("type")
    if kind not in STEP_KINDS:
        raise _fail(path, f"{where}.type", f"{kind!r}: choose one of {', '.join(STEP_KINDS)}")
    unknown = set(raw) - _STEP_KEYS[kind]
    if unknown:
        raise _fail(path, where, f"unknown key(s) for a {kind} step: {', '.join(sorted(unknown))}")
    if kind == "wait":
        days = raw.get("business_days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
            raise _fail(path, f"{where}.business_days", f"{days!r} is not a whole number 1-60")
        return Step(kind, number, business_days=days)
    needed = ("subject", "text") if kind == "email" else ("note",)
    for key in needed:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(path, f"{where}.{key}", "missing: a text (a Jinja2 template)")
    templates = {k: str(raw[k]) for k in ("subject", "text", "html", "note") if k in raw}
    network = str(raw["network"]) if kind == "social" and "network" in raw else None
    return Step(kind, number, templates=templates, network=network)


def read_sequence(path: Path) -> Sequence:
    """The sequence in this file; a SequenceError names the file and what is wrong."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SequenceError(f"{path}: no such sequence file") from None
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line L, column C)"
        raise SequenceError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(raw) - _SEQUENCE_KEYS
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {', '.join(sorted(unknown))}")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _fail(path, "steps", "a sequence needs at least one [[steps]]")
    parsed = tuple(_step(path, number, step) for number, step in enumerate(steps, start=1))
    if all(step.kind == "wait" for step in parsed):
        raise _fail(path, "steps", "only waits: add an email, call or social step")
    start, end = _window(path, raw.get("window", "09:00-17:00"))
    days = tuple(str(d).lower()[:3] for d in raw.get("days", WEEKDAYS[:5]))
    bad_days = [d for d in days if d not in WEEKDAYS]
    if bad_days or not days:
        raise _fail(path, "days", f"{bad_days or days!r}: name days as mon, tue, ... sun")
    cap = raw.get("daily_cap", 50)
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
        raise _fail(path, "daily_cap", f"{cap!r} is not a whole number of 1 or more")
    sender = raw.get("sender", {})
    if not isinstance(sender, dict) or set(sender) - {"name", "email"}:
        raise _fail(path, "sender", "a table with name and email")
    return Sequence(
        name=str(raw.get("name", path.stem)), path=path, steps=parsed,
        window_start=start, window_end=end, days=days, daily_cap=cap,
        same_account_same_day=bool(raw.get("same_account_same_day", False)),
        stop_on_colleague_reply=bool(raw.get("stop_on_colleague_reply", True)),
        timezone=_text(raw.get("timezone")), sender={k: str(v) for k, v in sender.items()},
        mailbox=_text(raw.get("mailbox")),
        enrol_referrals=bool(raw.get("enrol_referrals", False)),
    )  # fmt: skip


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
