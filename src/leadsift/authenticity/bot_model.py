"""The bot / fake-account classifier: LightGBM on profile features, with reasons.

Follows scikit-learn's estimator contract: keyword-only parameters, no work in __init__,
learned attributes end in `_`, `fit` returns self. Reasons come from LightGBM's per-row
feature contributions (SHAP values), put into words.
"""

from __future__ import annotations

import json
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from leadsift.authenticity.profile_features import FEATURES
from leadsift.domain.errors import LeadsiftError

_PHRASES = {
    "log_followers": ("few followers", "many followers"),
    "log_following": ("follows few accounts", "follows many accounts"),
    "log_posts": ("few posts", "many posts"),
    "log_likes": ("few likes", "many likes"),
    "log_listed": ("on no lists", "on many lists"),
    "following_per_follower": ("follows fewer than follow it", "follows far more than follow it"),
    "followers_per_following": ("few followers for its follows", "more followers than follows"),
    "posts_per_day": ("rarely posts", "posts a lot"),
    "likes_per_post": ("few likes per post", "many likes per post"),
    "listed_per_k_followers": ("rarely listed", "often listed"),
    "age_days": ("a young account", "an old account"),
    "default_image": ("has a profile picture", "default profile image"),
    "bio_length": ("empty or short bio", "a written bio"),
    "bio_has_link": ("no link in bio", "link in bio"),
    "has_url": ("no website", "has a website"),
    "has_location": ("no location", "gives a location"),
    "name_length": ("short name", "long name"),
    "name_digits": ("no digits in name", "digits in name"),
    "handle_length": ("short handle", "long handle"),
    "handle_digit_share": ("few digits in handle", "many digits in handle"),
    "handle_entropy": ("plain handle", "random-looking handle"),
    "name_matches_handle": ("handle unlike name", "handle matches name"),
}


class BotClassifier:
    def __init__(
        self,
        *,
        n_estimators: int = 200,
        learning_rate: float = 0.06,
        num_leaves: int = 15,
        min_child_samples: int = 10,
        subsample: float = 0.8,
        colsample_bytree: float = 0.8,
        random_state: int = 7,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample_bytree = colsample_bytree
        self.random_state = random_state

    def _params(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "bagging_fraction": self.subsample,
            "bagging_freq": 1,
            "feature_fraction": self.colsample_bytree,
            "seed": self.random_state,
            "deterministic": True,
            "num_threads": 2,
            "verbose": -1,
        }

    def fit(self, features: pd.DataFrame, label: pd.Series) -> BotClassifier:
        data = lgb.Dataset(features[list(FEATURES)], label=label.to_numpy(), free_raw_data=True)
        self.booster_ = lgb.train(self._params(), data, num_boost_round=self.n_estimators)
        self.feature_names_ = list(FEATURES)
        # reasons compare a row with the typical training profile
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-unknown feature: NaN
            self.medians_ = np.nanmedian(features[list(FEATURES)].to_numpy(dtype=float), axis=0)
        return self

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.float64]]:
        """P(bot) per row."""
        return np.asarray(self.booster_.predict(features[self.feature_names_]), dtype=float)

    def reasons(self, features: pd.DataFrame, top: int = 3) -> list[str]:
        """The features behind each row's verdict, strongest first, in words."""
        matrix = features[self.feature_names_]
        values = matrix.to_numpy(dtype=float)
        contributions = self.contributions(matrix)
        medians = self.medians_ if hasattr(self, "medians_") else np.nanmedian(values, axis=0)
        low = np.array([_PHRASES.get(n, (f"low {n}", ""))[0] for n in self.feature_names_])
        high = np.array([_PHRASES.get(n, ("", f"high {n}"))[1] for n in self.feature_names_])
        unknown = np.array([f"{n.replace('_', ' ')} unknown" for n in self.feature_names_])
        # explain the verdict: for a likely bot the features that pushed towards bot, for a
        # likely human those that pushed towards human
        verdict = np.where(contributions.sum(axis=1) >= 0, 1.0, -1.0)[:, None]
        toward = contributions * verdict
        order = np.argsort(-toward, axis=1)[:, :top]
        rows = np.arange(len(values))
        parts = []
        for rank in range(order.shape[1]):
            column = order[:, rank]
            value = values[rows, column]
            word = np.where(
                np.isnan(value),
                unknown[column],
                np.where(value > medians[column], high[column], low[column]),
            )
            strong = toward[rows, column] >= 0.05
            parts.append(pd.Series(np.where(strong, word, ""), dtype=object))
        joined = parts[0] if parts else pd.Series([""] * len(values), dtype=object)
        for part in parts[1:]:
            joined = joined.where(part == "", joined + "; " + part).where(joined != "", part)
        return [str(text) for text in joined]

    def contributions(self, matrix: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Per-row, per-feature contributions to the raw score along each tree's decision
        path (Saabas): exact SHAP costs minutes for a million rows, these cost seconds and
        rank the reasons alike."""
        if not hasattr(self, "paths_"):
            self.paths_ = _path_tables(self.booster_, len(self.feature_names_))
        leaves = np.asarray(self.booster_.predict(matrix, pred_leaf=True), dtype=np.int64)
        total = np.zeros((len(matrix), len(self.feature_names_)), dtype=np.float32)
        for tree in range(leaves.shape[1]):
            total += self.paths_[tree].take(leaves[:, tree], axis=0)
        return total.astype(np.float64)

    # -- persistence: LightGBM's own text format plus a JSON header, no pickle
    def save(self, path: Path, card: dict[str, Any] | None = None) -> None:
        header = {
            "format": "leadsift-bot-model/1",
            "features": self.feature_names_,
            "medians": [None if np.isnan(m) else float(m) for m in self.medians_],
            **(card or {}),
        }
        path.write_text(
            json.dumps(header) + "\n" + self.booster_.model_to_string(), encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[BotClassifier, dict[str, Any]]:
        """A saved model, or the one shipped with leadsift."""
        if path is None:
            text = (
                resources.files("leadsift.authenticity") / "models" / "bot_model.txt"
            ).read_text(encoding="utf-8")
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise LeadsiftError(f"cannot read model {path}: {exc.strerror}") from None
        first, _, body = text.partition("\n")
        try:
            header = json.loads(first)
        except json.JSONDecodeError:
            raise LeadsiftError(f"{path}: not a leadsift bot model") from None
        if header.get("format") != "leadsift-bot-model/1":
            raise LeadsiftError(f"{path}: not a leadsift bot model")
        model = cls()
        model.booster_ = lgb.Booster(model_str=body)
        model.feature_names_ = list(header["features"])
        model.medians_ = np.array(
            [np.nan if m is None else m for m in header.get("medians", [])], dtype=float
        )
        return model, header


def _path_tables(booster: lgb.Booster, features: int) -> np.ndarray[Any, np.dtype[np.float32]]:
    """For every tree and leaf: how much each feature's splits moved the value on the way
    from the root to that leaf."""
    trees = booster.dump_model()["tree_info"]
    leaves = max(tree["num_leaves"] for tree in trees)
    table = np.zeros((len(trees), leaves, features), dtype=np.float32)
    for index, tree in enumerate(trees):
        root = tree["tree_structure"]
        pending = [(root, np.zeros(features, dtype=np.float32))]
        while pending:
            node, path = pending.pop()
            if "leaf_index" in node or "split_feature" not in node:
                table[index, node.get("leaf_index", 0)] = path
                continue
            parent = node["internal_value"]
            for child in (node["left_child"], node["right_child"]):
                value = child.get("internal_value", child.get("leaf_value", parent))
                step = path.copy()
                step[node["split_feature"]] += value - parent
                pending.append((child, step))
    return table
