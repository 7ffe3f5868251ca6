"""What the vendor's own systems hold: the CRM contacts, the campaigns, the spend, and the
sales outcomes that follow from real engagement by people who would take a meeting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadsift.demo.scenario import names as n
from leadsift.demo.scenario.direct import CALLS, CONTENT, EMAIL, WEBINAR
from leadsift.demo.scenario.events import day
from leadsift.demo.scenario.social import ADS, VIDEO

# campaign, channel, first day, last day, daily spend, one-off spend (production, boosts)
CAMPAIGNS = [
    (VIDEO, "video", 36, 91, 120.0, 18_000.0),
    (EMAIL, "email", 9, 50, 60.0, 2_500.0),
    (WEBINAR, "webinar", 50, 74, 150.0, 4_000.0),
    (CALLS, "phone", 61, 121, 450.0, 0.0),
    (ADS, "ads", 92, 137, 380.0, 0.0),
    (CONTENT, "content", 122, 183, 90.0, 3_500.0),
]
STRONG_SIGNALS = {"reply", "attend", "call_positive", "meeting_booked", "form_submit", "download"}


def campaigns(scale: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The campaigns file and a spend row per campaign per day (spend grows with the market)."""
    rows, spend = [], []
    for name, channel, first, last, daily, once in CAMPAIGNS:
        rows.append(
            {
                "campaign": name,
                "channel": channel,
                "started_at": str(day(first))[:10],
                "ended_at": str(day(last))[:10],
            }
        )
        days = np.arange(first, last + 1)
        amounts = np.full(len(days), daily * scale)
        amounts[0] += once * scale
        spend.append(
            pd.DataFrame(
                {
                    "campaign": name,
                    "date": [str(day(float(d)))[:10] for d in days],
                    "amount": np.round(amounts, 2),
                    "currency": "USD",
                }
            )
        )
    return pd.DataFrame(rows), pd.concat(spend, ignore_index=True)


def contacts(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """The CRM: everyone at named accounts, many in the market, a few others; some people twice
    (a personal address, a nickname, a typo), as CRMs are."""
    p = np.where(people["at_target_account"], 1.0, np.where(people["in_target_market"], 0.5, 0.08))
    known = people[rng.random(len(people)) < p]
    base = pd.DataFrame(
        {
            "person_key": known["person_key"],
            "email": known["email"],
            "first_name": known["first_name"],
            "last_name": known["last_name"],
            "title": known["title"],
            "phone": known["phone"],
            "company": known["company"],
            "domain": known["email"].str.split("@").str[1].where(known["company"].ne(""), ""),
            "country": known["country"],
            "city": known["city"],
            "source": rng.choice(["crm", "trade show", "list import"], len(known)),
            "linkedin": "",
            "twitter": known["handle"],
        }
    )
    twins = base[rng.random(len(base)) < 0.06].copy()
    nick = twins["first_name"].map(n.NICKNAMES)
    twins["first_name"] = nick.where(nick.notna(), twins["first_name"])
    twins["email"] = known.loc[twins.index, "personal_email"]
    twins["last_name"] = np.where(
        rng.random(len(twins)) < 0.3,
        twins["last_name"].str[:-1] + twins["last_name"].str[-1].str.upper(),
        twins["last_name"],
    )
    twins["twitter"] = ""
    twins["source"] = "webinar list"
    result = pd.concat([base, twins], ignore_index=True)
    result["created_at"] = np.datetime_as_string(
        np.datetime64("2024-01-01") + rng.integers(0, 790, len(result)).astype("timedelta64[D]"),
        unit="D",
    )
    return result.drop_duplicates("email")


# a keen buyer who showed a strong signal takes a meeting this often (meetings.py adds the
# keen buyers a share reached)
MEETING_AFTER_SIGNAL = 0.7
# a meeting follows the signal (or the share) by 2 to 14 whole days
MEETING_DAYS = (2, 15)


def first_strong_signal(touches: pd.DataFrame) -> pd.Series:
    """Each person's first authentic strong signal (a reply, a positive call, ...)."""
    strong = touches[touches["is_authentic"] & touches["kind"].isin(STRONG_SIGNALS)]
    return strong.groupby("person_key")["occurred_at"].min()


def outcomes(rng: np.random.Generator, people: pd.DataFrame, touches: pd.DataFrame) -> pd.DataFrame:
    """Meetings for people who would take one and showed it, then opportunities and deals."""
    first_signal = first_strong_signal(touches)
    keen = people.set_index("person_key")
    keen = keen[keen["would_take_meeting"]]
    engaged = keen.join(first_signal.rename("signal_at"), how="inner")
    met = engaged[rng.random(len(engaged)) < MEETING_AFTER_SIGNAL]
    return deals(rng, met["email"].to_numpy(), met["signal_at"].to_numpy())


def deals(rng: np.random.Generator, email: np.ndarray, after: np.ndarray) -> pd.DataFrame:
    """A meeting 2-14 days `after` each time, then opportunities, won and lost deals."""
    m = len(email)
    meeting_at = after + rng.integers(*MEETING_DAYS, m).astype("timedelta64[D]")
    rows = [
        pd.DataFrame(
            {
                "email": email,
                "kind": "meeting",
                "occurred_at": meeting_at,
                "amount": np.nan,
            }
        )
    ]
    opportunity = rng.random(m) < 0.55
    opp_at = meeting_at + rng.integers(5, 30, m).astype("timedelta64[D]")
    amount = np.round(rng.lognormal(10.4, 0.5, m), -2)
    rows.append(
        pd.DataFrame(
            {
                "email": email[opportunity],
                "kind": "opportunity",
                "occurred_at": opp_at[opportunity],
                "amount": amount[opportunity],
            }
        )
    )
    closed = opportunity & (rng.random(m) < 0.8)
    won = closed & (rng.random(m) < 0.5)
    close_at = opp_at + rng.integers(20, 60, m).astype("timedelta64[D]")
    rows.append(
        pd.DataFrame(
            {
                "email": email[closed],
                "kind": np.where(won, "won", "lost")[closed],
                "occurred_at": close_at[closed],
                "amount": amount[closed],
            }
        )
    )
    result = pd.concat(rows, ignore_index=True)
    result["account"] = ""
    result["occurred_at"] = np.char.add(
        np.datetime_as_string(result["occurred_at"].to_numpy().astype("datetime64[s]"), unit="s"),
        "Z",
    )
    return result[["email", "account", "kind", "occurred_at", "amount"]]
