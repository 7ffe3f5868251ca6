"""Benchmark: `leadsift bots score` on 1M profiles. Goal: <= 30 s and <= 2 GB peak memory.

.venv/bin/python -m benchmarks.bots_score_speed [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import statistics

import numpy as np
import pandas as pd

from benchmarks.common import WORK, size_and_runs, timed


def make_profiles(path: str, rows: int, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "platform": "twitter",
            "handle": np.char.add("user", np.arange(rows).astype(str)),
            "name": np.char.add("Name ", rng.integers(0, 10**6, rows).astype(str)),
            "followers": rng.lognormal(4, 2, rows).astype(int),
            "following": rng.lognormal(5, 1.5, rows).astype(int),
            "posts": rng.lognormal(5, 2, rows).astype(int),
            "likes": rng.lognormal(5, 2, rows).astype(int),
            "listed": rng.poisson(1, rows),
            "created_at": np.datetime_as_string(
                np.datetime64("2010-01-01") + rng.integers(0, 5000, rows).astype("timedelta64[D]")
            ),
            "bio": np.where(rng.random(rows) < 0.6, "Practice manager at a family clinic", ""),
            "has_default_image": rng.random(rows) < 0.2,
            "observed_at": "2026-06-30T00:00:00Z",
        }
    )
    frame.to_csv(path, index=False)


def main() -> None:
    args = size_and_runs(__doc__)
    source = WORK / f"profiles-{args.rows}.csv"
    if not source.exists():
        make_profiles(str(source), args.rows)
    runs = [
        timed(["bots", "score", str(source), "-o", str(WORK / "scored.csv")])
        for _ in range(args.runs)
    ]
    print(
        f"bots score {args.rows:,} profiles: median {statistics.median(s for s, _ in runs):.1f} s "
        f"(goal <= 30 s), peak {max(m for _, m in runs):.0f} MB (goal <= 2048 MB)"
    )


if __name__ == "__main__":
    main()
