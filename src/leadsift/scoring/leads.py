"""Lead lists: scored people with who they are, filtered and sorted by priority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.domain.stages import RANK, Stage
from leadsift.export.lead import Lead
from leadsift.privacy.consent import NO_STATEMENT, Consent, consents
from leadsift.scoring.people import load_people
from leadsift.store import schema
from leadsift.store.rows import frame_records


@dataclass(frozen=True)
class LeadFilter:
    stages: tuple[str, ...] = ()  # exact stages; "mql+" means MQL or later
    account: str | None = None  # account name or domain, case-insensitive substring
    campaign: str | None = None  # people who touched this campaign
    named_accounts_only: bool = False
    in_target_only: bool = False
    limit: int | None = None
    sort: str = "priority"  # or "probability" (predicted P(meeting); people without last)
    source_priority: tuple[str, ...] = ("crm",)  # [identity] source_priority
    # only people whose lawful basis is one of these (domain/consent.LAWFUL_BASES; "none":
    # no basis stated); empty: anyone
    bases: tuple[str, ...] = ()


def _stage_set(stages: tuple[str, ...]) -> set[str]:
    chosen: set[str] = set()
    for stage in stages:
        if stage.endswith("+"):
            floor = RANK[Stage(stage[:-1]).value]
            chosen |= {s for s, r in RANK.items() if r >= floor and s != Stage.NURTURE.value}
        else:
            chosen.add(Stage(stage).value)
    return chosen


def select_leads(connection: sa.Connection, wanted: LeadFilter) -> list[Lead]:
    ps = schema.person_scores
    query = sa.select(ps)
    if wanted.stages:
        query = query.where(ps.c.stage.in_(sorted(_stage_set(wanted.stages))))
    if wanted.in_target_only:
        query = query.where(ps.c.in_target.is_(True))
    if wanted.campaign is not None:
        t = schema.touches
        # the campaign's people first (by the campaign index: thousands of touches), not a
        # look into every scored person's touches (SQLite: 2.6 ms against 380 ms on 50k)
        query = query.where(
            ps.c.person_id.in_(
                sa.select(t.c.person_id).where(t.c.campaign == wanted.campaign, t.c.noise.is_(None))
            )
        )
    # Best first, ties by person id, so every path gives one order. Filters on who people
    # are (their account) need their attributes first; without them, the database sorts
    # and cuts the list, and only the people shown are loaded (a page of 50, not 50,000).
    if wanted.sort == "probability":
        order = [ps.c.probability.desc().nulls_last(), ps.c.priority.desc()]
    else:
        order = [ps.c.priority.desc(), ps.c.intent.desc()]
    query = query.order_by(*order, ps.c.person_id)
    by_attributes = wanted.named_accounts_only or wanted.account is not None or bool(wanted.bases)
    if wanted.limit is not None and not by_attributes:
        query = query.limit(wanted.limit)
    scores = pd.DataFrame(connection.execute(query).mappings().all())
    if scores.empty:
        return []
    scores = scores.set_index("person_id")
    people = load_people(connection, scores.index, wanted.source_priority)
    table = scores.join(people.drop(columns=["account_id"]), how="left")
    if wanted.named_accounts_only:
        table = table[table["account_target"].fillna(False).astype(bool)]
    if wanted.account is not None:
        needle = wanted.account.lower()
        name = table["account"].astype("string").str.lower().str.contains(needle, regex=False)
        domain = (
            table["account_domain"].astype("string").str.lower().str.contains(needle, regex=False)
        )
        table = table[(name.fillna(False) | domain.fillna(False)).astype(bool)]
    held = consents(connection, [int(i) for i in table.index])
    if wanted.bases:
        stated = [held.get(int(i), NO_STATEMENT).basis or "none" for i in table.index]
        table = table[[basis in wanted.bases for basis in stated]]
    if wanted.limit is not None:
        table = table.head(wanted.limit)
    records = frame_records(table.reset_index())
    return [_lead(row, held.get(int(row["person_id"]), NO_STATEMENT)) for row in records]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _lead(row: dict[str, Any], consent: Consent) -> Lead:
    return Lead(
        person_id=int(row["person_id"]),
        email=_text(row.get("email")),
        first_name=_text(row.get("first_name")),
        last_name=_text(row.get("last_name")),
        title=_text(row.get("title")),
        role=_text(row.get("role")),
        phone=_text(row.get("phone")),
        company=_text(row.get("company")) or _text(row.get("account")),
        account=_text(row.get("account")),
        account_domain=_text(row.get("account_domain")),
        account_target=bool(row.get("account_target") or False),
        account_tier=_text(row.get("account_tier")),
        country=_text(row.get("account_country")) or _text(row.get("country")),
        fit=int(row["fit"]),
        grade=str(row["grade"]),
        intent=int(row["intent"]),
        stage=str(row["stage"]),
        probability=None if row.get("probability") is None else float(row["probability"]),
        priority=float(row["priority"]),
        reasons=[str(r) for r in row.get("reasons") or []],
        last_touch_at=row.get("last_touch_at"),
        account_match=_text(row.get("account_match")) if row.get("account") else None,
        lawful_basis=consent.basis,
        consent_withdrawn=consent.withdrawn,
    )
