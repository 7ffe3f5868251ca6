"""The linear challenger: scores as its own logistic regression does, explains each row
exactly, and takes a share of the model only when the latest rows say it ranks them better."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from leadsift.model.estimator import ConversionModel
from leadsift.model.linear import LinearScorer


def _encoded(rows: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    amount = rng.normal(size=rows)
    amount[rng.random(rows) < 0.2] = np.nan
    source = pd.Categorical.from_codes(
        rng.integers(-1, 3, rows), dtype=pd.CategoricalDtype(["a", "b", "c"])
    )
    flat = np.full(rows, 3.0)  # no spread at all: scale 1, not a division by zero
    y = (rng.random(rows) < 0.5).astype(int)
    y[:2] = [0, 1]
    return pd.DataFrame({"amount": amount, "source": source, "flat": flat}), y


@settings(max_examples=25, deadline=None)
@given(rows=st.integers(8, 60), seed=st.integers(0, 10_000))
def test_scores_are_the_regressions_own_and_contributions_add_up(rows: int, seed: int) -> None:
    encoded, y = _encoded(rows, seed)
    scorer = LinearScorer().fit(encoded, y)
    # the reference: scikit-learn's decision function on the same one-hot/standardised design
    reference = LogisticRegression(C=1.0, max_iter=500).fit(scorer._matrix(encoded), y)
    expected = reference.decision_function(scorer._matrix(encoded))
    assert np.allclose(scorer.raw_score(encoded), expected, atol=1e-6)
    pushes, base = scorer.contributions(encoded)
    assert np.allclose(pushes.sum(axis=1) + base, scorer.raw_score(encoded))
    assert np.allclose(pushes.mean(axis=0), 0.0, atol=1e-9)  # measured from the training mean
    again = LinearScorer.from_dict(json.loads(json.dumps(scorer.to_dict())))
    assert np.allclose(again.raw_score(encoded), scorer.raw_score(encoded))


def _drifting(rows: int = 4000, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray, pd.Series]:
    """`rate` climbs over time past anything seen before, and at any time the leads with the
    higher rate convert more: trees stop at the highest rate they saw, a line keeps ranking."""
    rng = np.random.default_rng(seed)
    trend = np.arange(rows) / rows * 20
    rate = trend + rng.normal(size=rows)
    channel = rng.choice(["email", "ads"], rows)
    logit = 2.0 * (rate - trend) + np.where(channel == "email", 0.5, 0.0)
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    when = pd.Series(pd.date_range("2025-01-01", periods=rows, freq="h"))
    return pd.DataFrame({"rate": rate, "channel": channel}), y, when


def test_the_latest_rows_choose_the_linear_share_under_drift() -> None:
    features, y, when = _drifting()
    cut = int(len(y) * 0.8)
    learn, test = slice(0, cut), slice(cut, None)
    trees = ConversionModel(challenger=False).fit(features[learn], y[learn], when[learn])
    mixed = ConversionModel().fit(features[learn], y[learn], when[learn])
    assert trees.tree_share_ == 1.0 and trees.linear_ is None
    assert mixed.tree_share_ < 1.0 and mixed.linear_ is not None
    assert "with a logistic regression" in mixed.mix() and trees.mix().endswith("trees")
    later = features[test]
    assert roc_auc_score(y[test], mixed.predict_proba(later)) > roc_auc_score(
        y[test], trees.predict_proba(later)
    )
    p = mixed.predict_proba(later)
    contributions = mixed.contributions(later)
    assert np.allclose(contributions.sum(axis=1), np.log(p / (1 - p)), atol=1e-6)
    again = ConversionModel.from_dict(json.loads(json.dumps(mixed.to_dict())))
    assert np.allclose(again.predict_proba(later), p)


def test_without_drift_the_trees_keep_the_model_to_themselves() -> None:
    rng = np.random.default_rng(5)
    rows = 3000
    x = rng.uniform(-3, 3, rows)
    # a bump no line can draw: converters sit in the middle
    y = (rng.random(rows) < np.where(np.abs(x) < 1, 0.8, 0.1)).astype(int)
    model = ConversionModel().fit(pd.DataFrame({"x": x}), y)
    assert model.tree_share_ == 1.0 and model.linear_ is None
    assert "linear" in model.to_dict() and model.to_dict()["linear"] is None


def test_a_version_1_model_file_still_loads() -> None:
    features, y, when = _drifting(rows=600)
    model = ConversionModel(challenger=False).fit(features, y, when)
    data = model.to_dict()
    data["version"] = 1
    del data["tree_share"], data["linear"]
    old = ConversionModel.from_dict(data)
    assert old.tree_share_ == 1.0 and old.linear_ is None
    assert np.allclose(old.predict_proba(features), model.predict_proba(features))


def test_a_large_sample_keeps_every_rare_converter() -> None:
    from leadsift.model.linear import _sample

    y = np.zeros(1_000, dtype=int)
    y[[3, 500, 998]] = 1
    rows = _sample(y, 100, seed=1)
    assert len(rows) == 100 and len(set(rows.tolist())) == 100
    assert {3, 500, 998} <= set(rows.tolist()) and (np.diff(rows) > 0).all()
    balanced = np.arange(1_000) % 2
    assert len(_sample(balanced, 100, seed=1)) == 100
