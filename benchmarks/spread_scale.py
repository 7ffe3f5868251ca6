"""Benchmark: a 5M-node / 50M-arc graph planned with k = 100, eps = 0.5 (goal: within 120 s
and 12 GB), as a user would run it:

    leadsift spread plan scale-5m.txt --k 100 --eps 0.5 --objective reach -o seeds.csv

The graph is generated without Python loops (seeded: the same file every time) into
benchmarks/.work/ (git-ignored) as SNAP text: heavy-tailed out-degrees (Pareto 1.5) and
heavy-tailed in-degrees (Pareto 2), weighted cascade. The command runs as a child process,
timed by the wall clock, with its peak resident memory (getrusage of the children), first
with the graph cache cold (parsing the 0.8 GB text) and then warm. LEADSIFT_TIMING=1 shows
where the time goes.

    .venv/bin/python -m benchmarks.spread_scale [--nodes 5000000] [--arcs 50000000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

WORK = Path(__file__).parent / ".work"
LEADSIFT = str(Path(sys.executable).with_name("leadsift"))


def generate(nodes: int, arcs: int) -> Path:
    path = WORK / f"scale-{nodes // 1_000_000}m-{arcs // 1_000_000}m.txt"
    if path.exists():
        return path
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(5)
    tails = rng.pareto(1.5, nodes) + 1
    heads = rng.pareto(2.0, nodes) + 1
    # inverse-CDF sampling of both ends (searchsorted), in chunks to bound memory
    tail_cdf = np.cumsum(tails / tails.sum())
    head_cdf = np.cumsum(heads / heads.sum())
    WORK.mkdir(parents=True, exist_ok=True)
    staging = path.with_suffix(".part")
    options = pcsv.WriteOptions(include_header=False, delimiter="\t")
    with pa.OSFile(str(staging), "wb") as sink:
        sink.write(f"# synthetic: {nodes:,} nodes, {arcs:,} arcs drawn, seed 5\n".encode())
        writer = None
        for start in range(0, arcs, 10_000_000):
            size = min(10_000_000, arcs - start)
            src = np.minimum(np.searchsorted(tail_cdf, rng.random(size)), nodes - 1)
            dst = np.minimum(np.searchsorted(head_cdf, rng.random(size)), nodes - 1)
            table = pa.table({"s": src.astype(np.int32), "t": dst.astype(np.int32)})
            if writer is None:
                writer = pcsv.CSVWriter(sink, table.schema, write_options=options)
            writer.write_table(table)
        if writer is not None:
            writer.close()
    staging.rename(path)
    return path


def run(path: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the child, and its output."""
    command = [LEADSIFT, "spread", "plan", str(path), "--k", "100", "--eps", "0.5",
               "--objective", "reach", "-o", str(WORK / "seeds-scale.csv")]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)  # fmt: skip
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"failed:\n{err}")
    # each run is its own grandchild-free child: RUSAGE_CHILDREN's max is the largest so far
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, out + err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=5_000_000)
    parser.add_argument("--arcs", type=int, default=50_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    path = generate(args.nodes, args.arcs)
    print(f"graph: {path} ({path.stat().st_size / 1e9:.2f} GB; "
          f"ready in {time.perf_counter() - started:.0f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        env = dict(os.environ, LEADSIFT_TIMING="1", LEADSIFT_CACHE_DIR=folder)
        for label in ("graph cache cold", "graph cache warm"):
            seconds, peak, text = run(path, env)
            print(f"{label}: {seconds:.1f} s (goal <= 120 s), peak RSS so far "
                  f"{peak:,.0f} MB (goal <= 12,288 MB)")  # fmt: skip
            for line in text.splitlines():
                print("  " + line)


if __name__ == "__main__":
    main()
