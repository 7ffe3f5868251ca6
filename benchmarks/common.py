"""Helpers shared by the benchmarks: child-process timing and a demo workspace to measure."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pandas as pd

WORK = Path(__file__).parent / ".work"
LEADSIFT = [sys.executable, "-m", "leadsift.cli.main"]


_PEAK = "sys.stderr.write(f'\\nPEAK_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
_CLI_PROBE = (
    "import resource, runpy, sys\n"
    "sys.argv = ['leadsift', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('leadsift.cli.main', run_name='__main__')\n"
    "except SystemExit as e:\n"
    "    code = e.code\n"
    "else:\n"
    "    code = 0\n"
    f"{_PEAK}"
    "sys.exit(code)\n"
)
# `leadsift import FILE...` (no kind: the layout is recognised) through the importer itself,
# for a CLI that does not take a file without a kind yet; argv: workspace, files...
_DETECT_PROBE = (
    "import resource, sys\n"
    "from pathlib import Path\n"
    "from leadsift.ingest.importer import ImportOptions, import_files\n"
    "from leadsift.workspace.workspace import find_workspace\n"
    "ws = find_workspace(Path(sys.argv[1]))\n"
    "options = ImportOptions(batch_rows=ws.settings.imports.batch_rows,\n"
    "                        default_currency=ws.settings.imports.default_currency)\n"
    "engine = ws.connect()\n"
    "results, errors = import_files(engine, None, [Path(p) for p in sys.argv[2:]], options)\n"
    "engine.dispose()\n"
    "for r in results:\n"
    "    print(r.file, r.kind, ','.join(r.maps) or 'native', r.rows_read, r.rows_new)\n"
    "for e in errors:\n"
    "    sys.stderr.write(e.render() + '\\n')\n"
    f"{_PEAK}"
    "sys.exit(1 if errors else 0)\n"
)


def _run(args: list[str], probe: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=False
    )
    return time.perf_counter() - started, done


def _peak_mb(done: subprocess.CompletedProcess[str]) -> float:
    return int(done.stderr.rsplit("PEAK_KB=", 1)[1].split()[0]) / 1024


def measure(args: list[str], probe: str = _CLI_PROBE) -> tuple[float, float, str]:
    """(seconds, peak MB, standard output) of one leadsift command in a child process."""
    seconds, done = _run(args, probe)
    if done.returncode != 0:
        raise SystemExit(f"leadsift {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, _peak_mb(done), done.stdout


def timed(args: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one leadsift command run in a child process.

    Each call runs in its own grandchild via /usr/bin/time-like accounting: we start a fresh
    Python that runs the command and reports its own peak RSS, so peaks of earlier commands
    do not leak into later figures."""
    seconds, peak, _ = measure(args)
    return seconds, peak


def timed_detected_import(workspace: Path, files: list[Path]) -> tuple[float, float, str, str]:
    """(seconds, peak MB, how, output) of `leadsift import FILE...` with no kind, each file's
    layout recognised. When this CLI does not take a file without a kind yet ("No such
    command"), the same import runs through the importer's own entry point
    (`import_files(kind=None)`), and `how` says so."""
    args = ["--workspace", str(workspace), "import", *map(str, files)]
    seconds, done = _run(args, _CLI_PROBE)
    if done.returncode == 0:
        return seconds, _peak_mb(done), "leadsift import FILE...", done.stdout
    if "No such command" not in done.stderr:
        raise SystemExit(f"leadsift {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    seconds, peak, output = measure([str(workspace), *map(str, files)], _DETECT_PROBE)
    how = "importer.import_files(kind=None): this CLI has no `leadsift import FILE` yet"
    return seconds, peak, how, output


def pairwise(known: pd.DataFrame, predicted: str = "person_id", truth: str = "truth") -> Pairwise:
    """Pairwise precision and recall of a clustering against the truth, from group sizes (no
    pair list is built)."""
    found = _pairs(known.groupby(predicted).size())
    actual = _pairs(known.groupby(truth).size())
    both = _pairs(known.groupby([predicted, truth]).size())
    return Pairwise(both, found, actual)


class Pairwise(NamedTuple):
    both: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.both / max(self.predicted, 1)

    @property
    def recall(self) -> float:
        return self.both / max(self.actual, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(p + r, 1e-12)

    def __str__(self) -> str:
        return (
            f"pairwise precision {self.precision:.4f}  recall {self.recall:.4f}  "
            f"F1 {self.f1:.4f}  ({self.both:,} of {self.actual:,} true pairs found, "
            f"{self.predicted:,} predicted)"
        )


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


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


def exported_contacts(workspace: Path, output: Path) -> pd.DataFrame:
    """`leadsift people export`'s observation rows, in the order they were stored."""
    subprocess.run(
        [*LEADSIFT, "--workspace", str(workspace), "people", "export", "-o", str(output)],
        check=True, capture_output=True,
    )  # fmt: skip
    records = pd.read_csv(output, dtype=str, keep_default_na=False)
    records = records[records["source"] == "contacts"]
    return records.assign(row=records["source_row"].astype(int)).sort_values("row")
