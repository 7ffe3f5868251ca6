"""The market: accounts (practices, hospitals and companies outside healthcare) and the real
people who work there, each with the ground truth of who they are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadsift.demo.scenario import names as n
from leadsift.demo.scenario.sizes import ScenarioSize

TARGET_COUNTRIES = ("US", "CA", "GB")


@dataclass(frozen=True)
class Market:
    accounts: pd.DataFrame  # name, domain, industry, employees, country, target, tier, healthcare
    people: pd.DataFrame  # one row per real person, with identifiers and truth columns


def _slug(text: pd.Series) -> pd.Series:
    return text.str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)


def make_accounts(rng: np.random.Generator, size: ScenarioSize) -> pd.DataFrame:
    count = max(60, size.people // 10)
    healthcare = rng.random(count) < 0.55
    place = rng.choice(n.PLACES, count)
    clinic = rng.integers(0, len(n.CLINICS), count)
    other = rng.integers(0, len(n.OTHER_NOUNS), count)
    base = np.where(
        healthcare,
        np.char.add(np.char.add(place, " "), n.CLINICS[clinic]),
        np.char.add(np.char.add(place, " "), n.OTHER_NOUNS[other]),
    )
    # names repeat in a big market: make them unique with a number, as real ones do
    frame = pd.DataFrame({"base": base})
    frame["dup"] = frame.groupby("base").cumcount()
    name = frame["base"].where(
        frame["dup"] == 0, frame["base"] + " " + (frame["dup"] + 1).astype(str)
    )
    suffix = rng.choice(n.SUFFIXES, count)
    accounts = pd.DataFrame(
        {
            "name": name + suffix,
            "domain": _slug(name) + ".example",
            "industry": np.where(healthcare, n.CLINIC_INDUSTRY[clinic], n.OTHER_INDUSTRY[other]),
            "employees": np.clip(rng.lognormal(3.3, 1.1, count).astype(int), 2, 20_000),
            "country": rng.choice(n.COUNTRIES, count, p=n.COUNTRY_P),
            "healthcare": healthcare,
            "city": place,
        }
    )
    in_market = healthcare & accounts["country"].isin(TARGET_COUNTRIES).to_numpy()
    named = in_market & (rng.random(count) < 0.25)
    accounts["target"] = np.where(named, "yes", "no")
    accounts["tier"] = np.where(named, rng.choice(["1", "2", "3"], count, p=[0.2, 0.3, 0.5]), "")
    return accounts


def make_people(
    rng: np.random.Generator, size: ScenarioSize, accounts: pd.DataFrame
) -> pd.DataFrame:
    count = size.people
    employed = rng.random(count) < 0.8
    account = rng.integers(0, len(accounts), count)
    acc = accounts.iloc[account].reset_index(drop=True)
    healthcare = employed & acc["healthcare"].to_numpy()
    buyer = healthcare & (rng.random(count) < 0.3)
    buyer_pick = rng.integers(0, len(n.BUYER_TITLES), count)
    title = np.where(
        buyer,
        n.BUYER_TITLES[buyer_pick],
        np.where(
            healthcare, rng.choice(n.STAFF_TITLES, count), rng.choice(n.OUTSIDE_TITLES, count)
        ),
    )
    first = rng.choice(n.FIRST, count)
    last = rng.choice(n.LAST, count)
    serial = np.arange(count)
    local = pd.Series(np.char.add(np.char.add(np.char.lower(first), "."), np.char.lower(last)))
    local = local + serial.astype(str)  # unique, as a mailbox name must be
    work_email = local + "@" + acc["domain"]
    personal = local + "@" + pd.Series(rng.choice(n.FREE_MAIL, count))
    email = np.where(employed, work_email, personal)
    has_phone = rng.random(count) < np.where(healthcare, 0.85, 0.35)
    digits = rng.integers(2_000_000, 9_999_999, count)
    area = rng.integers(201, 989, count)
    phone = np.where(
        has_phone,
        np.char.add(
            np.char.add(area.astype(str), "555"), np.char.zfill((digits % 10_000).astype(str), 4)
        ),
        "",
    )
    in_market = healthcare & acc["country"].isin(TARGET_COUNTRIES).to_numpy()
    named = employed & acc["target"].eq("yes").to_numpy()
    meeting_odds = np.where(named, 0.45, 0.2) * buyer * in_market
    people = pd.DataFrame(
        {
            "person_key": np.char.add("P", serial.astype(str)),
            "first_name": first,
            "last_name": last,
            "title": title,
            "email": email,
            "personal_email": personal,
            "phone": phone,
            "handle": np.where(
                rng.random(count) < 0.35, local.str.replace(".", "_", regex=False), ""
            ),
            "account_index": np.where(employed, account, -1),
            "company": np.where(employed, acc["name"], ""),
            "city": np.where(employed, acc["city"], rng.choice(n.PLACES, count)),
            "country": np.where(
                employed, acc["country"], rng.choice(n.COUNTRIES, count, p=n.COUNTRY_P)
            ),
            "buyer": buyer,
            "in_target_market": in_market,
            "at_target_account": named,
            "would_take_meeting": rng.random(count) < meeting_odds,
        }
    )
    return people


def make_market(rng: np.random.Generator, size: ScenarioSize) -> Market:
    accounts = make_accounts(rng, size)
    return Market(accounts=accounts, people=make_people(rng, size, accounts))
