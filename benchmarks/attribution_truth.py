"""Benchmark: every attribution model's credit per campaign against the demo's true effects.

The demo generator records each campaign's true causal effect on meetings
(truth/campaign_effects.csv: the meetings that would not have happened without the
campaign; demo/scenario/effects.py). On the small and the medium demo this prints, per
model of `leadsift attribution compare` (`compare_models(session, "campaign", "meeting")`),
the Spearman rank correlation of its credit with that truth and the mean absolute error in
meetings, then the credit of each campaign beside its true effect.

The demos are built here, once, in benchmarks/.work/truth-SIZE-SEED (their own folders: a
demo built before the generator recorded its effects has no truth to check against).

    .venv/bin/python -m benchmarks.attribution_truth [--sizes small medium] [--seed 7]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import LEADSIFT, WORK


def truth_workspace(size: str, seed: int) -> Path:
    target = WORK / f"truth-{size}-{seed}"
    if not (target / "leadsift.toml").exists():
        WORK.mkdir(exist_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [*LEADSIFT, "demo", str(target), "--size", size, "--seed", str(seed)],
            check=True,
            capture_output=True,
        )
        print(f"   (built {target} in {time.perf_counter() - started:.0f} s)")
    return target


def spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (ties share their mean rank)."""
    return float(np.corrcoef(a.rank(), b.rank())[0, 1])


def measure(size: str, seed: int) -> None:
    from leadsift.app.attribution import compare_models
    from leadsift.app.session import open_session
    from leadsift.workspace.workspace import find_workspace

    root = truth_workspace(size, seed)
    effects = pd.read_csv(root / "truth" / "campaign_effects.csv").set_index("campaign")
    truth = effects["caused_meetings"].astype(float)
    with open_session(find_workspace(root)) as session:
        found = compare_models(session, "campaign", "meeting")
    credit = pd.DataFrame(
        {m: [found.credits[m].get(c, 0.0) for c in truth.index] for m in found.models},
        index=truth.index,
    )
    print(f"== {size} demo, seed {seed} ({root}): {len(truth)} campaigns, {found.total:,.0f} "
          f"meetings credited, true effects sum to {truth.sum():,.2f}")  # fmt: skip
    print(f"   {'model':<18} {'Spearman':>9} {'MAE (meetings)':>15}")
    for model in found.models:
        rho = spearman(credit[model], truth)
        mae = float((credit[model] - truth).abs().mean())
        print(f"   {model:<18} {rho:>+9.3f} {mae:>15.2f}")
    table = credit.assign(truth=truth).round(1)
    print("   credit per campaign beside the truth:")
    print("\n".join("   " + line for line in table.to_string().splitlines()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["small", "medium"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.seed)


if __name__ == "__main__":
    main()
