"""Benchmark: wall time of `leadsift demo` (generate, import through the importers, report).

    .venv/bin/python -m benchmarks.demo_wall_time [--size medium] [--runs 3]

Prints each run and the median. Each run is a fresh workspace in a child process.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).parent / ".work"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    target = WORK / f"demo-{args.size}"
    times = []
    for run in range(args.runs):
        shutil.rmtree(target, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "leadsift.cli.main",
                "demo",
                str(target),
                "--size",
                args.size,
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
        print(f"run {run + 1}: {times[-1]:.1f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"leadsift demo --size {args.size}: median {statistics.median(times):.1f} s "
        f"over {args.runs} run(s), peak RSS {peak_mb:.0f} MB"
    )
    shutil.rmtree(target, ignore_errors=True)


if __name__ == "__main__":
    main()
