"""Attribution in the workspace: every model side by side on the same journeys, per campaign
or channel, for one kind of outcome (`leadsift attribution compare`, the dashboard's
Attribution page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from leadsift.app.errors import BadOption
from leadsift.app.reports import check_grouping, crediting, data_version
from leadsift.app.session import Session
from leadsift.domain.errors import LeadsiftError
from leadsift.domain.vocabulary import CREDITED_OUTCOMES

OUTCOMES = CREDITED_OUTCOMES
# how titles name what is credited
PLURALS = {"qualified": "Qualified leads", "meeting": "Meetings", "opportunity": "Opportunities",
           "won": "Wins"}  # fmt: skip

__all__ = [
    "OUTCOMES", "ModelComparison", "compare_models", "comparison_chart", "write_comparison_html",
]  # fmt: skip


@dataclass(frozen=True)
class ModelComparison:
    """Per group (campaign or channel), the credit each model gives for `outcome`: counts
    and amounts (pipeline for opportunities, revenue for wins), with the totals every
    model's column adds up to, and what no group could be credited with."""

    by: str
    outcome: str
    models: list[str]
    groups: list[str]
    credits: dict[str, dict[str, float]]  # model -> group -> count
    values: dict[str, dict[str, float]]  # model -> group -> amount
    total: float
    total_value: float
    unattributed: float
    lookback_days: int
    descriptions: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by, "outcome": self.outcome, "models": self.models,
            "lookback_days": self.lookback_days, "total": self.total,
            "total_value": self.total_value, "unattributed": self.unattributed,
            "descriptions": self.descriptions,
            "groups": [
                {
                    "group": g,
                    "credit": {m: self.credits[m].get(g, 0.0) for m in self.models},
                    "value": {m: self.values[m].get(g, 0.0) for m in self.models},
                }
                for g in self.groups
            ],
        }  # fmt: skip


def compare_models(
    session: Session, by: str = "campaign", outcome: str = "meeting", since: date | None = None
) -> ModelComparison:
    """Every attribution model's credit per group for one outcome kind, on the journeys
    the report reads (lookback and knobs from [attribution])."""
    from leadsift.attribution import DATA_DRIVEN_MODELS, MODELS
    from leadsift.report.credit import Crediting, credit, outcome_journeys
    from leadsift.report.journeys import load_touches

    group_by = check_grouping(by)
    if outcome not in OUTCOMES:
        raise BadOption("--outcome", f"choose one of {', '.join(OUTCOMES)}")
    settings = crediting(session)
    credits: dict[str, dict[str, float]] = {}
    values: dict[str, dict[str, float]] = {}
    # kept while nothing it comes from changes, as the report is (a service's pages ask often)
    key = ("model_comparison", group_by, outcome, since, settings)
    with session.reading() as connection:
        version = data_version(connection)
        kept = session.memo.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]  # type: ignore[no-any-return]
        touches = load_touches(connection, group_by, since)
        plain = outcome_journeys(connection, touches, outcome, settings, nulls=False)
        with_nulls = outcome_journeys(connection, touches, outcome, settings, nulls=True)
    descriptions = {}
    for model in MODELS:
        chosen = Crediting(**{**settings.__dict__, "model": model})
        descriptions[model] = chosen.describe()
        found = credit(with_nulls if model in DATA_DRIVEN_MODELS else plain, model, chosen)
        labels = found.labels if found is not None else ()
        credits[model] = dict(zip(labels, found.conversions if found else [], strict=True))
        values[model] = dict(zip(labels, found.value if found else [], strict=True))
    groups = sorted(
        {g for m in MODELS for g, v in credits[m].items() if v or values[m].get(g)},
        key=lambda g: (-credits[settings.model].get(g, 0.0), g),
    )
    comparison = ModelComparison(
        by=group_by, outcome=outcome, models=list(MODELS), groups=groups,
        credits={m: {g: float(v) for g, v in c.items()} for m, c in credits.items()},
        values={m: {g: float(v) for g, v in c.items()} for m, c in values.items()},
        total=plain.journeys.total_conversions, total_value=plain.journeys.total_value,
        unattributed=plain.unattributed, lookback_days=settings.lookback_days,
        descriptions=descriptions,
    )  # fmt: skip
    session.memo[key] = (version, comparison)
    return comparison


def comparison_chart(comparison: ModelComparison, models: tuple[str, ...] = ()) -> str:
    """Grouped bars: per group, one bar per model (the chosen ones, else a telling few)."""
    from leadsift.report.html_charts import grouped_bars

    shown = models or ("first", "last", "linear", "w", "markov", "shapley")
    return grouped_bars(
        f"{PLURALS[comparison.outcome]} credited to each {comparison.by}, by model",
        comparison.groups,
        [(m, [comparison.credits[m].get(g, 0.0) for g in comparison.groups]) for m in shown],
        formatter=lambda v: f"{v:,.1f}",
    )


def write_comparison_html(comparison: ModelComparison, path: Path) -> None:
    """The comparison's chart and table as one self-contained HTML page."""
    from html import escape

    head = "".join(f"<th>{escape(m)}</th>" for m in comparison.models)
    rows = "".join(
        f"<tr><th>{escape(g)}</th>"
        + "".join(f"<td>{comparison.credits[m].get(g, 0.0):,.2f}</td>" for m in comparison.models)
        + "</tr>"
        for g in comparison.groups
    )
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Attribution models compared</title><style>body{font:15px system-ui;margin:2em}"
        "td,th{padding:2px 8px;text-align:right}th:first-child{text-align:left}"
        ".axis,.value{font-size:12px}.chart-title{font-weight:600}</style></head><body>"
        f"<h1>Attribution models compared</h1><p>{comparison.total:,.0f} "
        f"{escape(comparison.outcome)} outcomes, touches up to {comparison.lookback_days} "
        "days before each; "
        f"{comparison.unattributed:,.0f} had none.</p>{comparison_chart(comparison)}"
        f"<table><tr><th>{escape(comparison.by)}</th>{head}</tr>{rows}</table></body></html>\n"
    )
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {path}: {exc.strerror}") from None
