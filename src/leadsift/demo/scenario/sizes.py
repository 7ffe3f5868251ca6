"""How big each demo is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SizeName = Literal["small", "medium", "large"]


@dataclass(frozen=True)
class ScenarioSize:
    name: SizeName
    people: int  # real people in and around the market
    touches: int  # engagement events, roughly

    @property
    def scale(self) -> float:
        return self.people / 5_000


SIZES: dict[str, ScenarioSize] = {
    "small": ScenarioSize("small", 5_000, 50_000),
    "medium": ScenarioSize("medium", 50_000, 1_000_000),
    "large": ScenarioSize("large", 500_000, 10_000_000),
}
