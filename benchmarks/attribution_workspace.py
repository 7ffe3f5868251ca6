"""Benchmark: attribution as a user runs it, beside the packages a team would compare it with.

1. The mta package's 10,000 journeys (it ships them: mta/data/data.csv.gz): our exact Markov
   removal-effect credits (order 1), ChannelAttribution's markov_model (simulated) and mta's
   own Markov, per channel.
2. `leadsift attribution journeys FILE --model markov --order 1|2 --json` on a path table of
   --paths distinct paths (default 1,000,000; generated here, never downloaded), timed as a
   whole process, beside ChannelAttribution's markov_model on the same file (read with pandas).
3. The medium demo (50k people, ~1M touches): every model for every outcome kind, as
   `leadsift attribution compare` computes them, wall time (goal: 20 s) and peak memory.
4. Where the demo records each campaign's true causal effect on meetings
   (truth/campaign_effects.csv: campaign, caused_meetings), the Spearman rank correlation of
   each model's credit with it.

ChannelAttribution and mta are benchmark dependencies only (`pip install ChannelAttribution mta
matplotlib`; ChannelAttribution builds from source); a part whose package is missing says so.

    .venv/bin/python -m benchmarks.attribution_workspace [--paths N] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.common import LEADSIFT, WORK, demo_workspace

GOAL_SECONDS = 20.0


def _have(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _ours(table: Path, order: int) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    done = subprocess.run(
        [*LEADSIFT, "attribution", "journeys", str(table), "--model", "markov", "--order",
         str(order), "--json"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    found = json.loads(done.stdout)
    return seconds, {c["channel"]: float(c["conversions"]) for c in found["channels"]}


def _theirs(table: Path, order: int) -> tuple[float, dict[str, float]]:
    from ChannelAttribution import markov_model  # type: ignore[import-untyped,import-not-found,unused-ignore]

    started = time.perf_counter()
    frame = pd.read_csv(table)
    result = markov_model(
        frame,
        "path",
        "total_conversions",
        var_null="total_null",
        order=order,
        verbose=0,
        flg_pro=False,
    )
    seconds = time.perf_counter() - started
    return seconds, dict(
        zip(result["channel_name"], result["total_conversions"].astype(float), strict=True)
    )


def mta_journeys() -> None:
    print("== mta's 10,000 journeys, Markov order 1: conversions credited per channel")
    if not _have("mta"):
        print("   mta is not installed (pip install mta): skipped")
        return
    spec = importlib.util.find_spec("mta")
    assert spec is not None and spec.origin is not None
    data = Path(spec.origin).parent / "data" / "data.csv.gz"
    _, ours = _ours(data, 1)
    columns = {"leadsift (exact)": ours}
    if _have("ChannelAttribution"):
        columns["ChannelAttribution"] = _theirs(data, 1)[1]
    try:
        from mta import MTA  # type: ignore[import-not-found,unused-ignore]

        model = MTA(data=pd.read_csv(data), allow_loops=False, add_timepoints=False)
        shares = model.markov(sim=False, normalize=True).attribution["markov"]
        total = sum(ours.values())  # mta gives shares: as conversions, to compare
        columns["mta"] = {str(k): float(v) * total for k, v in shares.items()}
    except Exception as failed:  # another version's API: say so, keep the others
        print(f"   mta's markov did not run here: {type(failed).__name__}: {failed}")
    print(f"   {'channel':<10}" + "".join(f"{name:>22}" for name in columns))
    for channel in sorted(ours):
        print(f"   {channel:<10}" + "".join(f"{c.get(channel, float('nan')):>22,.2f}"
                                            for c in columns.values()))  # fmt: skip
    if "ChannelAttribution" in columns:
        worst = max(abs(ours[k] - columns["ChannelAttribution"].get(k, 0.0)) for k in ours)
        print(f"   largest difference from ChannelAttribution: {worst:,.2f} of "
              f"{sum(ours.values()):,.0f} conversions (its figures are simulated)")  # fmt: skip


def distinct_paths(count: int, seed: int = 3) -> Path:
    """A path table of `count` distinct paths over 12 channels (lengths 1 to 12)."""
    target = WORK / f"paths-{count}.csv"
    if target.exists():
        return target
    rng = np.random.default_rng(seed)
    channels = np.array([f"c{i:02d}" for i in range(12)])
    seen: set[str] = set()
    rows: list[tuple[str, int, float, int]] = []
    while len(rows) < count:
        length = int(rng.integers(1, 13))
        path = " > ".join(channels[rng.integers(0, 12, length)])
        if path in seen:
            continue
        seen.add(path)
        conversions = int(rng.poisson(0.3 + 0.1 * length))
        rows.append((path, conversions, conversions * 100.0, int(rng.poisson(3)) + 1))
    WORK.mkdir(exist_ok=True)
    pd.DataFrame(
        rows, columns=["path", "total_conversions", "total_conversion_value", "total_null"]
    ).to_csv(target, index=False)
    return target


def million_paths(count: int, runs: int) -> None:
    print(f"== `leadsift attribution journeys` on {count:,} distinct paths, as a process")
    table = distinct_paths(count)
    for order in (1, 2):
        timed = [_ours(table, order) for _ in range(runs)]
        seconds = statistics.median(t for t, _ in timed)
        ours = timed[0][1]
        line = f"   Markov order {order}: leadsift {seconds:.2f} s (median of {runs})"
        if _have("ChannelAttribution"):
            theirs_seconds, theirs = _theirs(table, order)
            worst = max(abs(ours[k] - theirs.get(k, 0.0)) for k in ours)
            line += (f"; ChannelAttribution {theirs_seconds:.2f} s, largest difference "
                     f"{worst:,.1f} of {sum(ours.values()):,.0f}")  # fmt: skip
        print(line)


def _spearman(a: list[float], b: list[float]) -> float:
    ranks_a, ranks_b = pd.Series(a).rank(), pd.Series(b).rank()
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def demo(size: str) -> None:
    from leadsift.app.attribution import OUTCOMES, compare_models
    from leadsift.app.session import open_session
    from leadsift.workspace.workspace import find_workspace

    root = demo_workspace(size)
    print(f"== every model for every outcome on the {size} demo ({root})")
    started = time.perf_counter()
    found: dict[str, Any] = {}
    with open_session(find_workspace(root)) as session:
        for outcome in OUTCOMES:
            found[outcome] = compare_models(session, "campaign", outcome)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "met" if seconds <= GOAL_SECONDS else "NOT met"
    print(f"   {len(found)} outcomes x {len(found['meeting'].models)} models: {seconds:.1f} s "
          f"(goal {GOAL_SECONDS:.0f} s: {verdict}), peak memory {peak:,.0f} MB")  # fmt: skip
    truth = root / "truth" / "campaign_effects.csv"
    if not truth.exists():
        print("   this demo records no true campaign effects (truth/campaign_effects.csv)")
        return
    effects = pd.read_csv(truth).set_index("campaign")["caused_meetings"]
    meetings = found["meeting"]
    campaigns = [c for c in effects.index if c in meetings.groups]
    print(
        f"   rank correlation with the true meetings each campaign caused ({len(campaigns)} "
        "campaigns):"
    )
    for model in meetings.models:
        credit = [meetings.credits[model].get(c, 0.0) for c in campaigns]
        print(f"     {model:<16} {_spearman(credit, [float(effects[c]) for c in campaigns]):+.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="medium")
    args = parser.parse_args()
    mta_journeys()
    million_paths(args.paths, args.runs)
    demo(args.size)


if __name__ == "__main__":
    main()
