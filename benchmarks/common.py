"""Helpers shared by the benchmarks: child-process timing and a demo workspace to measure."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).parent / ".work"
LEADSIFT = [sys.executable, "-m", "leadsift.cli.main"]


def timed(args: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one leadsift command run in a child process.

    Each call runs in its own grandchild via /usr/bin/time-like accounting: we start a fresh
    Python that runs the command and reports its own peak RSS, so peaks of earlier commands
    do not leak into later figures."""
    probe = (
        "import resource, runpy, sys\n"
        "sys.argv = ['leadsift', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('leadsift.cli.main', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "else:\n"
        "    code = 0\n"
        "sys.stderr.write(f'\\nPEAK_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"leadsift {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak_kb = int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0])
    return seconds, peak_kb / 1024


def demo_workspace(size: str, seed: int = 7) -> Path:
    """A demo workspace of this size, generated once and reused by later runs."""
    target = WORK / f"demo-{size}-{seed}"
    if not (target / "leadsift.toml").exists():
        WORK.mkdir(exist_ok=True)
        subprocess.run(
            [*LEADSIFT, "demo", str(target), "--size", size, "--seed", str(seed)],
            check=True,
            capture_output=True,
        )
    return target


def size_and_runs(description: str | None) -> argparse.Namespace:
    """--rows and --runs, the arguments of every speed benchmark; makes the work folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    return args
