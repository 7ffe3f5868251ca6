"""Benchmark: does "MQL or later" find the people who would truly take a sales meeting?

Runs `leadsift score` on the demo workspace and compares, per true person of the generator's
ground truth (DIR/truth/people.csv), leadsift's stage with `would_take_meeting`: precision
and recall of "MQL or later". leadsift persons are matched to true persons by email.

    .venv/bin/python -m benchmarks.qualification_quality [--size medium]
"""

from __future__ import annotations

import argparse

import pandas as pd
import sqlalchemy as sa

from benchmarks.common import demo_workspace, timed
from leadsift.domain.stages import QUALIFIED
from leadsift.identity.normalise import emails
from leadsift.workspace.workspace import find_workspace


def _truthy(series: pd.Series) -> pd.Series:
    return series.astype(str).str.lower().isin({"1", "true", "yes", "t"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    args = parser.parse_args()
    folder = demo_workspace(args.size)
    timed(["--workspace", str(folder), "score", "--json"])
    truth = pd.read_csv(folder / "truth" / "people.csv", dtype=str)
    truth["key"] = emails(truth["email"])
    truth = truth.dropna(subset=["key"]).drop_duplicates("key")
    workspace = find_workspace(folder)
    with workspace.opened() as engine, engine.connect() as connection:
        scored = pd.DataFrame(
            connection.execute(
                sa.text(
                    "SELECT i.value AS key, s.stage FROM person_scores s JOIN identities i"
                    " ON i.person_id = s.person_id WHERE i.kind = 'email'"
                )
            ).all(),
            columns=["key", "stage"],
        )
    joined = truth.merge(scored, on="key", how="left")
    predicted = joined["stage"].isin(QUALIFIED)
    actual = _truthy(joined["would_take_meeting"])
    tp = int((predicted & actual).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(actual.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"demo {args.size}: {len(joined):,} true people with an email, "
        f"{int(actual.sum()):,} would take a meeting, {int(predicted.sum()):,} at MQL or later"
    )
    print(f"  MQL-or-later  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    engaged = joined["stage"].isin(["engaged", *QUALIFIED, "nurture"])
    tp_engaged = int((predicted & actual & engaged).sum())
    recall_engaged = tp_engaged / max(int((actual & engaged).sum()), 1)
    print(
        f"  recall among those who engaged at all: {recall_engaged:.3f} "
        f"({int((actual & engaged).sum()):,} would-take-meeting people engaged)"
    )
    missed = joined.loc[actual & ~predicted, "stage"].fillna("(never seen)").value_counts()
    print(
        "  stages of the would-take-meeting people not at MQL+: "
        + ", ".join(f"{k} {v:,}" for k, v in missed.items())
    )
    real = _truthy(joined["is_real_person"])
    flagged_fake = joined["stage"].eq("disqualified") & ~real
    print(f"  not real people disqualified: {int(flagged_fake.sum()):,} of {int((~real).sum()):,}")


if __name__ == "__main__":
    main()
