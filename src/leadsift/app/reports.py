"""The campaign report: every campaign or channel by what it produced (qualified leads,
meetings, pipeline, cost per qualified lead) beside its vanity figures."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from leadsift.app import report_cache
from leadsift.app.errors import BadOption
from leadsift.app.session import Session
from leadsift.attribution import MODELS
from leadsift.domain.errors import LeadsiftError
from leadsift.report.credit import Crediting
from leadsift.report.figures import CampaignReport, GroupBy
from leadsift.report.quality import build_report
from leadsift.report.summary import summarise
from leadsift.store import schema

GROUPINGS: tuple[GroupBy, ...] = ("campaign", "channel")

__all__ = [
    "GROUPINGS", "CampaignReport", "campaign_report", "check_grouping", "data_version",
    "keep_reports_warm", "latest_report", "write_html",
]  # fmt: skip


def check_grouping(by: str) -> GroupBy:
    """`campaign` or `channel`; anything else is a BadOption."""
    if by == "campaign":
        return "campaign"
    if by == "channel":
        return "channel"
    raise BadOption("--by", "choose campaign or channel")


def crediting(session: Session, model: str | None = None) -> Crediting:
    """The workspace's [attribution] settings, with another model if one is named (a
    BadOption if it is not one of MODELS)."""
    chosen = session.settings.attribution
    if model is not None and model not in MODELS:
        raise BadOption("--attribution", f"choose one of {', '.join(MODELS)}")
    return Crediting(
        model=model or chosen.model, lookback_days=chosen.lookback_days,
        half_life_days=chosen.half_life_days, markov_order=chosen.markov_order,
        direct=chosen.direct,
    )  # fmt: skip


def _report_key(
    session: Session, by: GroupBy, since: date | None, model: str | None = None
) -> tuple[Any, ...]:
    return (
        "campaign_report",
        by,
        since,
        session.settings.report.currency,
        crediting(session, model),
    )


def campaign_report(
    session: Session, by: str = "campaign", since: date | None = None, model: str | None = None
) -> CampaignReport:
    """The report `leadsift report` shows: figures per campaign (or channel) from activity
    and spend on or after `since`, in the workspace's [report] currency, with the
    plain-language summary and notes on coordinated bursts; outcomes credited by the
    attribution `model` (default: [attribution] model). Reads the stages and flags of the
    last `leadsift score`."""
    group_by = check_grouping(by)
    key = _report_key(session, group_by, since, model)
    with session.reading() as connection:
        version = data_version(connection)
        found = report_cache.kept(session, key)
        if found is not None and found[0] == version:
            return found[1]  # type: ignore[no-any-return]
        report = build_report(
            connection, by=group_by, since=since, currency=session.settings.report.currency,
            summarise=summarise, crediting=key[-1],
        )  # fmt: skip
    report_cache.keep(session, key, version, report)
    return report


def latest_report(
    session: Session, by: str = "campaign", since: date | None = None
) -> tuple[CampaignReport, bool]:
    """The report as `campaign_report` gives it, or, when the data changed since it was
    last computed, that last one at once (False: not current; `keep_reports_warm` brings
    it up to date), so a page never waits seconds on counting while imports stream in."""
    group_by = check_grouping(by)
    found = report_cache.kept(session, _report_key(session, group_by, since))
    if found is None:
        return campaign_report(session, group_by, since), True
    with session.reading() as connection:
        current = found[0] == data_version(connection)
    return found[1], current


def render_html(report: CampaignReport) -> str:
    """The report as one self-contained HTML page (tables and charts, no external files)."""
    from leadsift.report.html import render_html as render

    return render(report)


def write_html(report: CampaignReport, path: Path) -> None:
    """Write the HTML report to `path`; a file that cannot be written is a LeadsiftError."""
    try:
        path.write_text(render_html(report), encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {path}: {exc.strerror}") from None


def data_version(connection: sa.Connection) -> tuple[Any, ...]:
    """What the report is computed from, in a few index lookups: every change to it comes
    with an import log entry (files, tracking calls, webhooks), a scoring run, or a link
    decided (resolve, split). Equal versions, equal reports."""
    i, r, links = schema.imports, schema.score_runs, schema.person_links
    return tuple(
        connection.execute(
            sa.select(
                sa.select(sa.func.max(i.c.id)).scalar_subquery(),
                sa.select(sa.func.max(i.c.finished_at)).scalar_subquery(),
                sa.select(sa.func.max(r.c.id)).scalar_subquery(),
                sa.select(sa.func.max(r.c.finished_at)).scalar_subquery(),
                sa.select(sa.func.count()).select_from(links).scalar_subquery(),
                sa.select(sa.func.max(links.c.decided_at)).scalar_subquery(),
            )
        ).one()
    )


def keep_reports_warm(
    session: Session,
    stop: threading.Event,
    every: float = 5.0,
    quiet: float = 10.0,
    longest: float = 120.0,
) -> None:
    """Recompute the default reports once their data has changed and then stayed the same
    for `quiet` seconds (or `longest` seconds have passed), until `stop`, so a service's
    pages find them ready: a report over a million touches takes seconds, and recomputing
    it while calls stream in would only take the machine from them."""
    seen: tuple[Any, ...] | None = None
    changed_at = since_computed = time.monotonic()
    pause = 0.0  # at start-up the data is not changing: bring the reports up to date now
    while not stop.wait(pause):
        try:
            with session.reading() as connection:
                version = data_version(connection)
            now = time.monotonic()
            settled = seen is None or now - changed_at >= quiet or now - since_computed >= longest
            if version != seen:
                seen, changed_at = version, now
            pause = every
            if settled and any(
                (report_cache.kept(session, _report_key(session, by, None)) or (None,))[0]
                != version
                for by in GROUPINGS
            ):
                for by in GROUPINGS:
                    campaign_report(session, by)
                since_computed = time.monotonic()
        except sa.exc.SQLAlchemyError:  # a busy or briefly unreachable database: next time
            pause = every
            continue
