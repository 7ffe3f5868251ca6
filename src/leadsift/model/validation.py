"""Honest figures for a model: stratified 5-fold cross-validation, and a time split that
trains on the earlier 80% and tests on the latest 20% (what a team will live with, since the
future is never shuffled into the past)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from leadsift.model.estimator import ConversionModel
from leadsift.model.metrics import Metrics, evaluate

MakeModel = Callable[[], ConversionModel]


def cross_validate(
    features: pd.DataFrame, y: np.ndarray, make: MakeModel, folds: int = 5, seed: int = 7
) -> Metrics:
    """Metrics of the out-of-fold probabilities, pooled over the folds."""
    predicted = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for learn, test in splitter.split(np.zeros(len(y)), y):
        model = make().fit(features.iloc[learn], y[learn])
        predicted[test] = model.predict_proba(features.iloc[test])
    return evaluate(y, predicted)


def time_split(
    features: pd.DataFrame, y: np.ndarray, time: pd.Series, make: MakeModel, test: float = 0.2
) -> Metrics:
    order = np.argsort(time.to_numpy(), kind="stable")
    cut = int(len(y) * (1 - test))
    learn, held = order[:cut], order[cut:]
    if y[held].min() == y[held].max():
        raise ValueError("the latest 20% by time hold only one class; no time-split figure")
    model = make().fit(features.iloc[learn], y[learn], time.iloc[learn])
    return evaluate(y[held], model.predict_proba(features.iloc[held]))
