"""How often a reached person in the target market qualifies or takes a meeting, by the way
they were reached: a share on a social network, or direct outreach.

A rate comes from the workspace when enough people were reached that way (`[outreach]
min_people`), as the observed share with a Jeffreys interval (the Beta(k + 1/2, n - k + 1/2)
posterior's 2.5% and 97.5% points, 0 below when k = 0 and 1 above when k = n: Brown, Cai &
DasGupta 2001, whose coverage stays near 95% for the small k of meeting counts, where the
normal interval fails); else it is the setting, taken as exact (its interval is the value
itself). `draw` samples the posterior, so a plan's interval can carry the rate's
uncertainty."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from leadsift.config.outreach import OutreachSettings

Way = Literal["share", "direct"]
Outcome = Literal["meeting", "qualified"]
Source = Literal["workspace", "settings"]


@dataclass(frozen=True)
class ReachCounts:
    """People in the target market reached one way only, and how many of them took a
    meeting after they were reached, and how many are qualified (MQL or later)."""

    people: int
    meetings: int
    qualified: int


@dataclass(frozen=True)
class Rate:
    value: float  # the observed share, or the setting
    low: float
    high: float  # 95% interval
    source: Source
    setting: str  # the [outreach] key this rate stands for
    people: int = 0  # reached that way (from the workspace)
    events: int = 0  # of them, who took a meeting (or qualified)

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """`size` draws from the rate's posterior (the setting itself, `size` times)."""
        if self.source == "settings":
            return np.full(size, self.value)
        return rng.beta(self.events + 0.5, self.people - self.events + 0.5, size)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate": round(self.value, 6), "ci95_low": round(self.low, 6),
            "ci95_high": round(self.high, 6), "source": self.source, "setting": self.setting,
            "people": self.people, "events": self.events,
        }  # fmt: skip


def setting_rate(settings: OutreachSettings, way: Way, outcome: Outcome) -> Rate:
    key = f"{way}_{outcome}_rate"
    value = float(getattr(settings, key))
    return Rate(value, value, value, "settings", f"outreach.{key}")


def learned_rate(events: int, people: int, setting: str) -> Rate:
    """The observed share `events / people` with its Jeffreys interval."""
    from scipy.stats import beta

    if not 0 <= events <= people or people == 0:
        raise ValueError(f"cannot learn a rate from {events} of {people} people")
    a, b = events + 0.5, people - events + 0.5
    low = 0.0 if events == 0 else float(beta.ppf(0.025, a, b))
    high = 1.0 if events == people else float(beta.ppf(0.975, a, b))
    return Rate(events / people, low, high, "workspace", setting, people, events)


@dataclass(frozen=True)
class OutreachRates:
    share_meeting: Rate
    direct_meeting: Rate
    share_qualified: Rate
    direct_qualified: Rate

    def all(self) -> tuple[Rate, ...]:
        return (self.share_meeting, self.direct_meeting, self.share_qualified,
                self.direct_qualified)  # fmt: skip

    @property
    def source(self) -> str:
        """workspace, settings, or workspace and settings (when only some were learned)."""
        sources = {rate.source for rate in self.all()}
        return sources.pop() if len(sources) == 1 else "workspace and settings"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "share_meeting": self.share_meeting.as_dict(),
            "direct_meeting": self.direct_meeting.as_dict(),
            "share_qualified": self.share_qualified.as_dict(),
            "direct_qualified": self.direct_qualified.as_dict(),
        }


def outreach_rates(
    settings: OutreachSettings, share: ReachCounts | None = None, direct: ReachCounts | None = None
) -> OutreachRates:
    """Each rate from the workspace's counts for its way of reaching people when they reach
    `min_people`, else from the settings."""

    def rate(way: Way, outcome: Outcome, counts: ReachCounts | None) -> Rate:
        if counts is None or counts.people < settings.min_people:
            return setting_rate(settings, way, outcome)
        events = counts.meetings if outcome == "meeting" else counts.qualified
        return learned_rate(events, counts.people, f"outreach.{way}_{outcome}_rate")

    return OutreachRates(
        share_meeting=rate("share", "meeting", share),
        direct_meeting=rate("direct", "meeting", direct),
        share_qualified=rate("share", "qualified", share),
        direct_qualified=rate("direct", "qualified", direct),
    )


def rate_text(rate: dict[str, Any]) -> str:
    """A rate as `Rate.as_dict` writes it, in words: its value and where it came from."""
    if rate["source"] == "settings":
        return f"{rate['rate']:.2%} (setting {rate['setting']})"
    return (
        f"{rate['rate']:.2%} ({rate['ci95_low']:.2%}-{rate['ci95_high']:.2%}: "
        f"{rate['events']:,} of {rate['people']:,} people)"
    )
