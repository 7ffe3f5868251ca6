"""Where a spread command's time goes: with LEADSIFT_TIMING=1 in the environment, each
phase's wall time is printed on stderr when the command ends (benchmarks/spread_cli.py reads
them). Off, recording costs nothing worth counting."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

_phases: list[tuple[str, float]] = []


def enabled() -> bool:
    return os.environ.get("LEADSIFT_TIMING", "").strip() not in ("", "0")


def record(name: str, seconds: float) -> None:
    if enabled():
        _phases.append((name, seconds))


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        record(name, time.perf_counter() - started)


def process_age() -> float | None:
    """Seconds since this process started (Linux; None elsewhere): the interpreter's and
    the CLI's start-up, when asked as a command begins."""
    try:
        with open("/proc/self/stat") as stat:
            # the command name (field 2) may hold spaces; fields after it are plain
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            up = float(uptime.read().split()[0])
        return max(up - start_ticks / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return None


def report() -> None:
    """Print the phases recorded, then forget them."""
    if not enabled() or not _phases:
        return
    width = max(len(name) for name, _ in _phases)
    for name, seconds in _phases:
        print(f"timing: {name:<{width}}  {seconds:7.3f} s", file=sys.stderr)
    print(f"timing: {'total of these':<{width}}  {sum(s for _, s in _phases):7.3f} s",
          file=sys.stderr)  # fmt: skip
    _phases.clear()
