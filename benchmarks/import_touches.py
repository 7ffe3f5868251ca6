"""Benchmark: import 1M touches from CSV into a SQLite workspace.

Goal (issue 2): <= 60 s wall time and <= 1 GB peak memory. Each run imports into a fresh
workspace in a child process, so its peak RSS is the import's own. Prints the median of the
runs beside the goal.

    .venv/bin/python -m benchmarks.import_touches [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import LEADSIFT, WORK, size_and_runs, timed

GOAL_SECONDS = 60.0
GOAL_MEMORY_MB = 1024.0
KINDS = np.array(["sent", "delivered", "open", "click", "reply", "view", "like", "register"])
CHANNELS = np.array(["email", "email", "email", "email", "email", "video", "social", "webinar"])


def make_csv(path: Path, rows: int, seed: int = 1) -> None:
    """A touches file shaped like the demo's: 15 columns, ~150 bytes a row."""
    rng = np.random.default_rng(seed)
    chunk = 250_000
    start = np.datetime64("2026-03-01T00:00:00")
    with path.open("w", encoding="utf-8", newline="") as handle:
        for offset in range(0, rows, chunk):
            n = min(chunk, rows - offset)
            ids = np.arange(offset, offset + n)
            which = rng.integers(0, len(KINDS), n)
            person = rng.integers(0, 50_000, n)
            stamps = start + rng.integers(0, 180 * 86400, n).astype("timedelta64[s]")
            frame = pd.DataFrame(
                {
                    "touch_id": [f"t{i}" for i in ids],
                    "campaign": np.char.add("campaign-", (ids % 6).astype(str)),
                    "channel": CHANNELS[which],
                    "kind": KINDS[which],
                    "occurred_at": np.char.add(np.datetime_as_string(stamps, unit="s"), "Z"),
                    "email": np.char.add(
                        np.char.add("person", person.astype(str)), "@clinic.example"
                    ),
                    "phone": "",
                    "handle": "",
                    "platform": "",
                    "anonymous_id": "",
                    "ip": np.char.add("203.0.113.", (person % 250).astype(str)),
                    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                    "url": "https://vendor.example/offer",
                    "seconds_since_send": rng.integers(1, 90_000, n),
                    "value": "",
                }
            )
            frame.to_csv(handle, index=False, header=offset == 0)


def import_once(csv_path: Path, workspace: Path) -> tuple[float, float]:
    """(seconds, peak MB) of `leadsift import touches` into a fresh workspace, measured in a
    child process of its own so that each run's peak is its own."""
    shutil.rmtree(workspace, ignore_errors=True)
    subprocess.run([*LEADSIFT, "init", str(workspace)], check=True, capture_output=True)
    return timed(["--workspace", str(workspace), "import", "touches", str(csv_path)])


def main() -> None:
    args = size_and_runs(__doc__)
    csv_path = WORK / f"touches-{args.rows}.csv"
    if not csv_path.exists():
        make_csv(csv_path, args.rows)
    size_mb = csv_path.stat().st_size / 1e6
    times, peaks = [], []
    for run in range(args.runs):
        seconds, peak = import_once(csv_path, WORK / "workspace")
        times.append(seconds)
        peaks.append(peak)
        print(f"run {run + 1}: {seconds:.1f} s, peak {peak:.0f} MB")
    print(f"import {args.rows:,} touches from CSV ({size_mb:.0f} MB) into SQLite:")
    print(f"  wall time  median {statistics.median(times):.1f} s   goal <= {GOAL_SECONDS:.0f} s")
    print(f"  peak RSS   max    {max(peaks):.0f} MB   goal <= {GOAL_MEMORY_MB:.0f} MB")
    shutil.rmtree(WORK / "workspace", ignore_errors=True)


if __name__ == "__main__":
    main()
