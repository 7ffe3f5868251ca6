"""Leads: the people sales should talk to, in priority order, each with its reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from leadsift.app.errors import BadOption
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.stages import Stage
from leadsift.export.lead import Lead
from leadsift.scoring.leads import LeadFilter, select_leads

SORTS = ("priority", "probability")
# With no stage asked for, the people sales should act on now: qualified (MQL, SQL) and not
# yet met. Meetings, opportunities and customers have their owners already; they are listed
# when asked for (`--stage meeting`, `--stage mql+` for every qualified stage).
ACT_NOW = (Stage.MQL.value, Stage.SQL.value)
ALL = "all"  # every stage

__all__ = ["ACT_NOW", "ALL", "SORTS", "Lead", "LeadQuery", "check_stages", "find_leads", "select"]


def check_stages(stages: Sequence[str]) -> None:
    """Refuse a stage that is not one (`mql+` means MQL or later), naming the known ones."""
    known = {s.value for s in Stage}
    for value in stages:
        if value != ALL and value.removesuffix("+") not in known:
            choices = ", ".join(sorted(known))
            raise BadOption("--stage", f"{value!r}: choose one of {choices} (or {ALL})")


@dataclass(frozen=True)
class LeadQuery:
    """Which leads: exact stages (`mql+` = MQL or later; none = every stage), an account
    (name or domain, a case-insensitive part of it), people who touched a campaign, at most
    `limit` of them, sorted by `priority` (stage, intent, fit) or by the conversion model's
    `probability`. Checked when made: a bad stage is a `BadOption`, a bad sort a
    `LeadsiftError`."""

    stages: tuple[str, ...] = ()
    account: str | None = None
    campaign: str | None = None
    limit: int | None = 25
    sort: str = "priority"

    def __post_init__(self) -> None:
        check_stages(self.stages)
        if self.sort not in SORTS:
            raise LeadsiftError(f"--sort {self.sort!r}: use priority or probability")


def select(session: Session, wanted: LeadFilter) -> list[Lead]:
    """The leads a filter selects, with people's attributes drawn by the workspace's
    [identity] source_priority (exports use it with their own filters)."""
    check_stages(wanted.stages)
    chosen = replace(wanted, source_priority=session.settings.identity.source_priority)
    with session.reading() as connection:
        return select_leads(connection, chosen)


def _stages(asked: tuple[str, ...]) -> tuple[str, ...]:
    if ALL in asked:
        return ()
    return asked or ACT_NOW


def find_leads(session: Session, query: LeadQuery) -> list[Lead]:
    """What `leadsift leads` lists: scored people matching the query, best first; with no
    stages in the query, those sales should act on now (ACT_NOW)."""
    return select(
        session,
        LeadFilter(
            stages=_stages(query.stages), account=query.account, campaign=query.campaign,
            limit=query.limit, sort=query.sort,
        ),
    )  # fmt: skip
