"""`leadsift score`: identities (probabilistic links, then deterministic joins) -> authenticity
flags -> fit -> intent -> stages.

An incremental run re-reads only the touches of people whose activity changed since the last
run (new imports, merged identities); fit, intent and stages are then recomputed for everyone
from cached per-person aggregates, which is cheap, so `--full` gives identical results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift import __version__
from leadsift.authenticity.apply import apply_authenticity
from leadsift.config.settings import Settings
from leadsift.domain.stages import RANK
from leadsift.identity.link import link_identities
from leadsift.identity.links import resolve_links
from leadsift.model.workspace_model import predict_people
from leadsift.scoring.fit import score_fit
from leadsift.scoring.flags import apply_data_flags, mark_noisy_people
from leadsift.scoring.intent import aggregate_components, load_components, score_intent
from leadsift.scoring.people import load_people
from leadsift.scoring.stages import StageDecision, decide_stages, stage_kind_sets
from leadsift.store import schema
from leadsift.store.rows import frame_records

Progress = Callable[[str, float], None]
_OUTCOME_RANK = {"meeting": 1, "opportunity": 2, "won": 3}


@dataclass(frozen=True)
class ScoreSummary:
    mode: str
    as_of: datetime
    persons: int
    persons_reaggregated: int
    stage_changes: int
    stages: dict[str, int]
    flagged: dict[str, int]
    bursts: list[str]
    malformed: dict[str, int]
    new_links: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready values, under the names `leadsift score --json` uses."""
        return {
            "mode": self.mode,
            "as_of": self.as_of.isoformat(),
            "persons": self.persons,
            "persons_reaggregated": self.persons_reaggregated,
            "stage_changes": self.stage_changes,
            "stages": dict(self.stages),
            "flagged_touches": dict(self.flagged),
            "bursts": list(self.bursts),
            "malformed_identifiers": dict(self.malformed),
            "new_person_links": self.new_links,
        }


def _settings_hash(settings: Settings) -> str:
    relevant = {
        # a new leadsift may link or flag differently: its first run rebuilds everything
        "leadsift": __version__,
        "intent": settings.intent.model_dump(),
        "identity": settings.identity.model_dump(),
        "authenticity": settings.authenticity.model_dump(),
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def _as_of(connection: sa.Connection) -> datetime:
    """Intent is measured as of the latest activity in the workspace, so scoring the same
    data twice gives the same numbers whatever the day."""
    latest = connection.execute(sa.select(sa.func.max(schema.touches.c.occurred_at))).scalar()
    if latest is None:
        return datetime.now(UTC)
    stamp = pd.Timestamp(latest)
    return (
        stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp.tz_convert(UTC)
    ).to_pydatetime()


def run_scoring(
    engine: sa.Engine,
    settings: Settings,
    *,
    full: bool = False,
    as_of: datetime | None = None,
    progress: Progress | None = None,
) -> ScoreSummary:
    def step(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    now = datetime.now(UTC)
    runs = schema.score_runs
    with engine.begin() as connection:
        last = connection.execute(
            sa.select(
                runs.c.last_import_id, runs.c.settings_hash, runs.c.links_state, runs.c.checks
            )
            .where(runs.c.finished_at.is_not(None))
            .order_by(runs.c.id.desc())
            .limit(1)
        ).first()
        digest = _settings_hash(settings)
        full = full or last is None or last.settings_hash != digest
        last_import = connection.execute(sa.select(sa.func.max(schema.imports.c.id))).scalar()
        run_id = connection.execute(
            runs.insert().values(
                mode="full" if full else "incremental", started_at=now, settings_hash=digest
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        identity = settings.identity
        resolved = None
        new_data = last is None or last.last_import_id != last_import
        if identity.probabilistic and (full or new_data):
            step("matching people", 0.02)
            resolved = resolve_links(connection, identity)
        links = _links_state(connection)
        reusable = last is not None and last.links_state == links and last.checks is not None
        if not full and not new_data and reusable:
            assert last is not None
            # nothing imported and no link accepted or undone since the last run: identities
            # and flags stand as they are, and no one's activity needs re-reading
            checks: dict[str, Any] = dict(last.checks)
            changed: set[int] | None = set()
        else:
            checks, changed = _identities_and_flags(
                connection, settings, full, last.last_import_id if last else None, now, step
            )
        aggregate_components(connection, settings.intent, changed)
        step("fit", 0.6)
        when = as_of or _as_of(connection)
        people = load_people(connection, source_priority=settings.identity.source_priority)
        fit = score_fit(people, settings.target, settings.fit)
        step("intent and stages", 0.75)
        intent = score_intent(
            load_components(connection), settings.intent, when, stage_kind_sets(settings.stages)
        )
        table = people[["noise", "email", "account_id", "account_target"]].join(fit)
        table = table.join(intent, how="left")
        table["intent"] = pd.to_numeric(table["intent"], errors="coerce").fillna(0).astype(int)
        table = table.join(_outcomes(connection), how="left")
        step("predicted conversion", 0.8)
        predicted = predict_people(connection, settings, people, fit, when)
        if predicted is not None:
            table["probability"] = predicted.probability
            table["model_reasons"] = predicted.reasons
        previous = _previous_stages(connection)
        decision = decide_stages(table, settings.stages, previous)
        step("saving", 0.9)
        changes = _save(connection, table, decision, when, now, int(run_id))
        connection.execute(
            runs.update().where(runs.c.id == run_id).values(
                finished_at=datetime.now(UTC), as_of=when, last_import_id=last_import,
                persons_changed=len(table) if changed is None else len(changed),
                links_state=links, checks=checks,
            )
        )  # fmt: skip
    step("done", 1.0)
    return ScoreSummary(
        mode="full" if full else "incremental",
        as_of=when,
        persons=len(table),
        persons_reaggregated=len(table) if changed is None else len(changed),
        stage_changes=changes,
        stages={str(k): int(v) for k, v in decision.stage.value_counts().items()},
        flagged=checks["flagged"],
        malformed=checks["malformed"],
        bursts=checks["bursts"],
        new_links=resolved.new_links if resolved else 0,
    )


def _identities_and_flags(
    connection: sa.Connection,
    settings: Settings,
    full: bool,
    last_import_id: int | None,
    now: datetime,
    step: Progress,
) -> tuple[dict[str, Any], set[int] | None]:
    """Link identities and run the authenticity checks; returns the checks' summary and the
    people whose activity must be re-read (None: everyone)."""
    step("linking identities", 0.1)
    before = _person_of_touches_snapshot(connection) if not full else None
    linked = link_identities(
        connection, now, incremental=not full, phone_region=settings.identity.phone_region
    )
    step("authenticity checks", 0.3)
    apply_data_flags(connection)
    checks = apply_authenticity(connection, settings.authenticity)
    mark_noisy_people(connection)
    step("aggregating intent", 0.4)
    changed = None
    if not full:
        changed = _changed_persons(connection, last_import_id, before)
        changed |= checks.changed_people
    summary = {
        "flagged": checks.flagged,
        "bursts": checks.bursts,
        "malformed": {"emails": linked.malformed_emails, "phones": linked.malformed_phones},
    }
    return summary, changed


def _links_state(connection: sa.Connection) -> str:
    """Changes whenever a link is accepted or undone."""
    links = schema.person_links
    active = sa.func.sum(sa.case((links.c.status == "active", 1), else_=0))
    state = connection.execute(
        sa.select(sa.func.count(), active, sa.func.max(links.c.id), sa.func.max(links.c.decided_at))
    ).one()
    return hashlib.sha256(repr(tuple(state)).encode()).hexdigest()


def _person_of_touches_snapshot(connection: sa.Connection) -> pd.DataFrame:
    i = schema.identities
    return pd.DataFrame(
        connection.execute(sa.select(i.c.kind, i.c.value, i.c.person_id)).all(),
        columns=["kind", "value", "person_id"],
    )


def _changed_persons(
    connection: sa.Connection, last_import_id: int | None, before: pd.DataFrame | None
) -> set[int]:
    """People with touches from imports after the last run, or whose identities changed."""
    t = schema.touches
    query = sa.select(t.c.person_id).where(t.c.person_id.is_not(None)).distinct()
    if last_import_id is not None:
        query = query.where(t.c.import_id > last_import_id)
    changed = {int(p) for (p,) in connection.execute(query)}
    if before is not None:
        after = _person_of_touches_snapshot(connection)
        merged = before.merge(
            after, on=["kind", "value"], how="outer", suffixes=("_before", "_after")
        )
        moved = merged[merged["person_id_before"] != merged["person_id_after"]]
        changed |= {int(p) for p in moved["person_id_after"].dropna()}
        # people who vanished (merged away) have no components to keep
        gone = set(moved["person_id_before"].dropna().astype(int)) - set(after["person_id"])
        if gone:
            ic = schema.intent_components
            connection.execute(ic.delete().where(ic.c.person_id.in_(sorted(gone))))
    return changed


def _outcomes(connection: sa.Connection) -> pd.DataFrame:
    o = schema.outcomes
    rows = pd.DataFrame(
        connection.execute(
            sa.select(o.c.person_id, o.c.kind, o.c.occurred_at).where(o.c.person_id.is_not(None))
        ).all(),
        columns=["person_id", "kind", "occurred_at"],
    )
    if rows.empty:
        return pd.DataFrame(columns=["best_outcome", "lost"])
    rows["rank"] = rows["kind"].map(_OUTCOME_RANK).fillna(0)
    best = rows.sort_values("rank").groupby("person_id").last()
    latest = rows.sort_values("occurred_at").groupby("person_id")["kind"].last()
    result = pd.DataFrame(index=best.index)
    result["best_outcome"] = best["kind"].where(best["rank"] > 0)
    result["lost"] = latest.eq("lost") & best["kind"].ne("won")
    return result


def _previous_stages(connection: sa.Connection) -> pd.Series:
    ps = schema.person_scores
    rows = connection.execute(sa.select(ps.c.person_id, ps.c.stage)).all()
    return pd.Series({int(p): s for p, s in rows}, dtype=object)


def _priority(table: pd.DataFrame, stage: pd.Series) -> pd.Series:
    """Sales attention first on qualified people at named accounts with fresh intent."""
    rank = stage.map(RANK).clip(lower=0).astype(float)
    named = table["account_target"].eq(True) if "account_target" in table else 0
    return (
        rank * 100 + table["intent"].astype(float) * 0.6 + table["fit"].astype(float) * 0.4
        + np.where(named, 10.0, 0.0)
    ).round(2)  # fmt: skip


def _reason_lists(table: pd.DataFrame, decision: StageDecision) -> list[list[str]]:
    """Stage reason first, then what they did, then who they are."""
    intent_reasons = table.get("intent_reasons")
    probability: dict[int, float] = {}
    if "probability" in table:
        known = table["probability"].dropna().astype(float)
        probability = dict(zip(known.index.astype(int), known.to_numpy(), strict=True))
    model_reasons = table.get("model_reasons")
    lists = []
    for person_id, stage_reason, fit_reasons in zip(
        table.index, decision.reason, table["fit_reasons"], strict=True
    ):
        did = intent_reasons.at[person_id] if intent_reasons is not None else None
        predicted = []
        if person_id in probability and model_reasons is not None:
            why = model_reasons.at[person_id]
            why = why if isinstance(why, str) else ""
            said = f"predicted {probability[person_id]:.0%} to meet sales"
            predicted = [said + (f": {why}" if why else "")]
        lists.append(
            [str(stage_reason), *predicted, *(did if isinstance(did, list) else []), *fit_reasons]
        )
    return lists


def _save(
    connection: sa.Connection,
    table: pd.DataFrame,
    decision: StageDecision,
    as_of: datetime,
    now: datetime,
    run_id: int,
) -> int:
    ps = schema.person_scores
    previous = _previous_stages(connection)
    since = pd.Series(
        {int(p): s for p, s in connection.execute(sa.select(ps.c.person_id, ps.c.stage_since))},
        dtype=object,
    ).reindex(table.index)
    connection.execute(ps.delete())
    last_touch = (
        pd.to_datetime(table["last_touch_at"], utc=True)
        if "last_touch_at" in table
        else pd.Series(pd.NaT, index=table.index)
    )
    frame = pd.DataFrame(
        {
            "person_id": table.index.astype(int),
            "account_id": table["account_id"].astype("Int64").astype(object),
            "role": table["role"],
            "in_target": table["in_target"].astype(bool),
            "fit": table["fit"].astype(int),
            "grade": table["grade"],
            "intent": table["intent"].astype(int),
            "stage": decision.stage,
            "stage_since": since.where(~decision.changed, as_of),
            "probability": (
                table["probability"].round(6).astype(object) if "probability" in table else None
            ),
            "priority": _priority(table, decision.stage),
            "reasons": _reason_lists(table, decision),
            "last_touch_at": last_touch.astype(object),
            "scored_at": now,
        },
        index=table.index,
    )
    records = frame_records(frame)
    if records:
        connection.execute(ps.insert(), records)
    moved_ids = decision.changed[decision.changed].index
    moved = pd.DataFrame(
        {
            "person_id": moved_ids.astype(int),
            "stage": decision.stage.loc[moved_ids],
            "previous_stage": previous.reindex(moved_ids).astype(object),
            "entered_at": as_of,
            "reason": decision.reason.loc[moved_ids].astype(str),
            "run_id": run_id,
        }
    )
    if len(moved):
        connection.execute(schema.stage_history.insert(), frame_records(moved))
    return len(moved)
