"""How good and how honest a predicted probability is.

AUC and PR-AUC say how well the scores rank converters above the rest; log loss and the
calibration error say whether a "30%" means 30%; lift in the top decile says how many times
more converters sales finds in the best-scored tenth than by calling at random.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from sklearn.metrics import average_precision_score, log_loss, roc_auc_score

_EPS = 1e-15


@dataclass(frozen=True)
class Metrics:
    auc: float
    pr_auc: float
    log_loss: float
    lift_top_decile: float
    calibration_error: float
    rows: int
    positives: int

    def as_dict(self) -> dict[str, float | int]:
        values = asdict(self).items()
        return {key: (round(v, 6) if isinstance(v, float) else v) for key, v in values}


def lift_top_decile(y: np.ndarray, p: np.ndarray) -> float:
    """Positive rate among the 10% highest scores over the overall positive rate. Ties at
    the cut are shared out evenly, so the figure does not depend on row order."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    base = y.mean()
    if base == 0 or len(y) == 0:
        return 0.0
    k = max(int(np.ceil(len(y) * 0.1)), 1)
    order = np.argsort(-p, kind="stable")
    cut = p[order[k - 1]]
    above = p > cut
    tied = p == cut
    taken_from_ties = k - above.sum()
    positives = y[above].sum() + taken_from_ties * y[tied].mean()
    return float(positives / k / base)


def calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the mean gap between predicted and observed rates over
    ten equal-width probability bins, weighted by how many rows fall in each."""
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    if len(y) == 0:
        return 0.0
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            total += members.sum() * abs(p[members].mean() - y[members].mean())
    return float(total / len(y))


def evaluate(y: np.ndarray, p: np.ndarray) -> Metrics:
    y = np.asarray(y, dtype=int)
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return Metrics(
        auc=float(roc_auc_score(y, p)),
        pr_auc=float(average_precision_score(y, p)),
        log_loss=float(log_loss(y, p, labels=[0, 1])),
        lift_top_decile=lift_top_decile(y, p),
        calibration_error=calibration_error(y, p),
        rows=len(y),
        positives=int(y.sum()),
    )
