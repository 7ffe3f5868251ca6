"""A Fellegi-Sunter record matcher (splink on DuckDB) that follows the estimator contract.

`MatchModel(...)` only stores its recipe; `fit(frames)` estimates the parameters from the
records themselves (no labels: random sampling for u, expectation maximisation for m) and
keeps them in `model_` (splink's JSON, storable in a database); `predict(frames)` scores the
candidate pairs that the blocking rules produce. A stored model is reused with
`MatchModel.from_model(model)`, so repeated runs skip training.

The same class serves leadsift's contact records (`identity.probabilistic`) and the FEBRL
benchmark, each with its own comparisons.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal, Self

import duckdb
import pandas as pd
from splink import Linker, SettingsCreator
from splink.backends.duckdb import DuckDBAPI
from splink.internals.exceptions import EMTrainingException

LinkType = Literal["dedupe_only", "link_only"]
PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability"]


class NotFittedError(RuntimeError):
    """predict() before fit()."""


class NotEnoughData(ValueError):
    """The records hold too little repetition to estimate match parameters from."""


def _rule_sql(rule: Any) -> str:
    try:
        return str(rule.get_blocking_rule("duckdb").blocking_rule_sql)
    except AttributeError:
        return str(rule)


class MatchModel:
    def __init__(
        self,
        *,
        comparisons: Sequence[Any] = (),
        blocking: Sequence[Any] = (),
        prior_rules: Sequence[Any] = (),
        prior_recall: float = 0.7,
        em_rules: Sequence[Any] = (),
        link_type: LinkType = "dedupe_only",
        max_u_pairs: float = 1e6,
        m_floor: float = 0.01,
        seed: int = 7,
    ) -> None:
        self.comparisons = comparisons
        self.blocking = blocking
        self.prior_rules = prior_rules
        self.prior_recall = prior_recall
        self.em_rules = em_rules
        self.link_type = link_type
        self.max_u_pairs = max_u_pairs
        self.m_floor = m_floor
        self.seed = seed

    @classmethod
    def from_model(cls, model: dict[str, Any]) -> Self:
        """A fitted matcher from a model that `fit` produced earlier."""
        matcher = cls(link_type=model.get("link_type", "dedupe_only"))
        matcher.model_ = model
        return matcher

    def _linker(self, frames: Sequence[pd.DataFrame], settings: Any) -> Linker:
        db = DuckDBAPI()
        tables = [db.register(frame) for frame in frames]
        return Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.ERROR)

    def fit(self, frames: Sequence[pd.DataFrame]) -> Self:
        settings = SettingsCreator(
            link_type=self.link_type,
            blocking_rules_to_generate_predictions=list(self.blocking),
            comparisons=list(self.comparisons),
            retain_matching_columns=True,
            retain_intermediate_calculation_columns=True,
        )
        linker = self._linker(frames, settings)
        linker.training.estimate_probability_two_random_records_match(
            list(self.prior_rules), recall=self.prior_recall
        )
        estimated = _loadable(linker.misc.save_model_to_json())
        if not estimated.get("probability_two_random_records_match"):
            # records without emails or phones (a list of names and companies): the prior
            # rules find no pairs, and a prior of 0 has no match weight; the EM rules' pairs
            # are the next best evidence
            linker = self._linker(frames, estimated)
            linker.training.estimate_probability_two_random_records_match(
                list(self.em_rules), recall=self.prior_recall
            )
        linker.training.estimate_u_using_random_sampling(max_pairs=self.max_u_pairs, seed=self.seed)
        trained = 0
        for rule in self.em_rules:
            before = _loadable(linker.misc.save_model_to_json())
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
            except EMTrainingException:
                continue  # the rule found no pairs in these records; the others may
            except ValueError as error:
                # splink refuses a level whose m probability EM drove to exactly 0 (a level
                # that matches never reach, as when every duplicate shares its phone) and
                # leaves the model half-updated: go back to the estimates before this rule
                if "below the minimum allowed" not in str(error):
                    raise
                linker = self._linker(frames, before)
                continue
            except duckdb.BinderException as error:
                # a level whose u probability is 0 (no random pair reaches it: every record
                # without a phone) gives an infinite weight that splink writes into its SQL
                # as `inf`; this rule cannot be learnt from, the others may
                if "inf" not in str(error):
                    raise
                linker = self._linker(frames, before)
                continue
            trained += 1
        if trained == 0:
            raise NotEnoughData(
                "no expectation-maximisation rule found pairs to learn from: "
                + ", ".join(_rule_sql(rule) for rule in self.em_rules)
            )
        self.model_: dict[str, Any] = _smoothed(
            _loadable(linker.misc.save_model_to_json()), self.m_floor
        )
        return self

    def predict(self, frames: Sequence[pd.DataFrame], threshold: float = 0.5) -> pd.DataFrame:
        """Candidate pairs at or above `threshold`, most probable first, with the comparison
        level behind each (`gamma_<name>`: -1 missing, 0 different, higher = closer)."""
        if not hasattr(self, "model_"):
            raise NotFittedError("fit() the model first")
        linker = self._linker(frames, self.model_)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        if pairs.empty:
            return pd.DataFrame(columns=PAIR_COLUMNS)
        return pairs.sort_values("match_probability", ascending=False, kind="stable")


def _loadable(model: dict[str, Any]) -> dict[str, Any]:
    """EM can drive a level's probability to exactly 0, which splink writes out but refuses
    to read back; the smallest positive value it accepts means the same in practice."""
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            for key in ("m_probability", "u_probability"):
                if level.get(key) == 0.0:
                    level[key] = _SMALLEST
    return model


_SMALLEST = 1e-300


def _smoothed(model: dict[str, Any], floor: float) -> dict[str, Any]:
    """Give every level of a comparison at least `floor` of the matches' probability.

    EM on clean data concludes that a match *never* differs in, say, title, and a single
    differing field then vetoes any pair (weights of -100 and below). Real duplicates do
    differ now and then; the floor caps what one field can say against a match."""
    for comparison in model.get("comparisons", []):
        levels = [
            level
            for level in comparison.get("comparison_levels", [])
            if not level.get("is_null_level")
        ]
        if not any(level.get("m_probability") for level in levels):
            continue  # never trained: splink's defaults stand
        # a level that no match reached in training (m never estimated) is as rare among
        # matches as the floor says, not splink's neutral default
        raised = [max(float(level.get("m_probability") or 0.0), floor) for level in levels]
        total = sum(raised)
        for level, m in zip(levels, raised, strict=True):
            level["m_probability"] = m / total
    return model
