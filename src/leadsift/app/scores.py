"""Scoring: resolve identities, flag what is not human, and give every person fit, intent,
a predicted probability and a lifecycle stage, each with its reasons."""

from __future__ import annotations

from datetime import datetime

from leadsift.app.session import OnWait, Session
from leadsift.pipeline.score import Progress, ScoreSummary, run_scoring

__all__ = ["Progress", "ScoreSummary", "score"]


def score(
    session: Session,
    *,
    full: bool = False,
    as_of: datetime | None = None,
    progress: Progress | None = None,
    on_wait: OnWait | None = None,
) -> ScoreSummary:
    """Score the workspace under its write lock: incrementally (only people whose activity
    changed are re-aggregated) or, with `full`, from scratch, which gives the same results.
    Intent is measured as of `as_of` (default: the latest touch). `progress` hears
    (step, fraction done); `on_wait` is told when another writer holds the lock.
    `ScoreSummary.as_dict()` is the JSON form."""
    with session.locked("leadsift score", on_wait):
        return run_scoring(
            session.engine, session.settings, full=full, as_of=as_of, progress=progress
        )
