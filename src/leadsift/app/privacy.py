"""Privacy requests: erase people so that nothing of them is left (tables, derived figures,
files, free pages), suppress identifiers so that they do not come back or get contacted,
and the audit entries of both. One transaction for the database: all or nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from leadsift.app.audit import entry, note
from leadsift.app.session import OnWait, Session
from leadsift.domain.errors import LeadsiftError
from leadsift.privacy.erasure import AmbiguousPerson, erase, identifiers_of, people_of
from leadsift.privacy.files import INBOX_FILE, scrub_folder, scrub_inbox
from leadsift.privacy.suppression import Identifiers, suppress

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

__all__ = ["ErasureOutcome", "erase_people", "suppress_identifiers"]


@dataclass(frozen=True)
class ErasureOutcome:
    """What an erasure did: the people erased, the references that matched no one (their
    identifiers are suppressed all the same), identifier forms suppressed, rows changed per
    table, and files cleaned."""

    people: list[int]
    matched_no_one: list[str]
    suppressed_forms: int
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _check(references: Sequence[str]) -> None:
    if not references:
        raise LeadsiftError("name at least one person: an email address or a person id")
    for reference in references:
        text = reference.strip()
        if not text.isdigit() and not _EMAIL.match(text):
            raise LeadsiftError(f"{reference!r} is neither an email address nor a person id")


def erase_people(
    session: Session,
    references: Sequence[str],
    reason: str = "",
    by: str | None = None,
    on_wait: OnWait | None = None,
) -> ErasureOutcome:
    """Erase the people these emails or person ids name. An email shared by several people
    is refused with their ids (AmbiguousPerson as a LeadsiftError); an email that names no
    one is still suppressed. Waits for an import or a score to finish, never interleaves."""
    _check(references)
    sqlite = session.workspace.database_url.startswith("sqlite")
    with session.writing("leadsift people erase", on_wait) as connection:
        if sqlite:
            # freed cells and pages are overwritten with zeros, not left for a reader of the file
            connection.exec_driver_sql("PRAGMA secure_delete = ON")
        people: set[int] = set()
        nobody: list[str] = []
        for reference in references:
            found = people_of(connection, reference)
            if len(found) > 1 and not reference.strip().isdigit():
                raise _ambiguous(AmbiguousPerson(reference, found))
            people |= set(found)
            if not found:
                nobody.append(reference)
        emails = [r.strip() for r in references if not r.strip().isdigit()]
        who, browsers = identifiers_of(connection, sorted(people), emails)
        rows = erase(connection, sorted(people), who, browsers)
        forms = suppress(connection, who, "erased")
        entry(connection, "people.erase", {
            "people": len(people), "unmatched": len(nobody), "forms_suppressed": forms,
            "reason": reason,
        }, by)  # fmt: skip
        if sqlite:
            connection.exec_driver_sql("PRAGMA secure_delete = OFF")
    files = _scrub_files(session, who)
    _compact(session)
    return ErasureOutcome(sorted(people), nobody, forms, rows, files)


def _ambiguous(error: AmbiguousPerson) -> LeadsiftError:
    ids = ", ".join(str(p) for p in error.people)
    return LeadsiftError(
        f"{error.reference} belongs to {len(error.people)} people (ids {ids}): "
        "name the one to erase by its id (leadsift people show ID)"
    )


def _scrub_files(session: Session, who: Identifiers) -> list[str]:
    forms = [form for _, form in who.forms()] + sorted(who.emails) + sorted(who.phones)
    root = session.workspace.root
    changed = scrub_folder(root, forms)
    if scrub_inbox(root / INBOX_FILE, forms):
        changed.append(INBOX_FILE)
    session.memo.clear()  # kept reports counted the person
    return changed


def _compact(session: Session) -> None:
    """The freed bytes gone from the files: SQLite's write-ahead log checkpointed into the
    database and truncated; PostgreSQL's dead rows vacuumed."""
    with session.engine.connect() as connection:
        if session.workspace.database_url.startswith("sqlite"):
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in ("contacts", "identities", "touches", "outcomes", "person_scores",
                      "stage_history", "intent_components", "person_links", "profiles",
                      "visitor_links", "enrolments", "outreach_steps", "replies"):  # fmt: skip
            autocommit.execute(sa.text(f"VACUUM {table}"))


def suppress_identifiers(
    session: Session, emails: Sequence[str], reason: str = "", by: str | None = None
) -> int:
    """Do-not-contact without erasing: these emails never appear in an export again, and a
    later import still brings their rows (they are not erased). Returns forms listed."""
    for email in emails:
        if not _EMAIL.match(email.strip()):
            raise LeadsiftError(f"{email!r} is not an email address")
    with session.writing("leadsift people suppress") as connection:
        forms = suppress(
            connection, Identifiers(emails=frozenset(e.strip().lower() for e in emails)),
            "do_not_contact",
        )  # fmt: skip
        entry(connection, "people.suppress", {
            "identifiers": len(emails), "forms": forms, "reason": reason,
        }, by)  # fmt: skip
    return forms


def access_report(session: Session, reference: str, by: str | None = None) -> dict[str, Any]:
    """Everything held about one person (a subject access request): their attributes and
    where each came from, every observation, identifiers, score and reasons, stage history,
    every touch with its authenticity flag, outcomes and whether they are suppressed."""
    from leadsift.app.people import person_view
    from leadsift.privacy.suppression import SuppressionFilter
    from leadsift.store import schema

    view = person_view(session, reference)
    t, o = schema.touches, schema.outcomes
    with session.reading() as connection:
        touches = [
            {"at": str(r.occurred_at), "campaign": r.campaign, "channel": r.channel,
             "kind": r.kind, "counted": r.noise is None, "flag": r.noise, "url": r.url,
             "ip": r.ip, "user_agent": r.user_agent}
            for r in connection.execute(
                sa.select(t).where(t.c.person_id == view.person_id).order_by(t.c.occurred_at)
            )
        ]  # fmt: skip
        outcomes = [
            {"at": str(r.occurred_at), "kind": r.kind,
             "amount": None if r.amount is None else float(r.amount)}
            for r in connection.execute(
                sa.select(o).where(o.c.person_id == view.person_id).order_by(o.c.occurred_at)
            )
        ]  # fmt: skip
        listed = SuppressionFilter.load(connection)
    emails = [str(i["value"]) for i in view.identities if i.get("kind") == "email"]
    suppressed = bool(listed and any(listed.listed("email", [e]) for e in emails))
    held = view.as_dict()
    held.pop("recent_touches", None)
    note(session, "people.report", {"person_id": view.person_id}, by)
    return {
        "person_id": view.person_id, "attributes": held["attributes"],
        "observations": held["observations"], "identifiers": held["identities"],
        "score": held["score"], "stage_history": held["stage_history"],
        "links": held.get("links", []), "consent": held["consent"], "touches": touches,
        "outcomes": outcomes, "suppressed": suppressed,
    }  # fmt: skip


def quiet_people(session: Session, days: int | None = None) -> list[int]:
    """People (not erased yet) with no touch and no record observed in the last `days` days
    (default: [privacy] retain_days; unset is a LeadsiftError)."""
    from datetime import UTC, datetime, timedelta

    from leadsift.store import schema

    keep = days if days is not None else session.settings.privacy.retain_days
    if keep is None:
        raise LeadsiftError("set [privacy] retain_days in leadsift.toml, or give --days")
    cutoff = datetime.now(UTC) - timedelta(days=keep)
    p, t, c = schema.persons, schema.touches, schema.contacts
    recent_touch = sa.exists().where(t.c.person_id == p.c.id, t.c.occurred_at >= cutoff)
    recent_record = sa.exists().where(
        c.c.person_id == p.c.id, sa.func.coalesce(c.c.observed_at, c.c.created_at) >= cutoff
    )
    not_erased = sa.or_(p.c.noise.is_(None), p.c.noise != "erased")
    with session.reading() as connection:
        rows = connection.execute(
            sa.select(p.c.id).where(not_erased, ~recent_touch, ~recent_record).order_by(p.c.id)
        ).all()
    return [int(r[0]) for r in rows]
