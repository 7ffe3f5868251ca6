"""Benchmark: tracking calls into a real `leadsift serve` over loopback.

1. Sustained ingestion from one client, batches of 100 track calls, for --seconds.
2. Latency of single track calls sent at 200 calls/s: p50 and p99.
3. Server memory (RSS) at the end.

Goals (issue 13): >= 2,000 events/s; p99 <= 50 ms; server memory <= 500 MB after 1M events
(run with --seconds 500 for a million at 2,000/s).

    .venv/bin/python -m benchmarks.serve_ingest [--seconds 20] [--database-url URL]
"""

from __future__ import annotations

import argparse
import base64
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

import httpx

from benchmarks.common import LEADSIFT, WORK
from benchmarks.serve_startup import _port


def _call(i: int) -> dict[str, object]:
    return {
        "type": "track", "messageId": f"bench-{i}", "userId": f"u-{i % 5000}",
        "event": "Email Opened", "timestamp": "2026-11-30T09:15:00Z",
        "context": {"traits": {"email": f"p{i % 5000}@clinic.example"}},
        "properties": {"campaign": "winter"},
    }  # fmt: skip


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    ws = WORK / "serve-ingest"
    shutil.rmtree(ws, ignore_errors=True)
    init = [*LEADSIFT, "init", str(ws)]
    if args.database_url:
        init += ["--db", args.database_url]
    subprocess.run(init, check=True, capture_output=True)
    made = subprocess.run(
        [*LEADSIFT, "--workspace", str(ws), "keys", "create", "--scope", "ingest"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    key = made.stdout.strip().splitlines()[-1]
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
            sent, started = 0, time.perf_counter()
            while time.perf_counter() - started < args.seconds:
                batch = [_call(sent + i) for i in range(100)]
                client.post("/v1/batch", json={"batch": batch}).raise_for_status()
                sent += 100
            rate = sent / (time.perf_counter() - started)
            latencies = []
            next_at = time.perf_counter()
            for i in range(1000):
                next_at += 1 / 200
                time.sleep(max(0.0, next_at - time.perf_counter()))
                began = time.perf_counter()
                client.post("/v1/track", json=_call(10_000_000 + i)).raise_for_status()
                latencies.append((time.perf_counter() - began) * 1000)
        memory = _rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    latencies.sort()
    print(
        f"sustained ingestion, batches of 100: {rate:,.0f} events/s ({sent:,} events)"
        "   goal >= 2,000/s"
    )
    print(
        f"single track calls at 200/s: p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)]:.1f} ms   goal p99 <= 50 ms"
    )
    print(f"server memory after {sent + 1000:,} events: {memory:,.0f} MB   goal <= 500 MB")


if __name__ == "__main__":
    main()
