"""Lifecycle stages from fit, intent, hand-raises and sales outcomes, with their history.

Rules (leadsift.toml [stages]) give each person the stage their current data supports.
Stages never regress silently: a person keeps a stage they reached unless they are
disqualified or cool off into nurture, and each change is written to stage_history with
its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadsift.config.scoring import GRADE_ORDER, StageSettings
from leadsift.domain.stages import RANK, Stage
from leadsift.scoring.intent import POSITIVE_REPLY

ENGAGEMENT_KINDS = frozenset(
    {
        "open", "click", "reply", "visit", "download", "form_submit", "register", "attend",
        "view", "like", "share", "comment", "follow", "mention", "call_connected",
        "call_positive", "demo_request", "contact_request", "meeting_booked",
    }
)  # fmt: skip
_OUTCOME_STAGE = {"meeting": Stage.MEETING, "opportunity": Stage.OPPORTUNITY, "won": Stage.CUSTOMER}


def stage_kind_sets(settings: StageSettings) -> dict[str, frozenset[str]]:
    """The touch kinds the stage rules look for, by the flag name decide_stages reads. A
    reply saying yes (interested, question: intent.POSITIVE_REPLY) is always both a hand
    raise and a sales signal."""
    return {
        "hand_raise": frozenset({*settings.hand_raises, POSITIVE_REPLY}),
        "sql_signal": frozenset({*settings.sql_signals, POSITIVE_REPLY}),
        "engaged": ENGAGEMENT_KINDS,
    }


def _at_least(grades: pd.Series, floor: str) -> pd.Series:
    return grades.map(GRADE_ORDER.index) <= GRADE_ORDER.index(floor)


@dataclass(frozen=True)
class StageDecision:
    stage: pd.Series
    reason: pd.Series
    changed: pd.Series  # bool: differs from the previous stage


def decide_stages(
    people: pd.DataFrame, settings: StageSettings, previous: pd.Series
) -> StageDecision:
    """`people` has grade, intent, excluded, noise, best_outcome, lost and the booleans of
    `stage_kind_sets` (did they hand-raise, give a sales signal, engage); `previous` is the
    stage each person had (missing for new people)."""

    def flag(name: str) -> pd.Series:
        column = people[name] if name in people else pd.Series(False, index=people.index)
        return column.eq(True)

    hand_raise, sql_signal, engaged = flag("hand_raise"), flag("sql_signal"), flag("engaged")
    grade = people["grade"]
    intent = pd.to_numeric(people["intent"], errors="coerce").fillna(0)
    peak = (
        pd.to_numeric(people["peak_intent"], errors="coerce").fillna(intent)
        if "peak_intent" in people
        else intent
    )
    grade_ok = _at_least(grade, settings.mql_min_grade)
    mql_by_score = grade_ok & (intent >= settings.mql_min_intent)
    # qualified at their last activity, and not cold yet: still an MQL
    qualified_at_peak = grade_ok & (peak >= settings.mql_min_intent)
    still_warm = qualified_at_peak & ~mql_by_score & (intent >= settings.nurture_below_intent)
    mql_by_hand = hand_raise & _at_least(grade, settings.hand_raise_min_grade)
    probability = (
        people["probability"].astype(float)
        if "probability" in people
        else pd.Series(np.nan, index=people.index)
    )
    mql_by_model = (
        grade_ok & (probability >= settings.mql_min_probability).fillna(False)
        if settings.mql_min_probability is not None
        else pd.Series(False, index=people.index)
    )
    sql = (
        (mql_by_score | mql_by_hand | mql_by_model)
        & sql_signal
        & _at_least(grade, settings.sql_min_grade)
    )
    outcome = people["best_outcome"].map(_OUTCOME_STAGE)

    def said(text: str) -> pd.Series:
        return pd.Series(text, index=people.index, dtype=object)

    scores = "grade " + grade.astype(str) + ", intent " + intent.astype(int).astype(str)
    mql_rule = f"fit {settings.mql_min_grade} or better, intent {settings.mql_min_intent:g}+: "
    choices: list[tuple[pd.Series, Stage, pd.Series]] = [
        (people["noise"].notna(), Stage.DISQUALIFIED,
         "not a real person: " + people["noise"].astype(str)),
        (people["excluded"].astype(bool), Stage.DISQUALIFIED,
         said("outside the target profile (excluded)")),
        (outcome == Stage.CUSTOMER, Stage.CUSTOMER, said("won a deal")),
        (outcome == Stage.OPPORTUNITY, Stage.OPPORTUNITY, said("an opportunity was opened")),
        (outcome == Stage.MEETING, Stage.MEETING, said("took a sales meeting")),
        (sql, Stage.SQL, said(f"qualified, sales signal ({', '.join(settings.sql_signals)})")),
        (mql_by_hand, Stage.MQL, said(f"raised a hand ({', '.join(settings.hand_raises)})")),
        (mql_by_score, Stage.MQL, mql_rule + scores),
        (mql_by_model, Stage.MQL, f"fit {settings.mql_min_grade} or better, predicted "
         + (probability * 100).round().fillna(0).astype(int).astype(str)
         + f"% to meet sales (rule: {settings.mql_min_probability or 0:.0%}+)"),
        (still_warm, Stage.MQL, mql_rule + "reached at their last activity (intent "
         + peak.astype(int).astype(str) + "), " + scores),
        (engaged, Stage.ENGAGED, said("engaged with a campaign")),
    ]  # fmt: skip
    stage = pd.Series(Stage.AUDIENCE.value, index=people.index, dtype=object)
    reason = pd.Series("in the audience, no engagement yet", index=people.index, dtype=object)
    decided = pd.Series(False, index=people.index)
    for mask, value, why in choices:
        take = mask.fillna(False).astype(bool) & ~decided
        stage[take] = value.value
        reason[take] = why[take]
        decided |= take

    before = previous.reindex(people.index)
    had = before.notna()
    before_rank = before.map(RANK).fillna(-2).to_numpy()
    now_rank = stage.map(RANK).to_numpy()
    lost = people["lost"].eq(True)
    qualified_before = had & (before_rank >= RANK[Stage.MQL.value])
    cooled = (
        qualified_before
        & (intent < settings.nurture_below_intent)
        & (now_rank < RANK[Stage.MQL.value])
    )
    cooled |= (
        qualified_at_peak
        & (intent < settings.nurture_below_intent)
        & (now_rank < RANK[Stage.MQL.value])
    )
    cooled |= lost & (now_rank < RANK[Stage.CUSTOMER.value]) & had
    keep = had & (now_rank < before_rank) & (stage != Stage.DISQUALIFIED.value) & ~cooled
    stage = stage.where(~keep, before)
    reason = reason.where(~keep, "kept: a stage is never lost silently")
    to_nurture = cooled & (stage != Stage.DISQUALIFIED.value) & (before != Stage.NURTURE.value)
    stage[to_nurture] = Stage.NURTURE.value
    reason[to_nurture] = np.where(
        lost[to_nurture],
        "deal lost: back to nurture",
        "was qualified, intent has since fallen below "
        + f"{settings.nurture_below_intent:g}: now "
        + intent[to_nurture].astype(int).astype(str),
    )
    # once in nurture, stay there until the rules reach MQL or better again
    stay = (
        had
        & (before == Stage.NURTURE.value)
        & (stage.map(RANK) < RANK[Stage.MQL.value])
        & (stage != Stage.DISQUALIFIED.value)
    )
    stage[stay] = Stage.NURTURE.value
    changed = ~had | (stage != before)
    return StageDecision(stage=stage, reason=reason, changed=changed)
