"""Benchmark: the bot classifier on Cresci et al. 2015, beside the paper's figures.

Goals (authenticity issue): 10-fold CV AUC >= 0.995 and MCC >= 0.97; leave-one-group-out
AUC >= 0.97. Skips when ../shared/data/bots/cresci-2015 is absent.

    .venv/bin/python -m benchmarks.bots_cresci
"""

from __future__ import annotations

import sys
from pathlib import Path

from leadsift.authenticity.bot_evaluation import cross_validate, leave_one_seller_out
from leadsift.authenticity.training_data import load_labelled

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bots" / "cresci-2015"


def main() -> None:
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        sys.exit(0)
    data = load_labelled([DATA])
    cv = cross_validate(data)
    logo = leave_one_seller_out(data)
    print(
        f"10-fold CV: AUC {cv.auc:.4f} (goal >= 0.995, paper RF 0.995)   "
        f"MCC {cv.mcc:.4f} (goal >= 0.97, paper RF 0.967)   F1 {cv.f1:.4f}"
    )
    for seller, s in logo.items():
        print(
            f"leave out {seller}: AUC {s.auc:.4f} (goal >= 0.97)   MCC {s.mcc:.4f}   "
            f"recall {s.recall:.4f}"
        )


if __name__ == "__main__":
    main()
