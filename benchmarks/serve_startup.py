"""Benchmark: `leadsift serve` start-up (process start to the first 200 from /healthz) and
CLI start-up (`leadsift --help`), medians of several runs.

Goal (issue 13): serve starts in under 2 s.

    .venv/bin/python -m benchmarks.serve_startup [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import time

import httpx

from benchmarks.common import LEADSIFT, WORK

GOAL_SECONDS = 2.0


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_once(workspace: str) -> float:
    port = _port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [*LEADSIFT, "--workspace", workspace, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def help_once() -> float:
    started = time.perf_counter()
    subprocess.run([*LEADSIFT, "--help"], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    workspace = WORK / "serve-startup"
    shutil.rmtree(workspace, ignore_errors=True)
    subprocess.run([*LEADSIFT, "init", str(workspace)], check=True, capture_output=True)
    serve = statistics.median(serve_once(str(workspace)) for _ in range(runs))
    cli = statistics.median(help_once() for _ in range(runs))
    print(
        f"leadsift serve, start to first /healthz 200: {serve:.2f} s "
        f"(median of {runs})   goal < {GOAL_SECONDS:.0f} s"
    )
    print(f"leadsift --help: {cli:.2f} s (median of {runs})")


if __name__ == "__main__":
    main()
