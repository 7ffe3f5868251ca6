"""The viral video's reposts are observed cascades on the demo's social graph: `leadsift
spread learn` recovers the true passability from them far better than weighted cascade
guesses it, and `spread plan` plans on what it learned."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.helpers import invoke


def test_learned_passability_beats_weighted_cascade_and_plans(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs, learned = demo_dir / "input", tmp_path / "learned.csv"
    done = invoke(
        capsys, "spread", "learn", str(inputs / "social-graph.csv"),
        "--cascades", str(inputs / "video-shares.csv"), "--method", "credit",
        "--tie-by", "target", "--nodes", str(inputs / "social-nodes.csv"), "-o", str(learned),
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    truth = pd.read_csv(demo_dir / "truth" / "passability.csv")
    both = pd.read_csv(learned).merge(truth, on=["source", "target"], suffixes=("", "_true"))
    assert len(both) == len(truth)
    wc = 1 / truth["target"].map(truth.groupby("target").size())
    learned_error = float(np.abs(both["p"] - both["p_true"]).mean())
    assert learned_error < 0.5 * float(np.abs(wc - truth["p"]).mean())
    planned = invoke(
        capsys, "spread", "plan", str(learned), "--p-model", "given",
        "--nodes", str(inputs / "social-nodes.csv"), "--k", "10", "--json",
    )  # fmt: skip
    assert planned.exit_code == 0, planned.stderr
    assert '"seeds"' in planned.stdout
