"""Calibrated gradient boosting for "will this lead convert?", with per-row reasons.

`ConversionModel` follows the estimator contract: keyword-only settings, no work in
`__init__`, learned attributes end in `_`, `fit` returns `self`. LightGBM learns on the
earlier 85% of the rows (by time when a time is given, else a stratified random 85%), stops
adding trees when the held-out 15% stops improving, and a logistic (Platt) map fitted on that
held-out part turns its scores into probabilities that mean what they say. The final trees
are then grown again on every row, so the most recent ones are not wasted. Text columns are
categories (levels seen in training; others count as missing); numbers stay numbers.

Trees cannot extrapolate, so a regularised logistic regression (`linear.py`) is fitted beside
them as a challenger: the held-out part, the most recent rows when a time is given, picks the
mix of the two (trees alone unless the linear share ranks those rows better). On a market
that drifts, such as the bank calls of 2008-2010, this is what keeps the model from falling
behind a plain logistic regression on the latest leads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Self

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from leadsift.domain.errors import LeadsiftError
from leadsift.model.linear import LinearScorer

FORMAT = "leadsift-conversion-model"
_NUMERIC_SHARE = 0.98  # a column is numeric when this share of its values parse as numbers
_MAX_LEVELS = 200  # rarer categories than the 200 most common count as missing
_TREE_SHARES = (1.0, 0.75, 0.5, 0.25, 0.0)  # the mixes the held-out rows choose from
# a mix must rank the held-out rows better than the trees alone by this much, and by the
# standard error of the trees' AUC there: smaller gains are noise (a recent 15% may hold only
# a few dozen converters) and not worth a second model
_MIX_MARGIN = 0.005


class ModelFormatError(LeadsiftError):
    """A file is not a leadsift model, or was written by an incompatible version."""


def column_kinds(features: pd.DataFrame) -> dict[str, str]:
    """'number' or 'category' for each column of text."""
    kinds = {}
    for name in features.columns:
        column = features[name]
        present = column.dropna()
        if pd.api.types.is_numeric_dtype(column):
            kinds[name] = "number"
            continue
        parsed = pd.to_numeric(present, errors="coerce")
        share = parsed.notna().mean() if len(present) else 0.0
        kinds[name] = "number" if share >= _NUMERIC_SHARE else "category"
    return kinds


def _categorical(raw: pd.Series, levels: list[str]) -> pd.Categorical:
    """Text as a categorical over the training levels, stripping each distinct value once
    (a million rows hold a few hundred distinct values)."""
    codes, uniques = pd.factorize(raw)
    position = {level: i for i, level in enumerate(levels)}
    mapped = np.array([position.get(str(u).strip(), -1) for u in uniques] + [-1], dtype=np.int64)
    dtype = pd.CategoricalDtype(categories=levels)
    categorical: pd.Categorical = pd.Categorical.from_codes(mapped[codes], dtype=dtype)
    return categorical


class ConversionModel:
    def __init__(
        self,
        *,
        learning_rate: float = 0.1,
        num_leaves: int = 31,
        min_child_samples: int = 40,
        max_rounds: int = 400,
        early_stopping: int = 40,
        holdout: float = 0.15,
        refit: bool = True,
        seed: int = 7,
        threads: int = 2,
        challenger: bool = True,
    ) -> None:
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.max_rounds = max_rounds
        self.early_stopping = early_stopping
        self.holdout = holdout
        self.refit = refit
        self.seed = seed
        self.threads = threads
        self.challenger = challenger

    # --- features ---------------------------------------------------------------------
    def _encode(self, features: pd.DataFrame) -> pd.DataFrame:
        columns: dict[str, Any] = {}
        for name, kind in self.kinds_.items():
            raw = features[name] if name in features else pd.Series(None, index=features.index)
            if kind == "number":
                columns[name] = pd.to_numeric(raw, errors="coerce").astype("float64")
            else:
                columns[name] = _categorical(raw, self.levels_[name])
        return pd.DataFrame(columns, index=features.index)

    def _learn_levels(self, features: pd.DataFrame) -> None:
        self.levels_: dict[str, list[str]] = {}
        for name, kind in self.kinds_.items():
            if kind == "category":
                codes, uniques = pd.factorize(features[name])
                counts = pd.Series(np.bincount(codes[codes >= 0], minlength=len(uniques)))
                text = pd.Series([str(u).strip() for u in uniques], dtype=object)
                by_text = counts.groupby(text.to_numpy()).sum().sort_values(ascending=False)
                self.levels_[name] = sorted(by_text.index[:_MAX_LEVELS].tolist())

    # --- training ---------------------------------------------------------------------
    def _params(self) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": 0.8,
            "bagging_fraction": 0.8,
            "bagging_freq": 1,
            "lambda_l2": 1.0,
            "cat_smooth": 10.0,
            "max_bin": 127,
            "num_threads": self.threads,
            "seed": self.seed,
            "deterministic": True,
            "force_col_wise": True,
            "verbosity": -1,
        }

    def _split(self, y: np.ndarray, time: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
        rows = np.arange(len(y))
        if time is not None:
            order = np.argsort(time.to_numpy(), kind="stable")
            cut = int(len(y) * (1 - self.holdout))
            learn, hold = order[:cut], order[cut:]
            if y[hold].min() != y[hold].max() and y[learn].min() != y[learn].max():
                return learn, hold
        learn, hold = train_test_split(
            rows, test_size=self.holdout, stratify=y, random_state=self.seed
        )
        return np.asarray(learn), np.asarray(hold)

    def fit(self, features: pd.DataFrame, y: np.ndarray, time: pd.Series | None = None) -> Self:
        y = np.asarray(y, dtype=int)
        self.kinds_: dict[str, str] = column_kinds(features)
        self._learn_levels(features)
        encoded = self._encode(features)
        learn, hold = self._split(y, time)
        train_set = lgb.Dataset(encoded.iloc[learn], y[learn], free_raw_data=True)
        valid_set = lgb.Dataset(encoded.iloc[hold], y[hold], reference=train_set)
        self.booster_ = lgb.train(
            self._params(),
            train_set,
            num_boost_round=self.max_rounds,
            valid_sets=[valid_set],
            callbacks=[lgb.early_stopping(self.early_stopping, verbose=False)],
        )
        raw = np.asarray(self.booster_.predict(encoded.iloc[hold], raw_score=True))
        self.tree_share_ = 1.0
        self.linear_: LinearScorer | None = None
        if self.challenger:
            linear = LinearScorer(seed=self.seed).fit(encoded.iloc[learn], y[learn])
            self.tree_share_, raw = _best_mix(raw, linear.raw_score(encoded.iloc[hold]), y[hold])
            if self.tree_share_ < 1.0:
                self.linear_ = LinearScorer(seed=self.seed).fit(encoded, y)
        platt = LogisticRegression(C=1e6).fit(raw.reshape(-1, 1), y[hold])
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        self.feature_names_: list[str] = list(encoded.columns)
        best = int(self.booster_.best_iteration or self.booster_.current_iteration())
        if self.refit:
            # the held-out part is the most recent when a time is given: the final trees
            # must learn from it too. As many trees as early stopping chose, scaled to the
            # larger data; the calibration learnt on the held-out part carries over.
            self.rounds_ = max(round(best / (1 - self.holdout)), 1)
            whole = lgb.Dataset(encoded, y, free_raw_data=True)
            self.booster_ = lgb.train(self._params(), whole, num_boost_round=self.rounds_)
        else:
            self.rounds_ = best
        return self

    def mix(self) -> str:
        """What the model is made of, for its card."""
        trees = f"{self.rounds_} trees"
        if self.linear_ is None:
            return trees
        linear = round((1 - self.tree_share_) * 100)
        return f"{trees} ({100 - linear}%) with a logistic regression ({linear}%)"

    # --- prediction -------------------------------------------------------------------
    def raw_score(self, features: pd.DataFrame) -> np.ndarray:
        self._check_fitted()
        encoded = self._encode(features)
        trees = np.asarray(
            self.booster_.predict(encoded, raw_score=True, num_iteration=self.rounds_)
        )
        if self.linear_ is None:
            return trees
        share = self.tree_share_
        return share * trees + (1 - share) * self.linear_.raw_score(encoded)

    def predict_proba(self, features: pd.DataFrame) -> np.ndarray:
        slope, intercept = self.calibration_
        return 1.0 / (1.0 + np.exp(-(slope * self.raw_score(features) + intercept)))

    def contributions(self, features: pd.DataFrame) -> pd.DataFrame:
        """Each feature's push on each row's calibrated log-odds (TreeSHAP, scaled by the
        calibration slope), plus `_base`; a row's values sum to its calibrated log-odds."""
        self._check_fitted()
        slope, intercept = self.calibration_
        encoded = self._encode(features)
        values = np.asarray(
            self.booster_.predict(encoded, pred_contrib=True, num_iteration=self.rounds_)
        )
        if self.linear_ is not None:
            pushes, base = self.linear_.contributions(encoded)
            share = self.tree_share_
            values = share * values + (1 - share) * np.column_stack(
                [pushes, np.full(len(pushes), base)]
            )
        frame = pd.DataFrame(values * slope, columns=[*self.feature_names_, "_base"])
        frame["_base"] += intercept
        frame.index = features.index
        return frame

    def _check_fitted(self) -> None:
        if not hasattr(self, "booster_"):
            raise RuntimeError("fit() the model first")

    # --- storage ----------------------------------------------------------------------
    def to_dict(self, card: dict[str, Any] | None = None) -> dict[str, Any]:
        self._check_fitted()
        return {
            "format": FORMAT,
            "version": 2,
            "kinds": self.kinds_,
            "levels": self.levels_,
            "calibration": list(self.calibration_),
            "rounds": self.rounds_,
            "card": card or {},
            "booster": self.booster_.model_to_string(num_iteration=self.rounds_),
            "tree_share": self.tree_share_,
            "linear": None if self.linear_ is None else self.linear_.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        if data.get("format") != FORMAT or data.get("version") not in (1, 2):
            raise ModelFormatError("not a leadsift conversion model (format version 1 or 2)")
        model = cls()
        model.kinds_ = dict(data["kinds"])
        model.levels_ = {k: list(v) for k, v in data["levels"].items()}
        slope, intercept = data["calibration"]
        model.calibration_ = (float(slope), float(intercept))
        model.rounds_ = int(data["rounds"])
        model.booster_ = lgb.Booster(model_str=data["booster"])
        model.feature_names_ = list(model.kinds_)
        model.tree_share_ = float(data.get("tree_share", 1.0))  # version 1: trees alone
        linear = data.get("linear")
        model.linear_ = None if linear is None else LinearScorer.from_dict(linear)
        return model

    def save(self, path: Path, card: dict[str, Any] | None = None) -> None:
        path.write_text(json.dumps(self.to_dict(card)), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> tuple[Self, dict[str, Any]]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelFormatError(f"{path}: not a leadsift model file ({exc})") from None
        if not isinstance(data, dict):
            raise ModelFormatError(f"{path}: not a leadsift model file")
        return cls.from_dict(data), dict(data.get("card", {}))


def _best_mix(trees: np.ndarray, linear: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """The trees' share (of `_TREE_SHARES`) whose mix ranks the held-out rows best, and that
    mix's scores; trees alone unless a mix with the linear model does clearly better."""
    alone = float(roc_auc_score(y, trees))
    best_share, best_auc = 1.0, alone + max(_MIX_MARGIN, _auc_standard_error(alone, y))
    for share in _TREE_SHARES[1:]:
        auc = roc_auc_score(y, share * trees + (1 - share) * linear)
        if auc > best_auc:
            best_share, best_auc = share, auc
    return best_share, best_share * trees + (1 - best_share) * linear


def _auc_standard_error(auc: float, y: np.ndarray) -> float:
    """Hanley and McNeil (1982): the standard error of an AUC from its class sizes."""
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    variance = (
        auc * (1 - auc) + (positives - 1) * (q1 - auc**2) + (negatives - 1) * (q2 - auc**2)
    ) / (positives * negatives)
    return float(np.sqrt(max(variance, 0.0)))
