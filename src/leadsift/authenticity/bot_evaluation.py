"""Honest evaluation of the bot classifier: stratified 10-fold cross-validation, and leave
one seller out (train without one fake-follower seller, test on it and on unseen humans)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import (
    f1_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold, train_test_split

from leadsift.authenticity.bot_model import BotClassifier
from leadsift.authenticity.profile_features import profile_features
from leadsift.authenticity.training_data import LabelledProfiles


@dataclass(frozen=True)
class Scores:
    auc: float
    mcc: float
    precision: float
    recall: float
    f1: float
    rows: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scores(label: np.ndarray, probability: np.ndarray) -> Scores:
    predicted = (probability >= 0.5).astype(int)
    return Scores(
        auc=float(roc_auc_score(label, probability)),
        mcc=float(matthews_corrcoef(label, predicted)),
        precision=float(precision_score(label, predicted, zero_division=0)),
        recall=float(recall_score(label, predicted, zero_division=0)),
        f1=float(f1_score(label, predicted, zero_division=0)),
        rows=len(label),
    )


def cross_validate(data: LabelledProfiles, folds: int = 10, seed: int = 7) -> Scores:
    features = profile_features(data.profiles).values
    label = data.label.to_numpy()
    probability = np.zeros(len(label))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(features, label):
        model = BotClassifier().fit(features.iloc[train], data.label.iloc[train])
        probability[test] = model.predict_proba(features.iloc[test])
    return _scores(label, probability)


def leave_one_seller_out(data: LabelledProfiles, seed: int = 7) -> dict[str, Scores]:
    """For each group of fakes: train on the other fakes and half the humans, test on the
    held-out group and the other half of the humans (which the model never saw)."""
    features = profile_features(data.profiles).values
    label = data.label
    humans = np.flatnonzero(label.to_numpy() == 0)
    train_humans, test_humans = train_test_split(humans, test_size=0.5, random_state=seed)
    results: dict[str, Scores] = {}
    for seller in sorted(data.group[label == 1].unique()):
        in_seller = (data.group == seller).to_numpy()
        fakes = label.to_numpy() == 1
        train = np.concatenate([train_humans, np.flatnonzero(fakes & ~in_seller)])
        test = np.concatenate([test_humans, np.flatnonzero(in_seller)])
        if len(np.unique(label.iloc[train])) < 2:
            continue  # only one seller: nothing to learn fakes from
        model = BotClassifier().fit(features.iloc[train], label.iloc[train])
        results[seller] = _scores(label.to_numpy()[test], model.predict_proba(features.iloc[test]))
    return results


def summary_table(cv: Scores, logo: dict[str, Scores]) -> pd.DataFrame:
    rows = {"10-fold CV": cv.as_dict()} | {f"leave out {k}": v.as_dict() for k, v in logo.items()}
    return pd.DataFrame(rows).T
