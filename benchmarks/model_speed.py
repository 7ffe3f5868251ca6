"""Benchmark: train the conversion model on 1M rows x 50 features (goal <= 120 s) and predict
1M rows (goal <= 20 s), through the command line on a Parquet file, as a user would.

The table is synthetic (40 numeric and 10 categorical columns, 10% positive, missing values
and placeholders); each figure is the median of --runs runs, with the peak memory.

    .venv/bin/python -m benchmarks.model_speed [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd

from benchmarks.common import WORK, size_and_runs, timed


def table(rows: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    numbers = rng.normal(size=(rows, 40)).astype("float32")
    numbers[rng.random((rows, 40)) < 0.05] = np.nan
    frame = pd.DataFrame(numbers, columns=[f"n{i}" for i in range(40)])
    for i in range(10):
        levels = np.array([f"c{i}_{j}" for j in range(5 + 3 * i)] + ["unknown"])
        frame[f"c{i}"] = rng.choice(levels, rows)
    logit = (
        -2.6 + 0.8 * np.nan_to_num(numbers[:, 0]) - 0.5 * np.nan_to_num(numbers[:, 1])
        + 0.4 * np.nan_to_num(numbers[:, 2] * numbers[:, 3])
        + np.where(frame["c0"].to_numpy() == "c0_1", 1.0, 0.0)
    )  # fmt: skip
    frame["converted"] = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return frame


def main() -> None:
    args = size_and_runs(__doc__)
    data = WORK / f"model-{args.rows}.parquet"
    score_input = WORK / f"model-{args.rows}-unlabelled.parquet"
    frame = table(args.rows)
    frame.to_parquet(data, index=False)
    frame.drop(columns=["converted"]).to_parquet(score_input, index=False)
    model = WORK / "speed.model"
    out = WORK / "speed-scored.csv"
    train = [
        timed(["model", "train", "--table", str(data), "--target", "converted", "-o", str(model)])
        for _ in range(args.runs)
    ]
    predict = [
        timed(["model", "predict", str(model), "--table", str(score_input), "-o", str(out)])
        for _ in range(args.runs)
    ]
    print(
        f"train {args.rows:,} rows x 50 features: median "
        f"{statistics.median(t for t, _ in train):.1f} s over {args.runs} runs, peak "
        f"{max(m for _, m in train):,.0f} MB  (goal <= 120 s)"
    )
    print(
        f"predict {args.rows:,} rows (reasons for the 1,000 most likely): median "
        f"{statistics.median(t for t, _ in predict):.1f} s over {args.runs} runs, peak "
        f"{max(m for _, m in predict):,.0f} MB  (goal <= 20 s)"
    )


if __name__ == "__main__":
    main()
