"""People: how records became people, and one person in full. Probable duplicates, accepting
them as links (`resolve`), undoing merges (`split`), every source record with its person
(`export_records`), and one person as `leadsift people show` presents them (`person_view`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
import sqlalchemy as sa

from leadsift.app.audit import entry, note
from leadsift.app.session import OnWait, Session
from leadsift.domain.errors import LeadsiftError
from leadsift.export.csv_cells import write_rows
from leadsift.identity.links import (
    ResolveSummary,
    active_links,
    likely_duplicates,
    resolve_links,
    split_person,
)
from leadsift.identity.profile import NoSuchPerson, person_profile
from leadsift.identity.records import EXPORT_COLUMNS, source_records
from leadsift.privacy.consent import NO_STATEMENT, consents
from leadsift.store import schema

# a person's latest touches that person_view lists one by one (all are counted)
RECENT_TOUCHES = 100

__all__ = [
    "RECENT_TOUCHES", "ContactRecord", "DuplicatePair", "NoSuchPerson", "PersonView",
    "ResolveSummary", "StageChange", "TouchView", "duplicate_pairs", "export_records",
    "person_view", "resolve", "split",
]  # fmt: skip


@dataclass(frozen=True)
class ContactRecord:
    """The fields of a contact record a reviewer compares."""

    email: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    phone: str | None


@dataclass(frozen=True)
class DuplicatePair:
    """Two contact records that are probably one person, and how probably."""

    contact_id_l: int
    contact_id_r: int
    match_probability: float  # rounded to 6 places
    left: ContactRecord
    right: ContactRecord

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _text(value: object) -> str | None:
    return None if value is None or bool(pd.isna(value)) else str(value)  # type: ignore[call-overload]


def _record(contacts: pd.DataFrame, contact_id: int) -> ContactRecord:
    row = contacts.loc[contact_id]
    return ContactRecord(**{name: _text(row[name]) for name in ContactRecord.__dataclass_fields__})


def duplicate_pairs(
    session: Session, threshold: float = 0.99, limit: int = 50
) -> list[DuplicatePair]:
    """The `limit` most probable pairs of contact records at or above `threshold`, most
    likely first (splink, with parameters estimated from this workspace's own records)."""
    with session.reading() as connection:
        pairs, contacts = likely_duplicates(connection, session.settings.identity, threshold, limit)
    by_id = contacts.set_index("id")
    return [
        DuplicatePair(
            contact_id_l=int(left), contact_id_r=int(right),
            match_probability=round(float(probability), 6),
            left=_record(by_id, int(left)), right=_record(by_id, int(right)),
        )
        for left, right, probability in zip(
            pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"], strict=True
        )
    ]  # fmt: skip


def resolve(
    session: Session,
    threshold: float | None = None,
    retrain: bool = False,
    on_wait: OnWait | None = None,
    by: str | None = None,
) -> ResolveSummary:
    """Accept probable duplicates at or above `threshold` (default: [identity]
    match_threshold) as links, under the write lock; `retrain` re-estimates the matcher's
    parameters first. The next `score` joins linked records into one person."""
    with session.writing("leadsift people resolve", on_wait) as connection:
        summary = resolve_links(
            connection, session.settings.identity, threshold=threshold, retrain=retrain
        )
        entry(connection, "people.resolve", {
            "links_new": summary.new_links, "pairs": summary.pairs, "retrained": summary.trained,
        }, by)  # fmt: skip
    return summary


def split(
    session: Session, person_id: int, on_wait: OnWait | None = None, by: str | None = None
) -> int:
    """Reject every probabilistic link of this person (never proposed again), under the write
    lock; returns how many. None to undo is a LeadsiftError. The next `score` separates the
    records."""
    with session.writing("leadsift people split", on_wait) as connection:
        rejected = split_person(connection, person_id)
        if rejected == 0:
            raise LeadsiftError(f"person {person_id} has no probabilistic links to undo")
        entry(connection, "people.split", {"person_id": person_id, "links": rejected}, by)
    return rejected


def export_records(session: Session, out: Path | TextIO) -> int:
    """Write one CSV row per source record (EXPORT_COLUMNS: each observation of a person and
    each identifier combination seen in touches, with the person it was resolved to) to a
    stream or a UTF-8 file; returns the rows written."""
    with session.reading() as connection:
        records = source_records(connection)
    rows = records.astype(object).where(records.notna(), None).itertuples(index=False)
    if not isinstance(out, Path):
        written = write_rows(out, EXPORT_COLUMNS, rows)
    else:
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                written = write_rows(stream, EXPORT_COLUMNS, rows)
        except OSError as exc:
            raise LeadsiftError(f"cannot write {out}: {exc.strerror}") from None
    note(session, "export.records", {
        "rows": written, "to": out.name if isinstance(out, Path) else "stream",
    })  # fmt: skip
    return written


@dataclass(frozen=True)
class TouchView:
    """One touch of a person; `flag` says why it is not counted as human (None: authentic)."""

    id: int
    occurred_at: str  # ISO 8601
    campaign: str | None
    channel: str
    kind: str
    flag: str | None

    @property
    def authentic(self) -> bool:
        return self.flag is None


@dataclass(frozen=True)
class StageChange:
    """A lifecycle stage the person entered, when, from which, and why."""

    stage: str
    previous_stage: str | None
    entered_at: str  # ISO 8601
    reason: str


@dataclass(frozen=True)
class PersonView:
    """One person: their current attributes and where each value came from (source, file,
    time observed), every observation of them, their identifiers, their score (stage, fit,
    grade, intent, probability, in_target and the reasons; None before `score`), their
    authentic touches per kind, their flagged touches per flag code (scanner_click...),
    their latest touches one by one (newest first, at most RECENT_TOUCHES) and the stages
    they went through, and the links that joined their records."""

    person_id: int
    attributes: list[dict[str, Any]]
    observations: list[dict[str, Any]]
    identities: list[dict[str, Any]]
    score: dict[str, Any] | None
    touches: dict[str, int]
    flagged_touches: dict[str, int] = field(default_factory=dict)
    recent_touches: list[TouchView] = field(default_factory=list)
    stage_history: list[StageChange] = field(default_factory=list)
    # the probabilistic links that made one person of several records (what a split undoes)
    links: list[dict[str, Any]] = field(default_factory=list)
    # lawful basis and consent as their sources state it (privacy/consent.py)
    consent: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for touch, shown in zip(data["recent_touches"], self.recent_touches, strict=True):
            touch["authentic"] = shown.authentic
        return data


def _iso(value: object) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).isoformat()


def _touch_views(connection: sa.Connection, person_id: int) -> list[TouchView]:
    t = schema.touches
    rows = connection.execute(
        sa.select(t.c.id, t.c.occurred_at, t.c.campaign, t.c.channel, t.c.kind, t.c.noise)
        .where(t.c.person_id == person_id)
        .order_by(t.c.occurred_at.desc(), t.c.id.desc())
        .limit(RECENT_TOUCHES)
    ).all()
    return [
        TouchView(int(r.id), _iso(r.occurred_at), r.campaign, r.channel, r.kind, r.noise)
        for r in rows
    ]


def _flagged(connection: sa.Connection, person_id: int) -> dict[str, int]:
    t = schema.touches
    rows = connection.execute(
        sa.select(t.c.noise, sa.func.count())
        .where(t.c.person_id == person_id, t.c.noise.is_not(None))
        .group_by(t.c.noise)
    ).all()
    counts: dict[str, int] = {}
    for flag, count in rows:
        code = str(flag).split(":", 1)[0]  # "scanner_click: 4 links within 1 s"
        counts[code] = counts.get(code, 0) + int(count)
    return dict(sorted(counts.items()))


def _stage_history(connection: sa.Connection, person_id: int) -> list[StageChange]:
    h = schema.stage_history
    rows = connection.execute(
        sa.select(h.c.stage, h.c.previous_stage, h.c.entered_at, h.c.reason)
        .where(h.c.person_id == person_id)
        .order_by(h.c.entered_at, h.c.id)
    ).all()
    return [StageChange(r.stage, r.previous_stage, _iso(r.entered_at), r.reason) for r in rows]


def person_view(session: Session, reference: str) -> PersonView:
    """The person with this id, or whose email address this is (NoSuchPerson if none)."""
    with session.reading() as connection:
        profile = person_profile(connection, reference, session.settings.identity.source_priority)
        person_id = profile.person_id
        return PersonView(
            person_id=person_id,
            attributes=profile.attributes,
            observations=profile.observations,
            identities=profile.identities,
            score=profile.score,
            touches=profile.touches,
            flagged_touches=_flagged(connection, person_id),
            recent_touches=_touch_views(connection, person_id),
            stage_history=_stage_history(connection, person_id),
            links=active_links(connection, person_id),
            consent=consents(connection, [person_id]).get(person_id, NO_STATEMENT).as_dict(),
        )
