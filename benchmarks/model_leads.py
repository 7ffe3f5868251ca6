"""Benchmark: the conversion model on public labelled leads, beside the published anchors.

- UCI Bank Marketing (bank-additional-full, 41,188 calls) without `duration` (known only
  after the call): goal AUC >= 0.80 in stratified 5-fold CV (logistic regression 0.791; the
  paper's best, with private features, 0.80); and the time split (first 80% by date, test on
  the last 20%; logistic regression 0.748). The file is in date order but has no date
  column, so one is rebuilt from `month` (the year turns when the month goes back).
- X Education (9,240 leads) with every leaking column dropped: goal AUC >= 0.90 (logistic
  regression 0.864).

Runs through `leadsift model evaluate --json`, as a user would. Skips cleanly without
../shared/data.

    .venv/bin/python -m benchmarks.model_leads
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pandas as pd

from benchmarks.common import LEADSIFT, WORK

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "leads"
X_EDUCATION_LEAKS = [
    "Tags", "Lead Quality", "Lead Profile", "Asymmetrique Activity Index",
    "Asymmetrique Profile Index", "Asymmetrique Activity Score", "Asymmetrique Profile Score",
    "Last Activity", "Last Notable Activity",
]  # fmt: skip
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def evaluate(*args: str) -> tuple[dict[str, dict[str, float] | None], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [*LEADSIFT, "model", "evaluate", *args, "--json"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout), time.perf_counter() - started


def _bank_with_dates(source: Path) -> Path:
    frame = pd.read_csv(source, sep=";", dtype=str)
    month = frame["month"].map(MONTHS.index)
    year = 2008 + (month.diff() < 0).cumsum()
    frame["date"] = pd.to_datetime({"year": year, "month": month + 1, "day": 1}).dt.date
    WORK.mkdir(exist_ok=True)
    target = WORK / "bank-additional-full-dated.csv"
    frame.to_csv(target, index=False)
    return target


def _line(name: str, figures: dict[str, float] | None, goal: str, anchor: str) -> None:
    if figures is None:
        print(f"  {name:<34} -")
        return
    print(
        f"  {name:<34} AUC {figures['auc']:.4f}  PR-AUC {figures['pr_auc']:.4f}  "
        f"log loss {figures['log_loss']:.4f}  lift@10% {figures['lift_top_decile']:.2f}  "
        f"calibration error {figures['calibration_error']:.4f}   {goal}; {anchor}"
    )


def main() -> None:
    bank = DATA / "bank-marketing" / "bank-additional-full.csv"
    leads = DATA / "x-education" / "Leads.csv"
    if not bank.exists() or not leads.exists():
        print(f"skipped: {DATA} not found")
        return
    dated = _bank_with_dates(bank)
    result, seconds = evaluate(
        "--table", str(dated), "--target", "y", "--drop", "duration", "--time", "date"
    )
    print(f"bank-additional-full without duration ({seconds:.0f} s):")
    _line("5-fold CV", result["cv"], "goal >= 0.80", "logistic regression 0.791, paper 0.80")
    _line("time split (last 20% by date)", result["time_split"], "no goal", "logistic 0.748")
    drops = [arg for column in X_EDUCATION_LEAKS for arg in ("--drop", column)]
    result, seconds = evaluate(
        "--table", str(leads), "--target", "Converted", "--id", "Prospect ID", *drops
    )
    print(f"X Education, leaking columns dropped ({seconds:.0f} s):")
    _line("5-fold CV", result["cv"], "goal >= 0.90", "logistic regression 0.864")


if __name__ == "__main__":
    main()
