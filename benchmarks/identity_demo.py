"""Benchmark: pairwise precision and recall of person resolution on the demo's ground truth.

Every source record (`leadsift people export`: each contact row and each identifier
combination seen in touches) is matched to the generator's true person; a pair of records is
predicted to match when leadsift gave both the same person_id. Pairs are counted from group
sizes, so no pair list is ever built.

    .venv/bin/python -m benchmarks.identity_demo [--size medium]
"""

from __future__ import annotations

import argparse
import io

import pandas as pd

from benchmarks.common import LEADSIFT, demo_workspace, timed


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def main() -> None:
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    args = parser.parse_args()
    folder = demo_workspace(args.size)
    timed(["--workspace", str(folder), "score", "--json"])
    exported = subprocess.run(
        [*LEADSIFT, "--workspace", str(folder), "people", "export"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    records = pd.read_csv(io.StringIO(exported), dtype=str, keep_default_na=False)
    truth = pd.read_csv(folder / "truth" / "records.csv", dtype=str, keep_default_na=False)
    by_email = {e: k for e, k in zip(truth["email"], truth["person_key"], strict=True) if e}
    by_value = {v: k for v, k in zip(truth["value"], truth["person_key"], strict=True) if v}
    handle = records["handle"].str.split(":", n=1).str[-1]
    records = records.replace("", None)
    key = records["email"].map(by_email)
    key = key.fillna(records["email"].map(by_value)).fillna(records["phone"].map(by_value))
    key = key.fillna(handle.map(by_value))
    known = records.assign(truth=key).dropna(subset=["truth", "person_id"])
    predicted = _pairs(known.groupby("person_id").size())
    actual = _pairs(known.groupby("truth").size())
    both = _pairs(known.groupby(["person_id", "truth"]).size())
    precision = both / max(predicted, 1)
    recall = both / max(actual, 1)
    print(f"demo {args.size}: {len(known):,} of {len(records):,} records matched to the truth")
    print(
        f"  pairwise precision {precision:.4f}  recall {recall:.4f}  "
        f"({both:,} of {actual:,} true pairs found, {predicted:,} predicted)"
    )


if __name__ == "__main__":
    main()
