"""Erasing people from the workspace database: everything that says who they are, and
everything derived from them, in one transaction.

Gone: their observations (contact records), their enrolments, the emails written to them
and their replies, and the matcher's links between them, their
identifiers, social profiles, scores and reasons, intent, stage history, and the visitor
links of their browsers. Kept, with nothing personal left in them: their touches (campaign,
channel, kind, time; the email, phone, handle, browser id, IP address, user agent, URL and
the tool's touch id are emptied) and their outcomes (kind, time, amount; the email emptied),
so that campaign counts stay counts; and the person's row, marked `erased` so that scoring
counts them as no prospect (their own contribution to authentic and qualified figures goes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from leadsift.identity import canonical
from leadsift.privacy.suppression import Identifiers
from leadsift.store import schema

ERASED = "erased"
# many people at once: IN lists of this many values (well inside every engine's limits)
CHUNK = 2_000

c, i, t, o = schema.contacts, schema.identities, schema.touches, schema.outcomes


class AmbiguousPerson(Exception):
    """An identifier that several people share: they are listed, a person id is needed."""

    def __init__(self, reference: str, people: list[int]) -> None:
        super().__init__(reference)
        self.reference, self.people = reference, people


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = sorted(set(values))
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def people_of(connection: sa.Connection, reference: str) -> list[int]:
    """The people a person id or an email address (in any of its forms) belongs to."""
    if reference.strip().isdigit():
        found = connection.execute(
            sa.select(schema.persons.c.id).where(schema.persons.c.id == int(reference))
        ).scalar()
        return [] if found is None else [int(found)]
    written = reference.strip().lower()
    forms = {written, canonical.email(written) or written}
    rows = list(
        connection.execute(
            sa.select(i.c.person_id).where(i.c.kind == "email", i.c.value.in_(sorted(forms)))
        ).all()
    )
    rows += connection.execute(
        sa.select(c.c.person_id).where(
            sa.func.lower(c.c.email).in_(sorted(forms)), c.c.person_id.is_not(None)
        )
    ).all()
    return sorted({int(r[0]) for r in rows})


def identifiers_of(
    connection: sa.Connection, people: Sequence[int], emails: Iterable[str] = ()
) -> tuple[Identifiers, set[str]]:
    """Every identifier held for these people (and these emails), as written anywhere, and
    their browsers' anonymous ids."""
    found_emails = {e.strip().lower() for e in emails}
    phones: set[str] = set()
    handles: set[tuple[str, str]] = set()
    browsers: set[str] = set()
    for chunk in _chunks(people):
        for kind, value in connection.execute(
            sa.select(i.c.kind, i.c.value).where(i.c.person_id.in_(chunk))
        ):
            if kind == "email":
                found_emails.add(str(value))
            elif kind == "phone":
                phones.add(str(value))
            elif kind == "handle":
                platform, _, handle = str(value).partition(":")
                handles.add((platform, handle))
            elif kind == "anonymous":
                browsers.add(str(value))
        for email, phone in connection.execute(
            sa.select(c.c.email, c.c.phone).where(c.c.person_id.in_(chunk))
        ):
            found_emails |= {str(email).strip().lower()} if email else set()
            phones |= {str(phone)} if phone else set()
        for email, phone, platform, handle, browser in connection.execute(
            sa.select(t.c.email, t.c.phone, t.c.platform, t.c.handle, t.c.anonymous_id).where(
                t.c.person_id.in_(chunk)
            )
        ):
            found_emails |= {str(email).strip().lower()} if email else set()
            phones |= {str(phone)} if phone else set()
            handles |= {(str(platform or ""), str(handle))} if handle else set()
            browsers |= {str(browser)} if browser else set()
    return Identifiers(frozenset(found_emails), frozenset(phones), frozenset(handles)), browsers


def erase(
    connection: sa.Connection, people: Sequence[int], who: Identifiers, browsers: set[str]
) -> dict[str, int]:
    """Remove or empty every row about these people; returns rows touched per table."""
    done: dict[str, int] = {}

    def count(table: str, result: sa.CursorResult[Any]) -> None:
        done[table] = done.get(table, 0) + int(result.rowcount or 0)

    emails = sorted({f for e in who.emails for f in (e, canonical.email(e) or e)})
    contact_ids: set[int] = set()
    for chunk in _chunks(people):
        contact_ids |= {int(r[0]) for r in connection.execute(
            sa.select(c.c.id).where(c.c.person_id.in_(chunk)))}  # fmt: skip
    for chunk in _chunks(emails):
        contact_ids |= {int(r[0]) for r in connection.execute(
            sa.select(c.c.id).where(sa.func.lower(c.c.email).in_(chunk)))}  # fmt: skip
    links = schema.person_links
    for chunk in _chunks(contact_ids):
        count("person_links", connection.execute(links.delete().where(
            sa.or_(links.c.contact_id_l.in_(chunk), links.c.contact_id_r.in_(chunk)))))  # fmt: skip
        count("contacts", connection.execute(c.delete().where(c.c.id.in_(chunk))))
    personal = {
        "email": None, "phone": None, "handle": None, "anonymous_id": None, "ip": None,
        "user_agent": None, "url": None, "touch_id": None,
    }  # fmt: skip
    _erase_outreach(connection, people, emails, count)
    for chunk in _chunks(people):
        count("touches", connection.execute(t.update().where(t.c.person_id.in_(chunk))
                                            .values(**personal)))  # fmt: skip
        count("outcomes", connection.execute(o.update().where(o.c.person_id.in_(chunk))
                                             .values(email=None)))  # fmt: skip
        for table in (schema.identities, schema.person_scores, schema.intent_components,
                      schema.stage_history):  # fmt: skip
            count(table.name, connection.execute(table.delete().where(
                table.c.person_id.in_(chunk))))  # fmt: skip
        count("persons", connection.execute(schema.persons.update().where(
            schema.persons.c.id.in_(chunk)).values(noise=ERASED)))  # fmt: skip
    for chunk in _chunks(emails):
        # rows of the person that no score has tied to them yet
        count("touches", connection.execute(t.update().where(
            sa.func.lower(t.c.email).in_(chunk)).values(**personal)))  # fmt: skip
        count("outcomes", connection.execute(o.update().where(
            sa.func.lower(o.c.email).in_(chunk)).values(email=None)))  # fmt: skip
    v = schema.visitor_links
    for chunk in _chunks(emails):
        count("visitor_links", connection.execute(v.delete().where(
            sa.func.lower(v.c.email).in_(chunk))))  # fmt: skip
    for chunk in _chunks(browsers):
        count("visitor_links", connection.execute(v.delete().where(
            sa.or_(v.c.anonymous_id.in_(chunk), v.c.user_id.in_(chunk)))))  # fmt: skip
    p = schema.profiles
    # profiles are found by handle: one pass over the table, not one query per handle
    wanted = {(pl.lower(), h.strip().lstrip("@").lower()) for pl, h in who.handles}
    if wanted:
        ids = [
            int(r.id)
            for r in connection.execute(sa.select(p.c.id, p.c.platform, p.c.handle))
            if (str(r.platform).lower(), str(r.handle).strip().lstrip("@").lower()) in wanted
        ]
        for chunk in _chunks(ids):
            count("profiles", connection.execute(p.delete().where(p.c.id.in_(chunk))))
    return done


def _erase_outreach(
    connection: sa.Connection, people: Sequence[int], emails: Sequence[str],
    count: Callable[[str, sa.CursorResult[Any]], None],
) -> None:  # fmt: skip
    """Their enrolments, the steps written to them and their replies go; a colleague's
    reply that named them as a referral keeps its row without their address."""
    r, steps, e = schema.replies, schema.outreach_steps, schema.enrolments
    for chunk in _chunks(people):
        mine = sa.select(steps.c.id).where(steps.c.person_id.in_(chunk))
        count("replies", connection.execute(r.delete().where(
            sa.or_(r.c.person_id.in_(chunk), r.c.step_id.in_(mine)))))  # fmt: skip
        count("outreach_steps", connection.execute(
            steps.delete().where(steps.c.person_id.in_(chunk))))  # fmt: skip
        count("enrolments", connection.execute(e.delete().where(e.c.person_id.in_(chunk))))
    for chunk in _chunks(emails):
        count("replies", connection.execute(r.delete().where(
            sa.func.lower(r.c.from_address).in_(chunk))))  # fmt: skip
        count("replies", connection.execute(r.update().where(
            sa.func.lower(r.c.referral_email).in_(chunk)).values(referral_email=None)))  # fmt: skip
        written = sa.select(steps.c.id).where(sa.func.lower(steps.c.to_address).in_(chunk))
        connection.execute(r.update().where(r.c.step_id.in_(written)).values(step_id=None))
        count("outreach_steps", connection.execute(steps.delete().where(
            sa.func.lower(steps.c.to_address).in_(chunk))))  # fmt: skip
