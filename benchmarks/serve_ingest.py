"""Benchmark: tracking calls into a real `leadsift serve` over loopback.

1. Sustained ingestion from one client, batches of 100 track calls, for --seconds.
2. Latency of single track calls sent at 200 calls/s: p50 and p99.
3. Server memory (RSS) at the end.

Goals (issue 13): >= 2,000 events/s; p99 <= 50 ms; server memory <= 500 MB after 1M events
(run with --seconds 500 for a million at 2,000/s).

Each run starts from an empty workspace: on PostgreSQL the database in --database-url is
dropped and created again (so name a scratch database), since a store already holding
the rows of earlier runs is slower to write to and the runs could not be compared. With
--runs N the figures of each run are printed, then their medians.

    .venv/bin/python -m benchmarks.serve_ingest [--seconds 20] [--runs 1] [--database-url URL]
        [--while-scoring]
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import shutil
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

from benchmarks.common import LEADSIFT, WORK
from benchmarks.serve_startup import _port
from leadsift.workspace.workspace import find_workspace


def _call(i: int) -> dict[str, object]:
    return {
        "type": "track", "messageId": f"bench-{i}", "userId": f"u-{i % 5000}",
        "event": "Email Opened", "timestamp": "2026-11-30T09:15:00Z",
        "context": {"traits": {"email": f"p{i % 5000}@clinic.example"}},
        "properties": {"campaign": "winter"},
    }  # fmt: skip


def _own_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb(pid: int) -> float:
    """The resident memory of the server and of the processes it started (its writer;
    a background scoring run too, if one is running at that moment)."""
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) / 1024
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else []:
        with contextlib.suppress(FileNotFoundError):  # it ended meanwhile
            total += _rss_mb(int(child))
    return total


@dataclass(frozen=True)
class Run:
    rate: float  # events/s acknowledged
    stored: float  # events/s in the workspace: all of them, over the time until the last
    sent: int
    p50: float  # ms
    p99: float
    memory: float  # MB


def _empty_database(url: str) -> None:
    """Drop and create again the PostgreSQL database the URL names."""
    target = sa.engine.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            name = str(target.database).replace('"', '""')
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()


def _all_stored(ws: Path, calls: int, timeout: float = 300.0) -> float:
    """When the workspace holds all the calls: the server answers once a call is in its
    inbox, and its writer moves the calls into the workspace behind the answers."""
    engine = sa.create_engine(find_workspace(ws).database_url)
    deadline = time.perf_counter() + timeout
    try:
        while time.perf_counter() < deadline:
            with engine.connect() as connection:
                taken = connection.execute(sa.text("SELECT count(*) FROM api_messages"))
                if taken.scalar_one() >= calls:
                    return time.perf_counter()
            time.sleep(0.05)
    finally:
        engine.dispose()
    raise SystemExit(f"the workspace did not hold the {calls:,} calls {timeout:.0f} s later")


def _post(client: httpx.Client, path: str, body: object) -> None:
    answer = client.post(path, json=body)
    answer.raise_for_status()
    if answer.json().get("repeated"):  # nothing stored for it: the figures would flatter
        raise SystemExit(f"the server took calls of this run as repeated: {answer.text}")


def _scoring_loop(ws: Path, stop: threading.Event, runs: list[float]) -> None:
    """`leadsift score --full` over and over, as a team's nightly run would, until told."""
    while not stop.is_set():
        began = time.perf_counter()
        done = subprocess.run(
            [*LEADSIFT, "--workspace", str(ws), "score", "--full"], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise SystemExit(f"scoring failed beside the server: {done.stderr}")
        runs.append(time.perf_counter() - began)


def _seed(ws: Path, rows: int) -> None:
    """A workspace with history, so a scoring run has work to do: `rows` touches of 20,000
    people, imported from a file."""
    path = ws / "history.csv"
    with path.open("w") as out:
        out.write("email,channel,kind,occurred_at,campaign\n")
        for i in range(rows):
            out.write(
                f"p{i % 20_000}@firm{i % 1_500}.example,email,{('open', 'click')[i % 2]},"
                f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}T09:00:00Z,c{i % 12}\n"
            )
    subprocess.run([*LEADSIFT, "--workspace", str(ws), "import", "touches", str(path)], check=True,
                   capture_output=True)  # fmt: skip


def run_once(seconds: float, database_url: str | None, while_scoring: bool = False) -> Run:
    ws = WORK / "serve-ingest"
    shutil.rmtree(ws, ignore_errors=True)
    init = [*LEADSIFT, "init", str(ws)]
    if database_url:
        if database_url.startswith("postgresql"):
            _empty_database(database_url)
        init += ["--db", database_url]
    subprocess.run(init, check=True, capture_output=True)
    made = subprocess.run(
        [*LEADSIFT, "--workspace", str(ws), "keys", "create", "--scope", "ingest"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    key = made.stdout.strip().splitlines()[-1]
    if while_scoring:
        _seed(ws, 200_000)
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    port = _port()
    server = subprocess.Popen(
        [*LEADSIFT, "--workspace", str(ws), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, headers=auth, timeout=60) as client:
            while True:
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            stop = threading.Event()
            scores: list[float] = []
            scorer = threading.Thread(target=_scoring_loop, args=(ws, stop, scores))
            if while_scoring:
                scorer.start()
                time.sleep(2.0)  # the run under way: past its start-up, into its work
            sent, started = 0, time.perf_counter()
            while time.perf_counter() - started < seconds:
                _post(client, "/v1/batch", {"batch": [_call(sent + i) for i in range(100)]})
                sent += 100
            rate = sent / (time.perf_counter() - started)
            stored = sent / (_all_stored(ws, sent, timeout=1200.0) - started)
            latencies = []
            next_at = time.perf_counter()
            for i in range(1000):
                next_at += 1 / 200
                time.sleep(max(0.0, next_at - time.perf_counter()))
                began = time.perf_counter()
                _post(client, "/v1/track", _call(10_000_000 + i))
                latencies.append((time.perf_counter() - began) * 1000)
            stop.set()
            if while_scoring:
                scorer.join()
                print(
                    f"  scoring beside it: {len(scores)} full runs of "
                    f"{statistics.median(scores):.1f} s (median)"
                )
        memory = _rss_mb(server.pid)
        print(
            f"  memory: server alone {_own_rss_mb(server.pid):,.0f} MB, with its writer "
            f"{memory:,.0f} MB"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    return Run(rate, stored, sent + 1000, statistics.median(latencies), p99, memory)


def _report(label: str, run: Run) -> None:
    rate, stored, p50, p99, memory, sent = (
        run.rate, run.stored, run.p50, run.p99, run.memory, run.sent
    )  # fmt: skip
    print(
        f"{label}sustained ingestion, batches of 100: {rate:,.0f} events/s answered, "
        f"{stored:,.0f} events/s in the workspace   goal >= 2,000/s\n"
        f"{label}single track calls at 200/s: p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        "   goal p99 <= 50 ms\n"
        f"{label}server memory (with its writer) after {sent:,} events: {memory:,.0f} MB"
        "   goal <= 500 MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--while-scoring", action="store_true",
        help="seed 200,000 touches and run `leadsift score --full` over and over meanwhile",
    )  # fmt: skip
    parser.add_argument(
        "--database-url", default=None, help="default: SQLite; a PostgreSQL database is emptied"
    )
    args = parser.parse_args()
    runs = []
    for number in range(1, args.runs + 1):
        run = run_once(args.seconds, args.database_url, args.while_scoring)
        runs.append(run)
        label = f"run {number}: " if args.runs > 1 else ""
        _report(label, run)
    if len(runs) > 1:
        median = statistics.median
        middle = Run(
            median(r.rate for r in runs), median(r.stored for r in runs),
            int(median(r.sent for r in runs)), median(r.p50 for r in runs),
            median(r.p99 for r in runs), median(r.memory for r in runs),
        )  # fmt: skip
        _report(f"median of {len(runs)}: ", middle)


if __name__ == "__main__":
    main()
