"""Per-row feature contributions put into words: "Total Time Spent on Website = 1532 raises
the odds (+1.24)". Vectorised, so a million rows take seconds, not minutes."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "missing"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def top_reasons(
    contributions: pd.DataFrame,
    features: pd.DataFrame,
    top: int = 3,
    labels: dict[str, str] | None = None,
) -> list[str]:
    """For each row, its `top` strongest pushes (either way), strongest first, joined by
    "; ". `labels` renames features for people ("intent_30d" -> "intent, last 30 days")."""
    names = [c for c in contributions.columns if c != "_base"]
    values = contributions[names].to_numpy()
    order = np.argsort(-np.abs(values), axis=1, kind="stable")[:, :top]
    label = np.array([(labels or {}).get(n, n) for n in names], dtype=object)
    raw = features.reindex(columns=names).to_numpy(dtype=object)
    rows = np.arange(len(values))
    parts = []
    for k in range(min(top, len(names))):
        column = order[:, k]
        push = values[rows, column]
        shown = np.array([_shown(v) for v in raw[rows, column]], dtype=object)
        verb = np.where(push >= 0, " raises the odds (+", " lowers the odds (")
        text = label[column] + " = " + shown + verb + np.char.mod("%.2f", push).astype(object)
        parts.append(np.where(np.abs(push) >= 0.01, text + ")", ""))
    joined = []
    for pieces in zip(*parts, strict=True) if parts else []:
        joined.append("; ".join(p for p in pieces if p))
    return joined if parts else [""] * len(values)
