"""Lifecycle stages, in funnel order. nurture and disqualified sit outside the ladder."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    AUDIENCE = "audience"
    ENGAGED = "engaged"
    MQL = "mql"
    SQL = "sql"
    MEETING = "meeting"
    OPPORTUNITY = "opportunity"
    CUSTOMER = "customer"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"


LADDER: tuple[Stage, ...] = (
    Stage.AUDIENCE, Stage.ENGAGED, Stage.MQL, Stage.SQL, Stage.MEETING, Stage.OPPORTUNITY,
    Stage.CUSTOMER,
)  # fmt: skip
RANK: dict[str, int] = {stage.value: rank for rank, stage in enumerate(LADDER)}
# nurture ranks with engaged: a lead that cooled off, kept apart from fresh ones
RANK[Stage.NURTURE.value] = RANK[Stage.ENGAGED.value]
RANK[Stage.DISQUALIFIED.value] = -1

QUALIFIED: frozenset[str] = frozenset(
    s.value for s in (Stage.MQL, Stage.SQL, Stage.MEETING, Stage.OPPORTUNITY, Stage.CUSTOMER)
)
