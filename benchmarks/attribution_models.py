"""Benchmark: the attribution models against published worked examples, and their speed.

Published figures, ours printed beside them:

- S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1)", analyzecore.com (2016):
  three paths over C1, C2, C3, Markov order 1. Its figures as the markovattribution package's
  tests reproduce them: P(conversion) 1/3, 1/6 without C1, removal effects 0.5, 1, 1,
  conversions 0.2, 0.4, 0.4 and value 200, 400, 400.
- S. Puzyrov, "Markov Chain Attribution - Simple Explanation Of Removal Effect" (2019): four
  paths over google ads and mailing; the transition probabilities it prints.
- pychattr's README (ChannelAttribution's method: removal effects by 10,000 simulated paths):
  three paths over A and B, printed A 1.991106 and B 1.008894 conversions; solved exactly, the
  chain gives 2 and 1.

If the ChannelAttribution package is importable (it builds from source: `pip install
ChannelAttribution`), its markov_model runs on the synthetic path table too, for its wall time
and the largest difference in credits. It is not a dependency of leadsift.

Speed: a synthetic path table generated here (never downloaded) of --paths distinct paths
(default 100,000) standing for --journeys journeys (default 1,000,000) over 10 channels, and
the same journeys one row each; Markov of order 1 to 3, Shapley and every rule model, wall
time the median of --runs runs (default 3). Peak memory is the process's.

With --cli-paths N (1000000 for the issue's figure), first `leadsift attribution journeys
FILE --model markov --order 1|2 --json` on N distinct paths (benchmarks.attribution_workspace's
table), as a process and part by part (CLI start, reading and checking the CSV, counting the
chain, solving, output), beside ChannelAttribution on the same file; --cli-only stops there.

    .venv/bin/python -m benchmarks.attribution_models [--runs 3] [--journeys N] [--paths N]
        [--cli-paths N [--cli-only]]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from leadsift.attribution import (
    MODELS,
    Attribution,
    JourneySet,
    ModelOptions,
    aggregate,
    attribute,
    estimate_chain,
    read_path_table,
    to_path_table,
)

T = TypeVar("T")
WORK = Path(__file__).parent / ".work"
CHANNELS = 10


def _median_time(call: Callable[[], T], runs: int) -> tuple[float, T]:
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    assert result is not None
    return statistics.median(times), result


def _row(example: str, figure: str, published: str, ours: float) -> None:
    print(f"  {example:<10} {figure:<34} {published:>12} {ours:>12.6f}")


def published_examples() -> None:
    print("Published worked examples (Markov, order 1): published figure beside ours")
    print(f"  {'example':<10} {'figure':<34} {'published':>12} {'ours':>12}")
    bryl = JourneySet.from_paths([["C1", "C2", "C3"], ["C1"], ["C2", "C3"]], [1, 0, 0],
                                 [1000, 0, 0], [0, 1, 1])  # fmt: skip
    result = attribute(bryl, "markov")
    effects = dict(zip(result.labels, result.details["per_label_removal_effect"], strict=True))
    _row("Bryl", "P(conversion)", "0.333333", result.details["conversion_probability"])
    _row("Bryl", "P(conversion) without C1", "0.166667",
         result.details["conversion_probability"] * (1 - effects["C1"]))  # fmt: skip
    for label, published, credit in (("C1", 0.5, 0.2), ("C2", 1, 0.4), ("C3", 1, 0.4)):
        _row("Bryl", f"removal effect {label}", f"{published:g}", effects[label])
        _row("Bryl", f"conversions {label}", f"{credit:g}", result.credit_of(label)[0])
        _row("Bryl", f"value {label}", f"{credit * 1000:g}", result.credit_of(label)[1])

    puzyrov = JourneySet.from_paths([["google ads"], ["mailing"], ["google ads", "mailing"],
                                     ["google ads"]], [2, 1, 1, 0], None, [0, 0, 0, 1])  # fmt: skip
    chain = estimate_chain(puzyrov)
    q, to_conversion, _ = chain.probabilities()
    names = [chain.state_name(s) for s in range(chain.states)]
    ads, mailing = names.index("google ads"), names.index("mailing")
    out = np.asarray(chain.counts.sum(axis=1)).reshape(-1) + chain.to_conversion + chain.to_null
    for figure, printed, ours in (
        ("start > google ads", "0.8", q[0, ads]),
        ("start > mailing", "0.2", q[0, mailing]),
        ("google ads > conv", "0.5", to_conversion[ads]),
        ("google ads > mailing", "0.25", q[ads, mailing]),
        ("google ads > null", "0.25", chain.to_null[ads] / out[ads]),
        ("mailing > conv", "1", to_conversion[mailing]),
    ):
        _row("Puzyrov", figure, printed, float(ours))
    credited = attribute(puzyrov, "markov")
    for label in ("google ads", "mailing"):
        _row("Puzyrov", f"conversions {label}", "-", credited.credit_of(label)[0])

    pychattr = JourneySet.from_paths([list("ABABBA"), list("ABBAA"), list("AA")], [1, 1, 1])
    exact = attribute(pychattr, "markov")
    _row("pychattr", "conversions A (10,000 simulations)", "1.991106", exact.credit_of("A")[0])
    _row("pychattr", "conversions B (10,000 simulations)", "1.008894", exact.credit_of("B")[0])


def synthetic(paths: int, journeys: int, seed: int = 15) -> JourneySet:
    """A path table of `paths` distinct paths standing for `journeys` journeys: channels of
    Zipf-like popularity, lengths 1 + geometric, a conversion chance that rises with the
    channels on the path (each with its own effect), values log-normal."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, CHANNELS + 1) ** 0.8
    popularity /= popularity.sum()
    effect = rng.normal(0.25, 0.35, CHANNELS)
    labels = tuple(f"channel_{i}" for i in range(CHANNELS))
    drawn = paths
    while True:  # short paths repeat: draw more until there are enough distinct ones
        drawn *= 2
        lengths = np.minimum(1 + rng.geometric(0.22, drawn), 16)
        codes = rng.choice(CHANNELS, size=int(lengths.sum()), p=popularity)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        ones = np.ones(drawn)
        distinct = aggregate(JourneySet(labels, codes, offsets, ones, ones, ones))
        if distinct.size >= paths:
            break
    keep_touches = int(distinct.offsets[paths])
    codes, offsets = distinct.codes[:keep_touches], distinct.offsets[: paths + 1]
    journey = np.repeat(np.arange(paths), np.diff(offsets))
    weight = np.exp(np.bincount(journey, np.log(popularity[codes]), paths) / 2)
    counts = 1 + rng.multinomial(journeys - paths, weight / weight.sum())
    present = np.zeros((paths, CHANNELS))
    present[journey, codes] = 1.0
    chance = 1.0 / (1.0 + np.exp(-(-3.0 + present @ effect)))
    conversions = rng.binomial(counts, chance).astype(np.float64)
    value = conversions * rng.lognormal(6.0, 0.8, paths)
    return JourneySet(labels, codes, offsets, conversions, value.round(2),
                      counts - conversions)  # fmt: skip


def one_row_per_journey(table: JourneySet) -> JourneySet:
    """The journeys a path table stands for, one row each (converters first within a path)."""
    per_path = (table.conversions + table.nulls).astype(np.int64)
    path = np.repeat(np.arange(table.size), per_path)
    rank = np.arange(len(path)) - np.repeat(np.cumsum(per_path) - per_path, per_path)
    converted = rank < table.conversions[path]
    lengths = table.lengths[path]
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    starts = np.repeat(table.offsets[:-1][path] - offsets[:-1], lengths)
    codes = table.codes[starts + np.arange(int(offsets[-1]))]
    each = np.divide(table.value, table.conversions, out=np.zeros(table.size),
                     where=table.conversions > 0)  # fmt: skip
    value = np.where(converted, each[path], 0.0)
    return JourneySet(table.labels, codes, offsets, converted.astype(np.float64), value,
                      (~converted).astype(np.float64))  # fmt: skip


def _runs_of(journeys: JourneySet, runs: int, what: str) -> dict[str, Attribution]:
    print(f"{what}: {journeys.size:,} rows, {len(journeys.codes):,} touches, "
          f"{journeys.total_conversions:,.0f} conversions")  # fmt: skip
    results: dict[str, Attribution] = {}
    for model in MODELS:
        for order in (1, 2, 3) if model == "markov" else (1,):
            options = ModelOptions(order=order)
            seconds, result = _median_time(partial(attribute, journeys, model, options), runs)
            name = f"markov order {order}" if model == "markov" else model
            extra = f", {result.details['states']:,} states" if model == "markov" else ""
            print(f"  {name:<16} {seconds:8.3f} s{extra}")
            results[name] = result
    return results


def channel_attribution(table: JourneySet, ours: dict[str, Attribution]) -> None:
    try:
        from ChannelAttribution import markov_model  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        print("ChannelAttribution is not installed (it builds from source): no comparison")
        return
    frame = to_path_table(table)
    for order in (1, 2):
        started = time.perf_counter()
        theirs = markov_model(frame, "path", "total_conversions", var_value=None,
                              var_null="total_null", order=order, verbose=0,
                              flg_pro=False)  # fmt: skip
        seconds = time.perf_counter() - started
        mine = ours[f"markov order {order}"]
        by_label: Any = dict(zip(theirs["channel_name"], theirs["total_conversions"],
                                 strict=True))  # fmt: skip
        worst = max(abs(mine.credit_of(k)[0] - v) for k, v in by_label.items())
        print(f"  ChannelAttribution order {order}: {seconds:.2f} s (simulated), largest "
              f"difference from ours {worst:,.2f} of {table.total_conversions:,.0f}")  # fmt: skip


# what `leadsift attribution journeys FILE --model markov --order N --json` does, part by
# part, in a fresh process (each part's first use of memory and imports included, as in the
# command); prints the seconds of each part as JSON
_PARTS = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
import leadsift.cli.main
cli = time.perf_counter()
from leadsift.attribution import estimate_chain, read_path_table, removal_effects
from leadsift.attribution.credits import from_label_credits
from leadsift.attribution.markov import _shared
imported = time.perf_counter()
file, order = Path(sys.argv[1]), int(sys.argv[2])
journeys = read_path_table(file)
read = time.perf_counter()
chain = estimate_chain(journeys, order)
counted = time.perf_counter()
effects = removal_effects(chain)
solved = time.perf_counter()
result = from_label_credits(
    "markov", journeys.labels, _shared(journeys.total_conversions, effects.conversions),
    _shared(journeys.total_value, effects.value), journeys.total_conversions,
    journeys.total_value, details={"order": order, "states": chain.states - 1,
    "conversion_probability": effects.conversion_probability,
    "per_label_removal_effect": effects.conversions,
    "per_label_removal_effect_value": effects.value})
text = json.dumps({"file": str(file), "paths": journeys.size, **result.as_dict()}, indent=2,
                  default=str)
done = time.perf_counter()
print(json.dumps({"cli import": cli - started, "package import": imported - cli,
                  "read+validate": read - imported, "chain": counted - read,
                  "solve": solved - counted, "output": done - solved}))
"""


def journeys_command(paths: int, runs: int) -> None:
    """`attribution journeys` on `paths` distinct paths (the path table of
    benchmarks.attribution_workspace), Markov order 1 and 2: the command's wall time as a
    process, each part's in a fresh process, and ChannelAttribution's markov_model on the
    same file (pandas' read_csv and its C++ simulation, pandas already imported)."""
    import json
    import subprocess
    import sys

    from benchmarks.attribution_workspace import distinct_paths

    file = distinct_paths(paths)
    print(f"`leadsift attribution journeys {file.name} --model markov --order N --json`, "
          f"medians of {runs}:")  # fmt: skip
    for order in (1, 2):
        command = [sys.executable, "-m", "leadsift.cli.main", "attribution", "journeys",
                   str(file), "--model", "markov", "--order", str(order), "--json"]  # fmt: skip
        walls, parts = [], []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            ours = {
                c["channel"]: float(c["conversions"]) for c in json.loads(done.stdout)["channels"]
            }
            started = time.perf_counter()
            timed = subprocess.run([sys.executable, "-c", _PARTS, str(file), str(order)],
                                   check=True, capture_output=True, text=True)  # fmt: skip
            wall = time.perf_counter() - started
            part = json.loads(timed.stdout)
            part["interpreter start and exit"] = wall - sum(part.values())
            parts.append(part)
        shown = ", ".join(f"{name} {statistics.median(p[name] for p in parts):.3f}"
                          for name in parts[0])  # fmt: skip
        print(f"  order {order}: the command {statistics.median(walls):.2f} s; by part (s): "
              f"{shown}")  # fmt: skip
        try:
            import pandas as pd
            from ChannelAttribution import markov_model  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            print("  ChannelAttribution is not installed (it builds from source)")
            continue
        theirs_times, theirs = [], {}
        for _ in range(runs):
            started = time.perf_counter()
            frame = pd.read_csv(file)
            result = markov_model(frame, "path", "total_conversions", var_null="total_null",
                                  order=order, verbose=0, flg_pro=False)  # fmt: skip
            theirs_times.append(time.perf_counter() - started)
            theirs = dict(zip(result["channel_name"], result["total_conversions"], strict=True))
        worst = max(abs(ours[k] - float(theirs.get(k, 0.0))) for k in ours)
        print(f"  order {order}: ChannelAttribution {statistics.median(theirs_times):.2f} s "
              f"(simulated); largest difference in credits {worst:,.1f} of "
              f"{sum(ours.values()):,.0f} conversions")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--paths", type=int, default=100_000)
    parser.add_argument(
        "--cli-paths", type=int, default=0, help="also time the command on N paths, by part"
    )
    parser.add_argument("--cli-only", action="store_true", help="only that")
    args = parser.parse_args()
    if args.cli_paths:
        journeys_command(args.cli_paths, args.runs)
        if args.cli_only:
            return
        print()

    published_examples()
    print()
    started = time.perf_counter()
    table = synthetic(args.paths, args.journeys)
    print(f"synthetic data generated in {time.perf_counter() - started:.1f} s")
    WORK.mkdir(exist_ok=True)
    csv = WORK / "attribution_paths.csv"
    to_path_table(table).to_csv(csv, index=False)
    seconds, read = _median_time(lambda: read_path_table(csv), args.runs)
    print(f"reading the path table ({csv.stat().st_size / 1e6:.1f} MB CSV): {seconds:.2f} s")
    assert read.size == table.size
    ours = _runs_of(table, args.runs, "path table")
    channel_attribution(table, ours)
    _runs_of(one_row_per_journey(table), args.runs, "one row per journey")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
