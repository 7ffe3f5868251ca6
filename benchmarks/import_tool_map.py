"""Benchmark: import 1M events from a real tool's export through its column map.

A Salesforce Marketing Cloud Tracking Extract Clicks file (the layout of
tests/fixtures/exports/sfmc-tracking-extract.csv, read by the built-in map
`sfmc-tracking-extract`: the shared extract columns plus the Clicks file's SendURLID, URLID,
URL and Alias; EventDate written like "6/3/2025 8:02:11 AM") is imported with
`leadsift import FILE`, no kind, so the layout is recognised; beside it, the same events in
leadsift's own touches columns with `leadsift import touches FILE`. Each run imports into a
fresh workspace in a child process whose peak RSS is measured; medians of the runs are
printed beside the goal.

Goal (issue 12): <= 60 s wall time and <= 1 GB peak memory through the map.

    .venv/bin/python -m benchmarks.import_tool_map [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import LEADSIFT, WORK, size_and_runs, timed, timed_detected_import

GOAL_SECONDS = 60.0
GOAL_MEMORY_MB = 1024.0
SFMC_COLUMNS = [
    "ClientID", "SendID", "SubscriberKey", "EmailAddress", "SubscriberID", "ListID",
    "EventDate", "EventType", "SendURLID", "URLID", "URL", "Alias", "BatchID",
    "TriggeredSendExternalKey",
]  # fmt: skip
LINKS = np.array(
    [
        "https://vendor.example/offer",
        "https://vendor.example/webinar/register",
        "https://vendor.example/case-studies/clinic-scheduling",
        "https://vendor.example/pricing",
        "https://vendor.example/contact",
    ]
)
ALIASES = np.array(["Offer", "Register", "Case study", "Pricing", "Contact us"])
SUBSCRIBERS = 50_000
SENDS = 12


def _sfmc_dates(stamps: np.ndarray) -> pd.Series:
    """Timestamps written as SFMC does: month/day/year, 12-hour clock, no zero padding."""
    days = stamps.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    month = months.astype(int) % 12 + 1
    day = (days - months).astype(int) + 1
    year = days.astype("datetime64[Y]").astype(int) + 1970
    seconds = (stamps - days).astype(int)
    hour24, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    hour = (hour24 + 11) % 12 + 1
    text = pd.Series(month).astype(str) + "/" + pd.Series(day).astype(str)
    text = text + "/" + pd.Series(year).astype(str) + " " + pd.Series(hour).astype(str)
    text = text + ":" + pd.Series(minute).astype(str).str.zfill(2)
    text = text + ":" + pd.Series(second).astype(str).str.zfill(2)
    return text + np.where(hour24 < 12, " AM", " PM")


def _events(rows: int, seed: int) -> dict[str, np.ndarray]:
    """Click events: who, which send, which link, when (second resolution, UTC)."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2025-06-02T00:00:00")
    return {
        "subscriber": rng.integers(0, SUBSCRIBERS, rows),
        "send": rng.integers(0, SENDS, rows),
        "link": rng.integers(0, len(LINKS), rows),
        "stamp": start + rng.integers(0, 120 * 86400, rows).astype("timedelta64[s]"),
    }


def _emails(subscriber: np.ndarray) -> pd.Series:
    return "subscriber" + pd.Series(subscriber).astype(str) + "@clinic.example"


def write_sfmc(path: Path, rows: int, seed: int = 3) -> None:
    """An SFMC Tracking Extract Clicks.csv with `rows` click events."""
    chunk = 250_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        for offset in range(0, rows, chunk):
            e = _events(min(chunk, rows - offset), seed + offset)
            email = _emails(e["subscriber"])
            frame = pd.DataFrame(
                {
                    "ClientID": 7012345,
                    "SendID": 48211 + e["send"],
                    "SubscriberKey": email,
                    "EmailAddress": email,
                    "SubscriberID": 90001 + e["subscriber"],
                    "ListID": 312,
                    "EventDate": _sfmc_dates(e["stamp"]),
                    "EventType": "Click",
                    "SendURLID": 5_500_000 + e["send"] * 10 + e["link"],
                    "URLID": 7_700_000 + e["link"],
                    "URL": LINKS[e["link"]],
                    "Alias": ALIASES[e["link"]],
                    "BatchID": 0,
                    "TriggeredSendExternalKey": "",
                },
                columns=SFMC_COLUMNS,
            )
            frame.to_csv(handle, index=False, header=offset == 0, lineterminator="\r\n")


def write_native(path: Path, rows: int, seed: int = 3) -> None:
    """The same events in leadsift's own touches columns (what the map turns the file into)."""
    chunk = 250_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        for offset in range(0, rows, chunk):
            e = _events(min(chunk, rows - offset), seed + offset)
            frame = pd.DataFrame(
                {
                    "campaign": (48211 + e["send"]).astype(str),
                    "channel": "email",
                    "kind": "click",
                    "occurred_at": np.char.add(np.datetime_as_string(e["stamp"], unit="s"), "Z"),
                    "email": _emails(e["subscriber"]),
                    "url": LINKS[e["link"]],
                }
            )
            frame.to_csv(handle, index=False, header=offset == 0)


def _fresh(workspace: Path) -> Path:
    shutil.rmtree(workspace, ignore_errors=True)
    subprocess.run([*LEADSIFT, "init", str(workspace)], check=True, capture_output=True)
    return workspace


def _touch_count(workspace: Path) -> int:
    done = subprocess.run(
        [*LEADSIFT, "--workspace", str(workspace), "status", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return -1
    return int(json.loads(done.stdout)["counts"]["touches"])


def _runs(
    label: str, runs: int, once: Callable[[Path], tuple[float, float]]
) -> tuple[float, float, int]:
    times, peaks, stored = [], [], -1
    for run in range(runs):
        workspace = _fresh(WORK / "workspace-map")
        seconds, peak = once(workspace)
        stored = _touch_count(workspace)
        times.append(seconds)
        peaks.append(peak)
        print(f"  {label} run {run + 1}: {seconds:.1f} s, peak {peak:,.0f} MB")
    shutil.rmtree(WORK / "workspace-map", ignore_errors=True)
    return statistics.median(times), statistics.median(peaks), stored


def main() -> None:
    args = size_and_runs(__doc__)
    sfmc = WORK / f"sfmc-clicks-{args.rows}.csv"
    native = WORK / f"sfmc-clicks-native-{args.rows}.csv"
    if not sfmc.exists():
        write_sfmc(sfmc, args.rows)
    if not native.exists():
        write_native(native, args.rows)
    how: list[str] = []

    def by_map(workspace: Path) -> tuple[float, float]:
        seconds, peak, used, _ = timed_detected_import(workspace, [sfmc])
        how.append(used)
        return seconds, peak

    def by_native(workspace: Path) -> tuple[float, float]:
        return timed(["--workspace", str(workspace), "import", "touches", str(native)])

    map_s, map_mb, map_rows = _runs("sfmc map", args.runs, by_map)
    nat_s, nat_mb, nat_rows = _runs("native ", args.runs, by_native)
    print(f"import {args.rows:,} SFMC click events (medians of {args.runs} runs):")
    print(
        f"  SFMC Clicks extract ({sfmc.stat().st_size / 1e6:.0f} MB), recognised, through the "
        f"map: {map_s:6.1f} s  peak {map_mb:6,.0f} MB  -> {map_rows:,} touches"
        f"   goal <= {GOAL_SECONDS:.0f} s, <= {GOAL_MEMORY_MB:,.0f} MB"
    )
    print(f"    ({how[-1]})")
    print(
        f"  native touches CSV ({native.stat().st_size / 1e6:.0f} MB), import touches:"
        f"          {nat_s:6.1f} s  peak {nat_mb:6,.0f} MB  -> {nat_rows:,} touches"
    )
    print(f"  the map costs {map_s / max(nat_s, 1e-9):.2f}x the native import's time")


if __name__ == "__main__":
    main()
