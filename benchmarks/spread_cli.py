"""Benchmark: `leadsift spread plan` as a user waits for it, the whole process, against the
C++ IMM's whole run (../shared/data/README.md: soc-epinions1 1.01 s; an 82k-node SNAP graph
3.11 s).

    leadsift spread plan soc-Epinions1.txt --k 50 --eps 0.1 --objective reach -o seeds.csv

timed as a child process (wall clock, median of --runs): with the graph cache cold (a fresh
LEADSIFT_CACHE_DIR each run) and warm, and once with numba's kernel cache empty (the first
run ever, compiling). LEADSIFT_TIMING=1 gives each phase's median beside the figures of the
version before (commit 127fa3c, measured the same way). The seeds' quality is checked by a
fixed 10,000-run `spread simulate` (goal: >= 99% of the C++ seeds' 12,055). The larger graph
is not in ../shared/data/graphs, so one of its size is generated deterministically into
benchmarks/.work/: 82,168 nodes, power-law out- and in-degrees, about 870,000 arcs after
self-loops and duplicates go, SNAP text, gzipped. Also `leadsift --help` and `leadsift
spread --help` start-up (goal < 0.5 s).

    .venv/bin/python -m benchmarks.spread_cli [--runs 5] [--skip-compile]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

WORK = Path(__file__).parent / ".work"
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "graphs"
EPINIONS = DATA / "soc-epinions1" / "soc-Epinions1.txt"
LEADSIFT = str(Path(sys.executable).with_name("leadsift"))
# the version before, the same command and machine: whole process 7.08-7.66 s warm
# (15 s the first run), of which start-up 0.22, numpy/pandas/numba imports 0.45, reading
# 0.50 and building 0.21, IMM 0.70 (numba's first call included), 10,000 runs 4.64 s
BEFORE = {
    "start-up: interpreter and CLI": 0.22,
    "import numpy, numba and the kernels": 0.45,
    "read (parse and build)": 0.71,
    "plan: IMM": 0.70,
    "measure: Monte-Carlo runs": 4.64,
    "whole process": 7.4,
}


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout, done.stderr


def _phases(stderr: str) -> dict[str, float]:
    found = {}
    for line in stderr.splitlines():
        if line.startswith("timing: ") and "total of these" not in line:
            name, seconds = line[len("timing: ") :].rsplit(None, 2)[0:2]
            found[name.strip()] = float(seconds)
    return found


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, LEADSIFT_TIMING="1")
    env.update(extra)
    return env


def plan_command(graph: Path, out: Path) -> list[str]:
    return [LEADSIFT, "spread", "plan", str(graph), "--k", "50", "--eps", "0.1",
            "--objective", "reach", "-o", str(out)]  # fmt: skip


def time_plan(graph: Path, runs: int, label: str, reference: float) -> Path:
    seeds = WORK / f"seeds-{graph.stem}.csv"
    command = plan_command(graph, seeds)
    cold = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            cold.append(_run(command, _env(LEADSIFT_CACHE_DIR=folder))[0])
    with tempfile.TemporaryDirectory() as folder:
        env = _env(LEADSIFT_CACHE_DIR=folder)
        _run(command, env)  # fills the graph cache
        warm, phases = [], defaultdict(list)
        for _ in range(runs):
            seconds, stdout, stderr = _run(command, env)
            warm.append(seconds)
            for name, value in _phases(stderr).items():
                phases[name].append(value)
    print(f"{label}: whole process, median of {runs}: graph cache warm "
          f"{statistics.median(warm):.2f} s, cold {statistics.median(cold):.2f} s "
          f"(C++ IMM {reference:.2f} s)")  # fmt: skip
    for name, values in phases.items():
        print(f"  {name:<40} {statistics.median(values):6.3f} s")
    print("  " + " ".join(stdout.split()))
    return seeds


def quality(graph: Path, seeds: Path) -> float:
    args = [LEADSIFT, "spread", "simulate", str(graph), "--seeds", str(seeds), "--runs",
            "10000", "--json"]  # fmt: skip
    _, stdout, _ = _run(args, _env())
    return float(json.loads(stdout)["total"]["mean"])


def first_run(graph: Path) -> None:
    """The first run ever: numba's kernel cache empty, so every kernel compiles."""
    with tempfile.TemporaryDirectory() as numba_cache, tempfile.TemporaryDirectory() as cache:
        env = _env(NUMBA_CACHE_DIR=numba_cache, LEADSIFT_CACHE_DIR=cache)
        seconds, _, _ = _run(plan_command(graph, WORK / "seeds-first.csv"), env)
    print(f"first run ever (numba compiles its kernels, graph cache cold): {seconds:.1f} s "
          "(before: about 15 s)")  # fmt: skip


def startup(runs: int) -> None:
    for args, before in (([LEADSIFT, "--help"], 0.24), ([LEADSIFT, "spread", "--help"], 0.33)):
        times = [_run(args, dict(os.environ))[0] for _ in range(runs)]
        print(f"{' '.join(['leadsift', *args[1:]])}: {statistics.median(times):.2f} s "
              f"(goal < 0.5 s; before {before:.2f} s)")  # fmt: skip


def larger_graph() -> Path:
    """82,168 nodes and about 870,000 arcs, power-law both ways, as SNAP text gzipped;
    the same file every time (seeded), written once."""
    path = WORK / "synthetic-82k.txt.gz"
    if path.exists():
        return path
    n, drawn = 82_168, 905_000
    rng = np.random.default_rng(82)
    out_weight = rng.pareto(1.2, n) + 1
    in_weight = rng.pareto(1.5, n) + 1
    src = rng.choice(n, drawn, p=out_weight / out_weight.sum())
    dst = rng.choice(n, drawn, p=in_weight / in_weight.sum())
    text = np.char.add(np.char.add(src.astype(str), "\t"), dst.astype(str))
    body = "\n".join(text.tolist())
    WORK.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(f"# synthetic, seed 82\n{body}\n".encode(), 6))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-compile", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    startup(args.runs)
    if not EPINIONS.exists():
        print(f"skipped: {EPINIONS} not found")
        return
    print(
        "before (commit 127fa3c), warm: " + ", ".join(f"{k} {v:.2f} s" for k, v in BEFORE.items())
    )
    seeds = time_plan(EPINIONS, args.runs, "soc-epinions1 k=50 eps=0.1", 1.01)
    spread = quality(EPINIONS, seeds)
    print(
        f"  the seeds' spread by 10,000 simulations: {spread:,.0f} "
        f"({spread / 12_055:.1%} of the C++ seeds' 12,055; goal >= 99%)"
    )
    big = larger_graph()
    seeds = time_plan(big, args.runs, "synthetic 82k nodes (gz) k=50 eps=0.1", 3.11)
    print(f"  the seeds' spread by 10,000 simulations: {quality(big, seeds):,.0f}")
    if not args.skip_compile:
        first_run(EPINIONS)


if __name__ == "__main__":
    main()
