"""Scoring settings ([fit], [intent] and [stages] in leadsift.toml), validated by pydantic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leadsift.domain.vocabulary import TOUCH_KINDS

Grade = Literal["A", "B", "C", "D", "F"]
GRADE_ORDER: tuple[Grade, ...] = ("A", "B", "C", "D", "F")

Points = Annotated[float, Field(ge=-100, le=100)]
Threshold = Annotated[float, Field(ge=0, le=100)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_kinds(kinds: dict[str, float] | dict[str, int] | list[str]) -> None:
    unknown = sorted(set(kinds) - TOUCH_KINDS)
    if unknown:
        raise ValueError(f"unknown touch kind(s): {', '.join(unknown)}")


class FitSettings(_Section):
    role_points: Points = 40
    industry_points: Points = 20
    size_points: Points = 10
    country_points: Points = 10
    target_account_points: Points = 20
    free_mail_points: Points = -15
    title_match_threshold: Annotated[float, Field(ge=50, le=100)] = 82
    grade_a: Threshold = 80
    grade_b: Threshold = 60
    grade_c: Threshold = 40
    grade_d: Threshold = 20

    @model_validator(mode="after")
    def _grades_descend(self) -> FitSettings:
        if not self.grade_a > self.grade_b > self.grade_c > self.grade_d:
            raise ValueError("grade thresholds must descend: grade_a > grade_b > grade_c > grade_d")
        return self

    def grade(self, fit: float) -> Grade:
        for grade, floor in zip(
            GRADE_ORDER, (self.grade_a, self.grade_b, self.grade_c, self.grade_d), strict=False
        ):
            if fit >= floor:
                return grade
        return "F"


DEFAULT_WEIGHTS: dict[str, float] = {
    "open": 1, "click": 4, "reply": 25, "visit": 2, "download": 10, "form_submit": 12,
    "register": 10, "attend": 18, "view": 1, "like": 1, "share": 3, "comment": 4, "follow": 1,
    "mention": 3, "call_connected": 6, "call_positive": 30, "demo_request": 40,
    "contact_request": 35, "meeting_booked": 45, "unsubscribe": -25, "bounce": -10,
    "spam_report": -40, "call_negative": -30, "no_show": -3,
}  # fmt: skip


class IntentSettings(_Section):
    half_life_days: Annotated[float, Field(gt=0, le=3650)] = 30
    weights: dict[str, Points] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    daily_cap: Annotated[int, Field(ge=1, le=1000)] = 3
    repeat_factor: Annotated[float, Field(gt=0, lt=1)] = 0.5

    @field_validator("weights")
    @classmethod
    def _kinds(cls, weights: dict[str, float]) -> dict[str, float]:
        _known_kinds(weights)
        return weights


class StageSettings(_Section):
    mql_min_grade: Grade = "B"
    mql_min_intent: Threshold = 40
    hand_raises: list[str] = Field(
        default_factory=lambda: ["demo_request", "contact_request", "meeting_booked"]
    )
    hand_raise_min_grade: Grade = "D"
    sql_min_grade: Grade = "C"
    sql_signals: list[str] = Field(
        default_factory=lambda: ["call_positive", "meeting_booked", "reply"]
    )
    nurture_below_intent: Threshold = 10
    # with a conversion model (`leadsift model train`): MQL when fit is good enough and the
    # predicted probability of a meeting is at least this; unset = the model does not
    # change stages
    mql_min_probability: Annotated[float, Field(gt=0, lt=1)] | None = None

    @field_validator("hand_raises", "sql_signals")
    @classmethod
    def _kinds(cls, kinds: list[str]) -> list[str]:
        _known_kinds(kinds)
        return kinds

    @model_validator(mode="after")
    def _consistent(self) -> StageSettings:
        if self.nurture_below_intent >= self.mql_min_intent:
            raise ValueError("nurture_below_intent must be below mql_min_intent")
        return self
