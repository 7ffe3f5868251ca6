"""Authenticity flags that arrive with the data (a `noise` or `bot` column in a touches
file). The authenticity detectors add their own flags on top of these."""

from __future__ import annotations

import sqlalchemy as sa

from leadsift.domain.truth import TRUE_WORDS
from leadsift.store import schema

# Noise that says what a real person did rather than that they are not one: a reply turning
# us down (not interested, wrong person) is kept out of intent and stages, but it never makes
# its sender "not a real person".
DECLINED = "declined"
HUMAN_NOISE = (DECLINED,)


def apply_data_flags(connection: sa.Connection) -> None:
    """touches.noise from the file's own `noise` / `bot` columns."""
    t = schema.touches
    noise = t.c.attributes["noise"].as_string()
    bot = sa.func.lower(sa.func.coalesce(t.c.attributes["bot"].as_string(), ""))
    bot_words = sorted(TRUE_WORDS)
    connection.execute(
        t.update()
        .where(t.c.noise.is_(None), t.c.attributes.is_not(None))
        .values(noise=sa.case((noise.is_not(None), noise), (bot.in_(bot_words), "bot"), else_=None))
    )


def mark_noisy_people(connection: sa.Connection) -> None:
    """A person whose every touch is noise is noise too; one real action clears them (a
    scanner clicking a real person's email does not make that person a bot). A declined
    reply (HUMAN_NOISE) is a real person's action too."""
    t = schema.touches
    p = schema.persons
    authentic = sa.select(t.c.person_id).where(
        t.c.person_id == p.c.id, sa.or_(t.c.noise.is_(None), t.c.noise.in_(HUMAN_NOISE))
    )
    some_reason = sa.select(sa.func.min(t.c.noise)).where(t.c.person_id == p.c.id).scalar_subquery()
    connection.execute(
        p.update()
        .where(~sa.exists(authentic), sa.exists().where(t.c.person_id == p.c.id))
        .values(noise=some_reason)
    )
    connection.execute(p.update().where(sa.exists(authentic)).values(noise=None))
