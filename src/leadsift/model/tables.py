"""`leadsift model train|evaluate|predict --table`: conversion models on any labelled file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from leadsift.domain.errors import LeadsiftError
from leadsift.export.csv_cells import neutralise_column
from leadsift.model.estimator import ConversionModel
from leadsift.model.metrics import Metrics
from leadsift.model.reasons import top_reasons
from leadsift.model.table import (
    LabelledTable,
    TableError,
    blank_placeholders,
    prepare,
    read_table,
)
from leadsift.model.validation import cross_validate, time_split


@dataclass(frozen=True)
class TableSpec:
    path: Path
    target: str
    time: str | None = None
    drop: tuple[str, ...] = ()
    id_column: str | None = None


def load(spec: TableSpec) -> LabelledTable:
    frame = read_table(spec.path)
    return prepare(
        spec.path, frame, target=spec.target, time=spec.time, drop=spec.drop,
        id_column=spec.id_column,
    )  # fmt: skip


def _window(table: LabelledTable) -> dict[str, str] | None:
    if table.time is None:
        return None
    return {"from": table.time.min().isoformat(), "to": table.time.max().isoformat()}


def train_table(spec: TableSpec, output: Path) -> tuple[dict[str, Any], list[str]]:
    """Fit on the whole table and save the model with its card; returns (card, notes)."""
    table = load(spec)
    assert table.target is not None
    model = ConversionModel().fit(table.features, table.target, table.time)
    card = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": str(spec.path),
        "rows": len(table.target),
        "positives": int(table.target.sum()),
        "target": spec.target,
        "data_window": _window(table),
        "features": model.kinds_,
        "dropped": list(spec.drop),
        "id_column": spec.id_column,
        "trees": model.rounds_,
        "mix": model.mix(),
        "calibration": "Platt scaling on the held-out latest 15%"
        if table.time is not None
        else "Platt scaling on a stratified held-out 15%",
        "notes": table.notes,
    }
    try:
        model.save(output, card)
    except OSError as exc:
        raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
    return card, table.notes


def evaluate_table(spec: TableSpec) -> tuple[dict[str, Metrics | None], list[str]]:
    table = load(spec)
    assert table.target is not None
    positives = int(table.target.sum())
    if min(positives, len(table.target) - positives) < 5:
        raise TableError(
            f"{spec.path}: {min(positives, len(table.target) - positives)} rows of the rarer "
            "class; 5-fold cross-validation needs at least 5"
        )
    result: dict[str, Metrics | None] = {
        "cv": cross_validate(table.features, table.target, ConversionModel),
        "time_split": None,
    }
    if table.time is not None:
        try:
            result["time_split"] = time_split(
                table.features, table.target, table.time, ConversionModel
            )
        except ValueError as exc:
            raise TableError(f"{spec.path}: {exc}") from None
    return result, table.notes


def predict_table(
    model_path: Path, table_path: Path, output: Path, explain: int | None = 1_000
) -> int:
    """Write the id (or line number), probability and reasons of each row. Reasons cost a
    TreeSHAP pass (about 1 ms a row), so only the `explain` most likely rows get them
    (every row when None)."""
    model, card = ConversionModel.load(model_path)
    frame = read_table(table_path)
    id_column = card.get("id_column")
    missing = [name for name in model.kinds_ if name not in frame.columns]
    if len(missing) == len(model.kinds_):
        raise TableError(
            f"{table_path}: none of the model's features are in this table "
            f"(it expects {', '.join(list(model.kinds_)[:8])}...)"
        )
    features = blank_placeholders(frame.reindex(columns=list(model.kinds_)))
    probability = model.predict_proba(features)
    reasons = np.full(len(features), "", dtype=object)
    chosen = (
        np.arange(len(features))
        if explain is None
        else np.argsort(-probability, kind="stable")[: max(explain, 0)]
    )
    if len(chosen):
        picked = features.iloc[chosen]
        reasons[chosen] = top_reasons(model.contributions(picked), picked)
    ids = (
        frame[id_column].to_numpy()
        if id_column and id_column in frame.columns
        else np.arange(2, len(frame) + 2)
    )
    header = id_column if id_column and id_column in frame.columns else "line"
    result = pd.DataFrame(
        {header: neutralise_column(pd.Series(ids)), "probability": np.round(probability, 6),
         "reasons": reasons}
    )  # fmt: skip
    try:
        result.to_csv(output, index=False, lineterminator="\r\n", encoding="utf-8")
    except OSError as exc:
        raise LeadsiftError(f"cannot write {output}: {exc.strerror}") from None
    return len(result)
