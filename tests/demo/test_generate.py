"""The demo generator: deterministic, complete, consistent with its ground truth."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from leadsift.demo.scenario.generate import GeneratedScenario, generate
from leadsift.domain.vocabulary import CHANNELS, TOUCH_KINDS


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> GeneratedScenario:
    return generate(tmp_path_factory.mktemp("demo") / "a", size="small", seed=7)


def _touches(scenario: GeneratedScenario) -> pd.DataFrame:
    frames = []
    for path in scenario.files["touches"]:
        if path.suffix == ".csv":
            frames.append(
                pd.read_csv(path, dtype=str, keep_default_na=False).assign(file=path.name)
            )
        else:
            frames.append(
                pd.read_json(str(path), lines=True, dtype=False).astype(str).assign(file=path.name)
            )
    return pd.concat(frames, ignore_index=True).fillna("")


def test_same_seed_same_bytes_other_seed_other_data(
    small: GeneratedScenario, tmp_path: Path
) -> None:
    again = generate(tmp_path / "b", size="small", seed=7)
    other = generate(tmp_path / "c", size="small", seed=8)
    first = _digest(small.truth_dir.parent)
    assert _digest(again.truth_dir.parent) == first
    assert _digest(other.truth_dir.parent) != first


def test_size_and_vocabulary(small: GeneratedScenario) -> None:
    touches = _touches(small)
    assert 40_000 <= len(touches) <= 60_000
    assert set(touches["channel"]) <= CHANNELS
    assert set(touches["kind"]) <= TOUCH_KINDS
    people = pd.read_csv(small.truth_dir / "people.csv")
    assert 4_500 <= int((people["kind"] == "human").sum()) <= 5_500


def test_every_campaign_and_noise_is_there(small: GeneratedScenario) -> None:
    touches = _touches(small)
    kinds_by_channel = touches.groupby("channel")["kind"].agg(set)
    assert {"impression", "view"} <= kinds_by_channel["video"]
    assert {"like", "follow", "share"} <= kinds_by_channel["social"]
    assert {
        "sent",
        "delivered",
        "open",
        "click",
        "reply",
        "bounce",
        "unsubscribe",
    } <= kinds_by_channel["email"]
    assert {"register", "attend", "no_show"} <= kinds_by_channel["webinar"]
    assert {
        "call_attempt",
        "call_connected",
        "call_positive",
        "call_negative",
        "meeting_booked",
    } <= kinds_by_channel["phone"]
    assert {"impression", "click", "form_submit"} <= kinds_by_channel["ads"]
    assert {"form_submit", "download"} <= kinds_by_channel["content"]
    truth = pd.read_csv(small.truth_dir / "touches.csv", keep_default_na=False)
    assert set(truth["noise"]) == {
        "",
        "scanner_click",
        "proxy_open",
        "bot",
        "bought_follower",
        "spam_signup",
    }
    outcomes = pd.read_csv(small.files["outcomes"][0])
    assert set(outcomes["kind"]) == {"meeting", "opportunity", "won", "lost"}
    assert outcomes.loc[outcomes["kind"] != "meeting", "amount"].gt(0).all()
    spend = pd.read_csv(small.files["spend"][0])
    assert spend["campaign"].nunique() == 6


def test_scanner_clicks_are_fast_and_hit_every_link(small: GeneratedScenario) -> None:
    touches = _touches(small)
    truth = pd.read_csv(small.truth_dir / "touches.csv", keep_default_na=False)
    clicks = touches[touches["kind"] == "click"].merge(truth, on="touch_id")
    scanner = clicks[clicks["noise"] == "scanner_click"]
    human = clicks[(clicks["noise"] == "") & (clicks["channel"] == "email")]
    assert scanner["seconds_since_send"].astype(float).max() < 30
    assert human["seconds_since_send"].astype(float).min() > 60
    assert scanner["url"].str.endswith("/unsubscribe").any()


def test_ids_are_unique_and_the_keyless_file_has_no_twin_rows(small: GeneratedScenario) -> None:
    touches = _touches(small)
    with_id = touches[touches["file"] != "webinar-attendees.csv"]
    assert with_id["touch_id"].is_unique
    webinar = pd.read_csv(small.truth_dir.parent / "input" / "webinar-attendees.csv", dtype=str)
    assert "touch_id" not in webinar.columns
    assert not webinar.duplicated().any()


def test_truth_matches_the_inputs(small: GeneratedScenario) -> None:
    touches = _touches(small)
    truth = pd.read_csv(small.truth_dir / "touches.csv", keep_default_na=False)
    identified = touches[
        (touches["anonymous_id"] == "") & (touches["file"] != "webinar-attendees.csv")
    ]
    assert set(truth["touch_id"]) >= set(identified["touch_id"])
    assert set(truth["touch_id"]) - set(touches["touch_id"]) == {
        t for t in truth["touch_id"] if t.startswith("webinar-attendees.csv:")
    }
    people = pd.read_csv(small.truth_dir / "people.csv", keep_default_na=False)
    assert set(truth["person_key"]) <= set(people["person_key"])
    keen = people[people["would_take_meeting"]]
    assert keen["in_target_market"].all() and len(keen) > 20
