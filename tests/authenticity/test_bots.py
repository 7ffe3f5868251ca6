"""The bot classifier: robust features, a model that learns and round-trips, the commands."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.authenticity.bot_model import BotClassifier
from leadsift.authenticity.profile_features import FEATURES, profile_features
from tests.helpers import invoke


def _synthetic(rows: int, seed: int) -> pd.DataFrame:
    """Humans and fakes with overlapping distributions, in the profiles format."""
    rng = np.random.default_rng(seed)
    fake = rng.random(rows) < 0.5
    return pd.DataFrame(
        {
            "platform": "x",
            "handle": np.where(fake, np.char.add("u", rng.integers(10**6, 10**7, rows).astype(str)),
                               np.char.add("ann_", np.arange(rows).astype(str))),
            "followers": np.where(
                fake, rng.poisson(8, rows), rng.lognormal(5, 1.2, rows).astype(int)
            ),
            "following": np.where(
                fake, rng.lognormal(6.5, 1, rows), rng.lognormal(5, 1, rows)
            ).astype(int),
            "posts": np.where(fake, rng.poisson(3, rows), rng.lognormal(6, 1.5, rows).astype(int)),
            "created_at": np.where(fake, "2026-03-01", "2015-06-01"),
            "has_default_image": np.where(fake, rng.random(rows) < 0.7, rng.random(rows) < 0.1),
            "bio": np.where(fake & (rng.random(rows) < 0.8), "", "Practice manager"),
            "observed_at": "2026-06-30T00:00:00Z",
            "label": np.where(fake, "bot", "human"),
        }
    )  # fmt: skip


def test_features_survive_missing_columns_and_odd_values() -> None:
    frame = pd.DataFrame(
        {
            "followers": ["12", "-5", "lots", "1e12"],
            "created_at": ["2031-01-01", "2010-01-01", None, "Fri Apr 06 10:58:22 +0000 2007"],
            "observed_at": "2026-01-01T00:00:00Z",
            "bio": pd.Series(["caf\udcc3 owner", None, "", "x"], dtype=object),
        }
    )
    result = profile_features(frame)
    values = {c: result.values[c].to_numpy(dtype=float) for c in result.values.columns}
    assert list(values) == list(FEATURES) and len(values["age_days"]) == 4
    assert math.isclose(values["log_followers"][0], math.log1p(12))
    assert np.isnan(values["log_followers"][1:]).all()  # negative, unreadable, absurd
    assert math.isnan(values["age_days"][0])  # created after it was observed
    assert values["age_days"][3] > 6_000  # Twitter's own date format is read
    assert np.isnan(values["log_following"]).all()  # no column: unknown, not zero
    assert len(result.oddities) == 3


def test_the_model_learns_and_round_trips(tmp_path: Path) -> None:
    train, test = _synthetic(1500, 1), _synthetic(500, 2)
    label = (train["label"] == "bot").astype(int)
    model = BotClassifier(n_estimators=80).fit(profile_features(train).values, label)
    assert isinstance(model, BotClassifier) and model.feature_names_ == list(FEATURES)
    features = profile_features(test).values
    probability = model.predict_proba(features)
    truth = (test["label"] == "bot").to_numpy()
    assert probability[truth].mean() > 0.9 > 0.1 > probability[~truth].mean()
    path = tmp_path / "model.txt"
    model.save(path, {"note": "test"})
    loaded, card = BotClassifier.load(path)
    assert card["note"] == "test"
    np.testing.assert_allclose(loaded.predict_proba(features), probability)
    reasons = loaded.reasons(features)
    bot_row = int(np.argmax(probability))
    assert reasons[bot_row]  # a likely bot is explained
    signs = ("young account", "few followers", "default profile image", "few posts", "empty")
    assert any(sign in reasons[bot_row] for sign in signs), reasons[bot_row]


def test_bots_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _synthetic(600, 3).to_csv(data / "sellers.csv", index=False)
    model_path = tmp_path / "model.txt"
    assert (
        invoke(capsys, "bots", "train", "--data", str(data), "-o", str(model_path)).exit_code == 0
    )
    evaluated = invoke(capsys, "bots", "evaluate", "--data", str(data), "--json")
    figures = json.loads(evaluated.stdout)
    assert figures["cross_validation"]["auc"] > 0.95
    profiles = _synthetic(50, 4).drop(columns=["label"])
    source = tmp_path / "profiles.csv"
    profiles.to_csv(source, index=False)
    out = tmp_path / "scored.csv"
    result = invoke(
        capsys, "bots", "score", str(source), "-o", str(out), "--model", str(model_path)
    )
    assert result.exit_code == 0, result.stderr
    scored = pd.read_csv(out, keep_default_na=False)
    assert list(scored.columns) == [*profiles.columns, "bot_probability", "bot_reasons"]
    assert scored["handle"].tolist() == profiles["handle"].tolist()  # input order kept
    assert scored["bot_probability"].between(0, 1).all()
    # the shipped model works with no workspace and no --model
    assert invoke(capsys, "bots", "score", str(source), "-o", str(out)).exit_code == 0
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01binary")
    assert invoke(capsys, "bots", "score", str(junk), "-o", str(out)).exit_code == 1


def test_path_contributions_add_up_to_the_raw_score() -> None:
    train = _synthetic(800, 5)
    label = (train["label"] == "bot").astype(int)
    features = profile_features(train).values
    model = BotClassifier(n_estimators=40).fit(features, label)
    contributions = model.contributions(features)
    raw = np.asarray(model.booster_.predict(features, raw_score=True))
    bias = raw - contributions.sum(axis=1)
    assert np.ptp(bias) < 1e-4  # the same constant (the trees' root values) for every row
