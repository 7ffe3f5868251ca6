"""A regularised logistic regression over the same encoded columns as the trees.

Trees cannot extrapolate: when the latest leads lie outside the ranges the earlier ones
covered (a market that drifts), a linear model ranks them better. `ConversionModel` fits this
one beside its trees and lets the held-out, most recent rows decide how much of each to use.

Numbers are standardised (missing ones take the training median and a missing flag);
categories are one-hot over the training levels (unseen or missing: no level). Coefficients
live in plain lists so the model file stays JSON, and scoring is numpy alone. Each feature's
contribution is measured from its training mean, so a row's contributions and the base add
up to its score exactly.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import pandas as pd
from scipy import sparse

_MAX_ROWS = 200_000  # a few hundred coefficients are learnt as well from a sample


class LinearScorer:
    def __init__(self, *, strength: float = 1.0, seed: int = 7) -> None:
        self.strength = strength
        self.seed = seed

    # --- design -----------------------------------------------------------------------
    def _blocks(self, encoded: pd.DataFrame) -> list[tuple[str, Any]]:
        """Per feature: ('number', (z, missing)) or ('category', codes)."""
        blocks: list[tuple[str, Any]] = []
        for name in self.features_:
            column = encoded[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                blocks.append(("category", np.asarray(column.cat.codes, dtype=np.int64)))
            else:
                values = column.to_numpy(dtype=np.float64)
                missing = np.isnan(values)
                median, mean, scale = self.numbers_[name]
                z = (np.where(missing, median, values) - mean) / scale
                blocks.append(("number", (z, missing.astype(np.float64))))
        return blocks

    def _matrix(self, encoded: pd.DataFrame) -> sparse.csr_matrix:
        parts = []
        for name, (kind, block) in zip(self.features_, self._blocks(encoded), strict=True):
            if kind == "number":
                parts.append(sparse.csr_matrix(np.column_stack(block)))
            else:
                width = len(encoded[name].cat.categories)
                present = block >= 0
                rows = np.flatnonzero(present)
                one_hot = sparse.csr_matrix(
                    (np.ones(len(rows)), (rows, block[present])), shape=(len(block), width)
                )
                parts.append(one_hot)
        design: sparse.csr_matrix = sparse.hstack(parts, format="csr")
        return design

    # --- training ---------------------------------------------------------------------
    def fit(self, encoded: pd.DataFrame, y: np.ndarray) -> Self:
        from sklearn.linear_model import LogisticRegression

        if len(y) > _MAX_ROWS:
            rows = _sample(y, _MAX_ROWS, self.seed)
            encoded, y = encoded.iloc[rows], y[rows]
        self.features_: list[str] = list(encoded.columns)
        self.numbers_: dict[str, tuple[float, float, float]] = {}
        for name in self.features_:
            column = encoded[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                continue
            values = column.to_numpy(dtype=np.float64)
            present = values[~np.isnan(values)]
            median = float(np.median(present)) if len(present) else 0.0
            filled = np.where(np.isnan(values), median, values)
            scale = float(filled.std())
            self.numbers_[name] = (median, float(filled.mean()), scale if scale > 0 else 1.0)
        design = self._matrix(encoded)
        regression = LogisticRegression(C=self.strength, max_iter=500, solver="lbfgs")
        regression.fit(design, y)
        weights = regression.coef_[0]
        self.coefficients_: dict[str, list[float]] = {}
        start = 0
        for name in self.features_:
            width = 2 if name in self.numbers_ else len(encoded[name].cat.categories)
            self.coefficients_[name] = [float(w) for w in weights[start : start + width]]
            start += width
        self.intercept_ = float(regression.intercept_[0])
        # each feature's mean push over the training rows: contributions are measured from it
        self.centres_ = dict(
            zip(self.features_, self._pushes(encoded).mean(axis=0).tolist(), strict=True)
        )
        return self

    # --- scoring ----------------------------------------------------------------------
    def _pushes(self, encoded: pd.DataFrame) -> np.ndarray:
        """Rows by features: each feature's term in the linear score."""
        columns = []
        for name, (kind, block) in zip(self.features_, self._blocks(encoded), strict=True):
            weights = np.asarray(self.coefficients_[name])
            if kind == "number":
                z, missing = block
                columns.append(weights[0] * z + weights[1] * missing)
            else:
                with_none = np.append(weights, 0.0)  # code -1 (unseen, missing) indexes the 0
                columns.append(with_none[block])
        return np.column_stack(columns) if columns else np.zeros((len(encoded), 0))

    def raw_score(self, encoded: pd.DataFrame) -> np.ndarray:
        return np.asarray(self._pushes(encoded).sum(axis=1) + self.intercept_)

    def contributions(self, encoded: pd.DataFrame) -> tuple[np.ndarray, float]:
        """(rows-by-features pushes from the training mean, base); they sum to the score."""
        centres = np.array([self.centres_[name] for name in self.features_])
        return self._pushes(encoded) - centres, self.intercept_ + float(centres.sum())

    # --- storage ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "features": self.features_,
            "numbers": {name: list(values) for name, values in self.numbers_.items()},
            "coefficients": self.coefficients_,
            "intercept": self.intercept_,
            "centres": self.centres_,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        model = cls()
        model.features_ = list(data["features"])
        model.numbers_ = {
            name: (float(a), float(b), float(c)) for name, (a, b, c) in data["numbers"].items()
        }
        model.coefficients_ = {k: [float(w) for w in v] for k, v in data["coefficients"].items()}
        model.intercept_ = float(data["intercept"])
        model.centres_ = {k: float(v) for k, v in data["centres"].items()}
        return model


def _sample(y: np.ndarray, size: int, seed: int) -> np.ndarray:
    """`size` row positions, sorted; every row of a rare class is kept (a plain random sample
    of a million rows with a few dozen converters could hold none)."""
    rng = np.random.default_rng(seed)
    labels, counts = np.unique(y, return_counts=True)
    rare = np.flatnonzero(y == labels[np.argmin(counts)])
    if len(rare) * 2 >= size:
        return np.sort(rng.choice(len(y), size, replace=False))
    common = np.flatnonzero(y != labels[np.argmin(counts)])
    chosen = rng.choice(common, size - len(rare), replace=False)
    return np.sort(np.concatenate([rare, chosen]))
