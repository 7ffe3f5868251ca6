"""Benchmark: precision and recall of each authenticity detector on the demo's ground truth.

Runs `leadsift score` on the demo workspace, then compares every identified touch's flag with
the generator's truth (truth/touches.csv): scanner clicks, proxy opens, spam sign-ups, bot
and bought-follower activity (social classifier + burst detector), and all noise together.

    .venv/bin/python -m benchmarks.authenticity_detectors [--size medium]
"""

from __future__ import annotations

import argparse

import pandas as pd
import sqlalchemy as sa

from benchmarks.common import demo_workspace, timed
from leadsift.workspace.workspace import find_workspace

# our flag codes that count as finding each kind of truth noise
DETECTORS = {
    "scanner clicks": ({"scanner_click"}, {"scanner_click"}),
    "proxy opens": ({"proxy_open"}, {"proxy_open"}),
    "spam sign-ups": ({"spam_signup"}, {"spam_signup"}),
    "bots and bought followers": ({"bot", "burst"}, {"bot", "bought_follower"}),
    "burst (bought followers)": ({"burst"}, {"bought_follower"}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    args = parser.parse_args()
    folder = demo_workspace(args.size)
    timed(["--workspace", str(folder), "score", "--full", "--json"])
    truth = pd.read_csv(folder / "truth" / "touches.csv", dtype=str, keep_default_na=False)
    with find_workspace(folder).opened() as engine, engine.connect() as connection:
        ours = pd.DataFrame(
            connection.execute(
                sa.text("SELECT touch_id, noise FROM touches WHERE touch_id IS NOT NULL")
            ).all(),
            columns=["touch_id", "noise"],
        )
    ours["code"] = ours["noise"].fillna("").str.split(":").str[0]
    joined = truth.merge(ours, on="touch_id", how="inner", suffixes=("_x", "_ours"))
    print(
        f"demo {args.size}: {len(joined):,} identified touches with ids, "
        f"{int((joined['noise_x'] != '').sum()):,} of them noise in truth"
    )
    for name, (codes, truths) in DETECTORS.items():
        predicted = joined["code"].isin(codes)
        actual = joined["noise_x"].isin(truths)
        tp = int((predicted & actual).sum())
        precision = tp / max(int(predicted.sum()), 1)
        recall = tp / max(int(actual.sum()), 1)
        print(
            f"  {name:<28} precision {precision:.3f}  recall {recall:.3f}  "
            f"(flagged {int(predicted.sum()):,}, true {int(actual.sum()):,})"
        )
    predicted = joined["code"] != ""
    actual = joined["noise_x"] != ""
    tp = int((predicted & actual).sum())
    print(
        f"  {'any noise':<28} precision {tp / max(int(predicted.sum()), 1):.3f}  "
        f"recall {tp / max(int(actual.sum()), 1):.3f}"
    )


if __name__ == "__main__":
    main()
