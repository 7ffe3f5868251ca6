"""Benchmark: on the demo scenario, does the conversion model rank the people who would
truly take a sales meeting (the generator's ground truth) better than the rules do?

Trains the workspace model (`leadsift model train`), rescored (`leadsift score --full`), then
compares, over the people the model scores (active in the last 90 days), the AUC of the
predicted probability against `would_take_meeting` with that of the rules' priority (stage,
intent, fit) and of intent alone. People are matched to true persons by email.

    .venv/bin/python -m benchmarks.model_demo [--size medium]
"""

from __future__ import annotations

import argparse
import shutil

import pandas as pd
import sqlalchemy as sa
from sklearn.metrics import roc_auc_score

from benchmarks.common import WORK, demo_workspace, timed
from leadsift.identity.normalise import emails
from leadsift.workspace.workspace import find_workspace

MET = ("meeting", "opportunity", "customer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    args = parser.parse_args()
    # a copy: the shared demo workspace stays without a model (score_speed measures it), and
    # every run starts from the same stage history
    folder = WORK / f"model-demo-{args.size}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(demo_workspace(args.size), folder)
    seconds, peak = timed(["--workspace", str(folder), "model", "train", "--json"])
    print(f"model train: {seconds:.1f} s, peak {peak:,.0f} MB")
    seconds, _ = timed(["--workspace", str(folder), "score", "--full", "--json"])
    print(f"score --full with the model: {seconds:.1f} s")
    truth = pd.read_csv(folder / "truth" / "people.csv", dtype=str)
    truth["key"] = emails(truth["email"])
    truth = truth.dropna(subset=["key"]).drop_duplicates("key")
    with find_workspace(folder).opened() as engine, engine.connect() as connection:
        scored = pd.DataFrame(
            connection.execute(
                sa.text(
                    "SELECT i.value AS key, s.probability, s.priority, s.intent, s.stage"
                    " FROM person_scores s JOIN identities i ON i.person_id = s.person_id"
                    " WHERE i.kind = 'email' AND s.probability IS NOT NULL"
                )
            ).all(),
            columns=["key", "probability", "priority", "intent", "stage"],
        )
    joined = scored.merge(truth, on="key", how="inner").drop_duplicates("key")
    # people who already met sales are known converters: the rules rank them first by their
    # stage, which says nothing about predicting; the open question is everyone else
    groups = {
        "everyone scored": joined,
        "not yet met sales": joined[~joined["stage"].isin(MET)],
    }
    for label, group in groups.items():
        actual = group["would_take_meeting"].str.lower().eq("true").astype(int)
        print(f"{label}: {len(group):,} people, {int(actual.sum()):,} would take a meeting")
        for name in ("probability", "priority", "intent"):
            auc = roc_auc_score(actual, group[name].astype(float))
            print(f"  AUC of {name:<12} against would_take_meeting: {auc:.4f}")


if __name__ == "__main__":
    main()
