"""How a share and a direct touch change a person's chance of a meeting, and the truth of it.

A buyer in the market who would take a meeting ("keen") takes one with probability 0.7
after a strong signal (a reply, a positive call, a webinar attended, a form; commercial.py);
direct outreach is what brings most of those signals (the email sequence's replies, the
calls). A keen buyer reached by a share (they saw, liked, commented on or shared the video)
who showed no strong signal takes a meeting with probability SHARE_TAKE, 2-14 days after
the first share: they look the vendor up on their own, less often than they answer a
person who wrote or called. Nobody else takes a meeting.

`meeting_chances` writes, per real person, how they were reached by the generator's own
touches (the vocabulary of leadsift.spread.history: share = an authentic social or video
view, share, like or comment; direct = an authentic email delivered, opened, clicked or
replied to, or a call) and the chance the generator gave them of a meeting at or after
their first touch of that way: exactly the quantity `leadsift spread compare` learns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario.commercial import (
    MEETING_AFTER_SIGNAL,
    MEETING_DAYS,
    deals,
    first_strong_signal,
)
from leadsift.spread.history import DIRECT_KINDS, SHARE_CHANNELS, SHARE_KINDS

SHARE_TAKE = 0.25
_DAY = np.timedelta64(86_400, "s")


def _first(touches: pd.DataFrame, chosen: pd.Series) -> pd.Series:
    picked = touches[touches["is_authentic"] & chosen]
    return picked.groupby("person_key")["occurred_at"].min()


def first_reach(touches: pd.DataFrame) -> pd.DataFrame:
    """Per person: shared_at and direct_at, the first authentic touch of each way (NaT when
    never). The email sends themselves are left out: leadsift never sees them (SendGrid's
    `processed` events), only what a delivered email brings."""
    channel, kind = touches["channel"], touches["kind"]
    shared = channel.isin(SHARE_CHANNELS) & kind.isin(SHARE_KINDS)
    direct = pd.Series(False, index=touches.index)
    for name, kinds in DIRECT_KINDS.items():
        direct |= channel.eq(name) & kind.isin([k for k in kinds if k != "sent"])
    return pd.DataFrame(
        {"shared_at": _first(touches, shared), "direct_at": _first(touches, direct)}
    )


def _keen(people: pd.DataFrame, touches: pd.DataFrame) -> pd.DataFrame:
    """The keen buyers, with their first strong signal (NaT when none) and first reach."""
    keen = people.set_index("person_key")
    keen = keen[keen["would_take_meeting"]]
    keen = keen.join(first_strong_signal(touches).rename("signal_at"), how="left")
    return keen.join(first_reach(touches), how="left")


def share_meetings(
    rng: np.random.Generator, people: pd.DataFrame, touches: pd.DataFrame
) -> pd.DataFrame:
    """The outcomes of the keen buyers a share reached who showed no strong signal."""
    keen = _keen(people, touches)
    eligible = keen[keen["signal_at"].isna() & keen["shared_at"].notna()]
    met = eligible[rng.random(len(eligible)) < SHARE_TAKE]
    return deals(rng, met["email"].to_numpy(), met["shared_at"].to_numpy())


def _share_after(signal_at: pd.Series, reached_at: pd.Series) -> np.ndarray:
    """The share of the 13 possible meeting days (signal + 2..14 days) at or after reach."""
    lo, hi = MEETING_DAYS[0], MEETING_DAYS[1] - 1
    need = np.ceil((reached_at - signal_at).to_numpy() / _DAY)
    first = np.clip(np.nan_to_num(need, nan=lo), lo, hi + 1)
    return np.asarray((hi + 1 - first) / (hi - lo + 1), dtype=float)


def meeting_chances(people: pd.DataFrame, touches: pd.DataFrame) -> pd.DataFrame:
    """person_key, in_target_market, reached_by (share, direct, both, none), reached_at
    (the first touch of that way, of either for both), would_take_meeting and
    meeting_chance: the probability of a meeting at or after reached_at (of any meeting
    for people never reached)."""
    humans = people.set_index("person_key")
    reach = first_reach(touches).reindex(humans.index)
    shared, direct = reach["shared_at"].notna(), reach["direct_at"].notna()
    reached_by = np.select(
        [shared & direct, shared, direct], ["both", "share", "direct"], default="none"
    )
    reached_at = reach[["shared_at", "direct_at"]].min(axis=1)
    keen = _keen(people, touches).reindex(humans.index)
    signal = keen["signal_at"].notna()
    chance = np.zeros(len(humans))
    strong = humans["would_take_meeting"].to_numpy() & signal.to_numpy()
    after = _share_after(keen["signal_at"], reached_at)
    chance[strong] = MEETING_AFTER_SIGNAL * after[strong]
    by_share = humans["would_take_meeting"].to_numpy() & ~signal.to_numpy() & shared.to_numpy()
    chance[by_share] = SHARE_TAKE  # 2-14 days after the first share, so after any reach
    return pd.DataFrame(
        {
            "person_key": humans.index,
            "in_target_market": humans["in_target_market"].to_numpy(),
            "reached_by": reached_by,
            "reached_at": reached_at.dt.strftime("%Y-%m-%dT%H:%M:%SZ").fillna("").to_numpy(),
            "would_take_meeting": humans["would_take_meeting"].to_numpy(),
            "meeting_chance": chance.round(6),
        }
    )


def meeting_rates(chances: pd.DataFrame) -> pd.DataFrame:
    """The true rates by way of reaching, among people in the target market: people and
    the mean meeting chance (what `spread compare` estimates for the share and direct
    groups)."""
    market = chances[chances["in_target_market"]]
    return (
        market.groupby("reached_by")
        .agg(people=("person_key", "size"), meeting_rate=("meeting_chance", "mean"))
        .reindex(["share", "direct", "both", "none"], fill_value=0)
        .rename_axis("reached_by")
        .reset_index()
        .assign(meeting_rate=lambda f: f["meeting_rate"].round(6))
    )


CHANCES_README = f"""
## How a share and a direct touch change the chance of a meeting

- `meeting-chances.csv`: per real person, `reached_by` (share: an authentic social or video
  view, share, like or comment; direct: an authentic email delivered, opened, clicked or
  replied to, or a call; both; none), `reached_at` (the first touch of that way, of either
  for both), `would_take_meeting`, and `meeting_chance`: the probability the generator gave
  them of a meeting at or after `reached_at`. A keen buyer (`would_take_meeting`) takes a
  meeting with probability {MEETING_AFTER_SIGNAL} two to 14 days after their first strong
  signal (a reply, a positive call, a webinar attended, a form or download; direct outreach
  brings most of them), and a keen buyer reached by a share who showed no strong signal
  with probability {SHARE_TAKE}, two to 14 days after the first share. Nobody else takes a
  meeting.
- `meeting-rates.csv`: per way of reaching, among people in the target market, how many
  were reached so and their mean chance: the true meeting rates `leadsift spread compare`
  learns from the workspace (for the people leadsift resolves and judges in the market).
"""


def write_chances(folder: Path, chances: pd.DataFrame) -> None:
    """meeting-chances.csv, meeting-rates.csv and their section of the truth's README."""
    chances.to_csv(folder / "meeting-chances.csv", index=False)
    meeting_rates(chances).to_csv(folder / "meeting-rates.csv", index=False)
    with (folder / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(CHANCES_README)
