"""Each campaign's true causal effect on meetings: the meetings that would not have happened
without it.

The generator makes a meeting in one of two ways (commercial.py, meetings.py): a keen buyer
with an authentic strong signal meets with probability MEETING_AFTER_SIGNAL (one draw per
person, whichever signal came first); a keen buyer a share reached who showed no strong
signal meets with probability SHARE_TAKE. The campaigns draw their touches independently
of one another, so removing a campaign removes its touches and changes nothing else.

For each campaign C and each keen buyer, the meeting without C is:

- their own meeting (or its absence), when a strong signal from another campaign remains
  (the same draw decides it) or when they met by a share and C did not reach them;
- SHARE_TAKE in expectation, when C gave their only strong signal and a share by another
  campaign reached them: the share draw this would need was never made;
- none, when C gave their only strong signal (or their only share, for a share meeting).

`caused_meetings` is the sum over people of the meeting there was minus the meeting there
would have been: a but-for count. A meeting that two campaigns' signals each suffice for
counts for neither (without either, it still happens), and so the effects do not add up
to the meetings. A campaign's strong signal to a keen buyer who then did not meet also
closed the share path to them: that counts against it (-SHARE_TAKE, in expectation).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario.commercial import STRONG_SIGNALS
from leadsift.demo.scenario.meetings import SHARE_TAKE
from leadsift.spread.history import SHARE_CHANNELS, SHARE_KINDS


def _campaigns_by_person(touches: pd.DataFrame, chosen: pd.Series) -> pd.Series:
    picked = touches[touches["is_authentic"].astype(bool) & chosen]
    return picked.groupby("person_key")["campaign"].agg(frozenset)


def campaign_effects(
    people: pd.DataFrame, touches: pd.DataFrame, met_emails: np.ndarray
) -> pd.DataFrame:
    """campaign, caused_meetings (rounded to 0.01: expectations where a draw is missing),
    for every campaign in `touches`, from the keen buyers and the emails that met."""
    signals = _campaigns_by_person(touches, touches["kind"].isin(STRONG_SIGNALS))
    shares = _campaigns_by_person(
        touches, touches["channel"].isin(SHARE_CHANNELS) & touches["kind"].isin(SHARE_KINDS)
    )
    keen = people.loc[people["would_take_meeting"].astype(bool), ["person_key", "email"]]
    none: frozenset[str] = frozenset()
    keen_signals = (
        keen["person_key"].map(signals).apply(lambda s: s if isinstance(s, frozenset) else none)
    )
    keen_shares = (
        keen["person_key"].map(shares).apply(lambda s: s if isinstance(s, frozenset) else none)
    )
    met = keen["email"].isin(set(met_emails)).to_numpy(dtype=float)
    rows = []
    for campaign in sorted(set(touches["campaign"])):
        other_signal = keen_signals.apply(lambda s, c=campaign: bool(s - {c})).to_numpy()
        had_signal = keen_signals.apply(bool).to_numpy()
        other_share = keen_shares.apply(lambda s, c=campaign: bool(s - {c})).to_numpy()
        without = np.where(
            other_signal,
            met,  # another signal remains: the same draw decides
            np.where(
                ~other_share,
                0.0,  # no signal and no share left: no meeting
                np.where(had_signal, SHARE_TAKE, met),  # a new share draw, or the same one
            ),
        )
        rows.append(
            {"campaign": campaign, "caused_meetings": round(float((met - without).sum()), 2)}
        )
    return pd.DataFrame(rows, columns=["campaign", "caused_meetings"])


EFFECTS_README = f"""
## Each campaign's true causal effect on meetings

- `campaign_effects.csv`: per campaign (named as in the touches' `campaign` column),
  `caused_meetings`: the meetings that would not have happened without the campaign's
  touches (a but-for count; the campaigns' touches are drawn independently, so removing one
  changes nothing else). A meeting that another campaign's strong signal also sufficed for
  counts for neither campaign, so the effects do not sum to the meetings. Where removing a
  campaign would leave a keen buyer to the share path whose draw was never made, the
  expectation ({SHARE_TAKE}) is used, so counts can be fractional; a strong signal that led
  to no meeting but closed the share path counts against its campaign.
"""


def write_effects(folder: Path, effects: pd.DataFrame) -> None:
    """campaign_effects.csv and its section of the truth's README."""
    effects.to_csv(folder / "campaign_effects.csv", index=False)
    with (folder / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(EFFECTS_README)
