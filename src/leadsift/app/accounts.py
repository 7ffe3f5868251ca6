"""Accounts: the named target accounts and the rest, with who is engaged at each and which
buying roles those people cover."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

from leadsift.app.session import Session
from leadsift.domain.stages import LADDER
from leadsift.store import schema

# People at these stages are engaged with us: the ladder from its second rung up.
_ENGAGED = {s.value for s in LADDER[1:]}


@dataclass(frozen=True)
class AccountView:
    id: int
    name: str | None
    domain: str | None
    industry: str | None
    employees: int | None
    country: str | None
    target: bool
    tier: str | None
    people: int
    engaged: int
    stages: dict[str, int] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)  # buying roles of its engaged people

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_accounts(
    session: Session, *, targets_only: bool = False, limit: int = 50, offset: int = 0
) -> list[AccountView]:
    """Accounts, named targets first, then by engaged people; each with its people's stages
    (from the last `leadsift score`) and the buying roles its engaged people hold."""
    a, s = schema.accounts, schema.person_scores
    query = sa.select(a)
    if targets_only:
        query = query.where(a.c.target.is_(True))
    # counted in the database: one row per account and stage, not one per person
    with session.reading() as connection:
        accounts = connection.execute(query).all()
        by_stage = connection.execute(
            sa.select(s.c.account_id, s.c.stage, sa.func.count())
            .where(s.c.account_id.is_not(None))
            .group_by(s.c.account_id, s.c.stage)
        ).all()
        held = connection.execute(
            sa.select(s.c.account_id, s.c.role)
            .where(s.c.account_id.is_not(None), s.c.role.is_not(None), s.c.stage.in_(_ENGAGED))
            .distinct()
        ).all()
    stages: dict[int, Counter[str]] = {}
    roles: dict[int, set[str]] = {}
    for account_id, stage, count in by_stage:
        stages.setdefault(account_id, Counter())[stage] += int(count)
    for account_id, role in held:
        if role:
            roles.setdefault(account_id, set()).add(role)
    empty: Counter[str] = Counter()

    def engaged(account_id: int) -> int:
        return sum(n for stage, n in stages.get(account_id, empty).items() if stage in _ENGAGED)

    def people(account_id: int) -> int:
        return sum(stages.get(account_id, empty).values())

    # sorted on the counts alone; only the accounts of the page are made into views
    ranked = sorted(
        accounts,
        key=lambda r: (not r.target, -engaged(r.id), -people(r.id), (r.name or "").lower()),
    )
    views = []
    for row in ranked[offset : offset + limit]:
        view = AccountView(
            id=row.id, name=row.name, domain=row.domain, industry=row.industry,
            employees=row.employees, country=row.country, target=bool(row.target),
            tier=row.tier, people=people(row.id), engaged=engaged(row.id),
            stages=dict(stages.get(row.id, empty)), roles=sorted(roles.get(row.id, set())),
        )  # fmt: skip
        views.append(view)
    return views
