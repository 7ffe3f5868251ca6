"""Reach campaigns: the viral video (huge, mostly outside the market, with bought followers,
bot likes and a coordinated burst) and paid social ads; plus the social profiles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadsift.demo.scenario.events import day, frame, spread

VIDEO = "viral-video-behind-the-scenes"
ADS = "paid-social-ads"
PLATFORM = "twitter"


@dataclass(frozen=True)
class FakeAccounts:
    bots: pd.DataFrame  # person_key, handle
    bought: pd.DataFrame  # person_key, handle


def fake_accounts(rng: np.random.Generator, people: int) -> FakeAccounts:
    bots = max(50, people // 12)
    bought = max(80, people // 8)
    return FakeAccounts(
        bots=pd.DataFrame(
            {
                "person_key": np.char.add("B", np.arange(bots).astype(str)),
                "handle": np.char.add("user", rng.integers(10**7, 10**8, bots).astype(str)),
            }
        ).drop_duplicates("handle"),
        bought=pd.DataFrame(
            {
                "person_key": np.char.add("F", np.arange(bought).astype(str)),
                "handle": np.char.add(
                    np.array(
                        [
                            "".join(r)
                            for r in rng.choice(list("abcdefghijkmnpqrstuvwxyz"), (bought, 6))
                        ]
                    ),
                    rng.integers(100, 99_999, bought).astype(str),
                ),
            }
        ).drop_duplicates("handle"),
    )


def anonymous_reach(
    rng: np.random.Generator,
    campaign: str,
    channel: str,
    counts: dict[str, int],
    audience: int,
    first_day: int,
    last_day: int,
    prefix: str,
    chunk: int = 1_000_000,
) -> Iterator[pd.DataFrame]:
    """Impressions, views or clicks by anonymous visitors, in chunks (millions at scale)."""
    numbered = 0
    for kind, total in counts.items():
        for start in range(0, total, chunk):
            size = min(chunk, total - start)
            visitor = rng.integers(0, audience, size)
            part = frame(
                campaign,
                channel,
                kind,
                spread(rng, size, first_day, last_day),
                np.full(size, "anonymous"),
                anonymous_id=np.char.add(f"{prefix}-", visitor.astype(str)),
            )
            part["touch_id"] = f"{prefix}-{kind}-" + pd.Series(
                np.arange(numbered, numbered + size)
            ).astype(str)
            numbered += size
            yield part


def viral_video(
    rng: np.random.Generator, people: pd.DataFrame, fakes: FakeAccounts
) -> pd.DataFrame:
    """Likes, shares, comments and follows from handles: a few real people, bought followers
    in one coordinated burst, and bots all through the campaign."""
    parts: list[pd.DataFrame] = []
    # real people with a handle: mostly outside the market
    social = people[people["handle"].ne("")]
    p = np.where(social["in_target_market"], 0.05, 0.35)
    fans = social[rng.random(len(social)) < p]
    f = len(fans)
    kinds = rng.choice(
        ["like", "follow", "share", "comment", "view"], f, p=[0.4, 0.25, 0.1, 0.1, 0.15]
    )
    parts.append(
        frame(
            VIDEO,
            np.where(kinds == "view", "video", "social"),
            kinds,
            spread(rng, f, 36, 91),
            fans["person_key"].to_numpy(),
            handle=fans["handle"].to_numpy(),
            platform=PLATFORM,
        )
    )
    # bought followers: one follow each, all inside a two-hour "prime the pump" burst
    bought = fakes.bought
    burst = (
        day(37)
        + np.timedelta64(14 * 3600, "s")
        + rng.integers(0, 7200, len(bought)).astype("timedelta64[s]")
    )
    parts.append(
        frame(
            VIDEO,
            "social",
            "follow",
            burst,
            bought["person_key"].to_numpy(),
            False,
            "bought_follower",
            handle=bought["handle"].to_numpy(),
            platform=PLATFORM,
        )
    )
    liked = bought.sample(frac=0.6, random_state=int(rng.integers(1 << 31)))
    parts.append(
        frame(
            VIDEO,
            "social",
            "like",
            burst[: len(liked)] + np.timedelta64(30, "s"),
            liked["person_key"].to_numpy(),
            False,
            "bought_follower",
            handle=liked["handle"].to_numpy(),
            platform=PLATFORM,
        )
    )
    # bots like and share all through the campaign
    bots = fakes.bots
    per_bot = rng.integers(1, 6, len(bots))
    rows = np.repeat(np.arange(len(bots)), per_bot)
    bot_kind = rng.choice(["like", "share", "view"], len(rows), p=[0.7, 0.2, 0.1])
    parts.append(
        frame(
            VIDEO,
            np.where(bot_kind == "view", "video", "social"),
            bot_kind,
            spread(rng, len(rows), 36, 91),
            bots["person_key"].to_numpy()[rows],
            False,
            "bot",
            handle=bots["handle"].to_numpy()[rows],
            platform=PLATFORM,
        )
    )
    result = pd.concat(parts, ignore_index=True)
    result["touch_id"] = "vid-" + pd.Series(np.arange(len(result))).astype(str)
    return result


def ad_leads(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """Form fills from the ads' landing page: cheap leads, few of them in the market."""
    p = np.where(people["in_target_market"], 0.03, 0.04)
    leads = people[rng.random(len(people)) < p]
    result = frame(
        ADS,
        "ads",
        "form_submit",
        spread(rng, len(leads), 92, 137),
        leads["person_key"].to_numpy(),
        email=leads["email"].to_numpy(),
    )
    result["touch_id"] = "ad-lead-" + pd.Series(np.arange(len(result))).astype(str)
    return result


def profiles(rng: np.random.Generator, people: pd.DataFrame, fakes: FakeAccounts) -> pd.DataFrame:
    """Profile metadata for every handle: fakes look fake on average, with overlap."""
    humans = people[people["handle"].ne("")]
    h, b, f = len(humans), len(fakes.bots), len(fakes.bought)

    def created(count: int, first: str, last: str) -> np.ndarray:
        lo, hi = np.datetime64(first, "D"), np.datetime64(last, "D")
        offsets = rng.integers(0, int((hi - lo).astype(int)), count)
        return np.datetime_as_string(lo + offsets.astype("timedelta64[D]"), unit="D")

    frames = [
        pd.DataFrame(
            {
                "person_key": humans["person_key"].to_numpy(),
                "handle": humans["handle"].to_numpy(),
                "name": (humans["first_name"] + " " + humans["last_name"]).to_numpy(),
                "followers": rng.lognormal(5.5, 1.3, h).astype(int),
                "following": rng.lognormal(5.5, 0.9, h).astype(int),
                "posts": rng.lognormal(6, 1.5, h).astype(int),
                "likes": rng.lognormal(6.5, 1.5, h).astype(int),
                "listed": rng.poisson(2, h),
                "created_at": created(h, "2009-01-01", "2024-12-31"),
                "bio": np.where(rng.random(h) < 0.85, humans["title"].to_numpy(), ""),
                "has_default_image": rng.random(h) < 0.05,
            }
        ),
        pd.DataFrame(
            {
                "person_key": fakes.bots["person_key"].to_numpy(),
                "handle": fakes.bots["handle"].to_numpy(),
                "name": fakes.bots["handle"].to_numpy(),
                "followers": rng.lognormal(2.5, 1.5, b).astype(int),
                "following": rng.lognormal(7, 0.8, b).astype(int),
                "posts": rng.lognormal(3, 2, b).astype(int),
                "likes": rng.lognormal(7, 1, b).astype(int),
                "listed": np.zeros(b, int),
                "created_at": created(b, "2024-06-01", "2026-03-01"),
                "bio": np.where(rng.random(b) < 0.3, "crypto | giveaways | follow back", ""),
                "has_default_image": rng.random(b) < 0.6,
            }
        ),
        pd.DataFrame(
            {
                "person_key": fakes.bought["person_key"].to_numpy(),
                "handle": fakes.bought["handle"].to_numpy(),
                "name": fakes.bought["handle"].to_numpy(),
                "followers": rng.poisson(3, f),
                "following": rng.lognormal(6, 1, f).astype(int),
                "posts": rng.poisson(1, f),
                "likes": rng.poisson(5, f),
                "listed": np.zeros(f, int),
                "created_at": created(f, "2026-01-01", "2026-04-01"),
                "bio": "",
                "has_default_image": rng.random(f) < 0.85,
            }
        ),
    ]
    result = pd.concat(frames, ignore_index=True)
    result.insert(0, "platform", PLATFORM)
    result["url"] = ""
    result["location"] = ""
    result["verified"] = False
    result["observed_at"] = "2026-06-30T00:00:00Z"
    return result
