"""The workspace's conversion model: as-of snapshots never look ahead, training stores a card,
scoring adds probabilities and reasons, and too little history is refused."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.demo.run import run_demo
from leadsift.model.snapshots import DAY, Activity, features_as_of, training_snapshots
from leadsift.workspace.workspace import find_workspace
from tests.helpers import invoke, query


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("model-demo") / "ws"
    run_demo(folder, size="small", seed=3)
    return folder


def test_snapshot_features_use_only_the_past() -> None:
    """Adding touches on or after the snapshot day changes nothing; the label looks ahead."""
    daily = pd.DataFrame(
        {"person_id": [1, 1, 2, 2], "kind": ["click", "click", "open", "click"],
         "day": [100, 120, 110, 130], "n": [1, 2, 1, 5]}
    )  # fmt: skip
    static = pd.DataFrame(
        {"fit": [50.0, 80.0], "account_id": [np.nan, 1.0]}, index=pd.Index([1, 2])
    )
    activity = Activity(daily, pd.Series(dtype=float), pd.DataFrame(columns=["person_id", "day"]),
                        ("click", "open"))  # fmt: skip
    before = features_as_of(activity, static, 125)
    later = pd.concat(
        [daily, pd.DataFrame({"person_id": [1], "kind": ["click"], "day": [125], "n": [9]})]
    )
    after = features_as_of(replace(activity, daily=later), static, 125)
    pd.testing.assert_frame_equal(before, after)
    assert before.loc[1, "click_30d"] == 3 and before.loc[2, "click_30d"] == 0
    assert before.loc[1, "days_since_last"] == 5
    outcomes = pd.DataFrame({"person_id": [2], "day": [140]})
    converted = Activity(daily, outcomes.groupby("person_id")["day"].min(), outcomes,
                         ("click", "open"))  # fmt: skip
    longer = pd.concat(
        [daily, pd.DataFrame({"person_id": [3], "kind": ["open"], "day": [200], "n": [1]})]
    )
    converted = replace(converted, daily=longer)
    snaps = training_snapshots(converted, static, horizon_days=20, step_days=5)
    assert snaps is not None
    rows = pd.DataFrame({"day": snaps.day.astype("int64") // 10**9 // DAY, "y": snaps.target})
    # person 2 converts on day 140: positive in snapshots within 20 days before it
    assert set(rows.loc[rows["y"] == 1, "day"]) == {130, 135, 140}
    assert rows["y"].sum() == 3  # and never again once converted


def test_train_then_score_adds_probability_and_reasons(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    w = ["-w", str(demo_dir)]
    result = invoke(capsys, *w, "model", "train", "--json")
    assert result.exit_code == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["positives"] >= 30 and card["rows"] > card["positives"]
    assert {"click_30d", "fit", "days_since_last"} <= set(card["features"])
    assert (demo_dir / "conversion-model-card.md").read_text().startswith("# Conversion model")
    ws = find_workspace(demo_dir)
    assert query(ws, "SELECT count(*) FROM conversion_models") == [(1,)]
    assert invoke(capsys, *w, "score", "--full").exit_code == 0
    scored = query(ws, "SELECT probability FROM person_scores WHERE probability IS NOT NULL")
    assert len(scored) > 100 and all(0 <= p <= 1 for (p,) in scored)
    result = invoke(capsys, *w, "leads", "--sort", "probability", "--limit", "20", "--json")
    leads = json.loads(result.stdout)
    probabilities = [lead["probability"] for lead in leads]
    assert probabilities == sorted(probabilities, reverse=True)
    assert any("predicted" in reason and "odds" in reason for reason in leads[0]["reasons"])


def test_too_little_history_is_refused_and_the_rules_keep_working(
    capsys: pytest.CaptureFixture[str], demo_dir: Path
) -> None:
    w = ["-w", str(demo_dir)]
    result = invoke(capsys, *w, "model", "train", "--min-positives", "100000")
    assert result.exit_code == 1
    assert "too little history" in result.stderr and "rules keep working" in result.stderr
    result = invoke(capsys, *w, "model", "train", "--horizon", "365")
    assert result.exit_code == 1 and "too short" in result.stderr
