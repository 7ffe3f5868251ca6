"""Benchmark: `leadsift score --full` and `leadsift report` on the demo workspace.

Goals (qualification issue): score --full on the medium demo (1M touches, 50k people) in
<= 30 s and <= 2 GB peak memory on 2 cores; report in <= 10 s. Prints the median of the runs.

    .venv/bin/python -m benchmarks.score_speed [--size medium] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics

from benchmarks.common import demo_workspace, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workspace = demo_workspace(args.size)
    w = ["--workspace", str(workspace)]
    score_runs = [timed([*w, "score", "--full", "--json"]) for _ in range(args.runs)]
    incremental = timed([*w, "score", "--json"])
    report_runs = [timed([*w, "report", "--json"]) for _ in range(args.runs)]
    html_runs = [
        timed([*w, "report", "--html", str(workspace / "report.html")]) for _ in range(args.runs)
    ]
    for name, runs, goal_s, goal_mb in (
        ("score --full", score_runs, 30.0, 2048.0),
        ("report --json", report_runs, 10.0, None),
        ("report --html", html_runs, 10.0, None),
    ):
        seconds = statistics.median(s for s, _ in runs)
        peak = max(m for _, m in runs)
        memory_goal = f"   goal <= {goal_mb:.0f} MB" if goal_mb else ""
        print(
            f"{name:<14} median {seconds:6.1f} s (goal <= {goal_s:.0f} s)   "
            f"peak {peak:6.0f} MB{memory_goal}   [{args.size}, {args.runs} runs]"
        )
    print(f"score (incremental, nothing new) {incremental[0]:.1f} s, peak {incremental[1]:.0f} MB")


if __name__ == "__main__":
    main()
