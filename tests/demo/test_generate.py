"""The demo generator: deterministic, complete, consistent with its ground truth."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.demo.scenario import exports
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


_SENDGRID_KIND = {"processed": "sent"}


def _sendgrid(path: Path) -> pd.DataFrame:
    """The SendGrid body read back as touches (`processed` is the send)."""
    events = pd.DataFrame(json.loads(path.read_text()))
    sent = events[events["event"] == "processed"].set_index("sg_message_id")["timestamp"]
    return pd.DataFrame(
        {
            "touch_id": events["sg_event_id"],
            "campaign": events["singlesend_name"],
            "channel": "email",
            "kind": events["event"].replace(_SENDGRID_KIND),
            "email": events["email"],
            "ip": events["ip"].fillna(""),
            "user_agent": events["useragent"].fillna(""),
            "url": events["url"].fillna(""),
            "seconds_since_send": (events["timestamp"] - events["sg_message_id"].map(sent)),
            "anonymous_id": "",
        }
    ).astype(str)


def _zoom(path: Path) -> pd.DataFrame:
    """The Zoom report's attendee rows, with their line (the header is line 12)."""
    rows = pd.read_csv(path, skiprows=11, dtype=str, keep_default_na=False)
    return rows.assign(line=np.arange(len(rows)) + 13)


def _zoom_touches(path: Path) -> pd.DataFrame:
    rows = _zoom(path)
    name = path.name + ":" + rows["line"].astype(str)
    first = ~rows["Email"].duplicated()
    register = pd.DataFrame({"touch_id": name[first] + ":register", "kind": "register"})
    final = pd.DataFrame(
        {
            "touch_id": name + np.where(rows["Attended"] == "Yes", ":attend", ":no_show"),
            "kind": np.where(rows["Attended"] == "Yes", "attend", "no_show"),
        }
    )
    return pd.concat([register, final]).assign(channel="webinar", anonymous_id="", email="")


def _touches(scenario: GeneratedScenario) -> pd.DataFrame:
    frames = []
    for path in scenario.files["touches"]:
        if path.name == exports.SENDGRID:
            frames.append(_sendgrid(path).assign(file=path.name))
        elif path.name == exports.ZOOM:
            frames.append(_zoom_touches(path).assign(file=path.name))
        elif path.suffix == ".csv":
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
    ads = pd.read_csv(
        small.files["spend"][1], encoding="utf-16", sep="\t", skiprows=2, thousands=","
    )
    ads = ads[~ads["Campaign"].str.startswith("Total:")]
    assert spend["campaign"].nunique() == 5 and set(ads["Campaign"]) == {"paid-social-ads"}
    assert not set(ads["Campaign"]) & set(spend["campaign"])  # each day's cost once
    # the report's impressions and clicks are the ads' own impression and click touches
    ad_touches = touches[touches["campaign"] == "paid-social-ads"]
    assert ads["Impr."].sum() == (ad_touches["kind"] == "impression").sum()
    assert ads["Clicks"].sum() == (ad_touches["kind"] == "click").sum()


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
    assert touches["touch_id"].is_unique
    webinar = _zoom(small.truth_dir.parent / "input" / exports.ZOOM).drop(columns="line")
    assert not webinar.duplicated().any()
    # a rejoin is a second row of the same registrant, with a later join
    again = webinar[webinar["Email"].duplicated(keep=False)]
    assert len(again) and (again["Attended"] == "Yes").all()


def test_exports_are_in_the_tools_layouts(small: GeneratedScenario) -> None:
    inputs = small.truth_dir.parent / "input"
    raw = (inputs / exports.GOOGLE_ADS).read_bytes()
    assert raw[:2] == b"\xff\xfe"  # UTF-16 LE with a byte-order mark
    lines = raw[2:].decode("utf-16-le").split("\r\n")
    assert lines[0] == "Campaign report" and " - " in lines[1]
    assert lines[2].split("\t")[:3] == ["Campaign", "Campaign status", "Day"]
    assert lines[-2].startswith("Total: ")
    zoom = (inputs / exports.ZOOM).read_text().splitlines()
    assert zoom[0].startswith("Attendee Report,") and zoom[10].startswith("Attendee Details,")
    assert len({len(row) for row in csv.reader(zoom)}) == 1  # padded to the widest row
    no_show = [line for line in zoom[12:] if line.startswith("No,")]
    assert no_show and all(",--,--,--," in line for line in no_show)
    hubspot = pd.read_csv(inputs / exports.HUBSPOT, dtype=str, keep_default_na=False)
    assert list(hubspot.columns[:4]) == ["Record ID", "First Name", "Last Name", "Email"]
    assert hubspot["Record ID"].is_unique
    assert hubspot["Create Date"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d").all()
    events = json.loads((inputs / exports.SENDGRID).read_text())
    assert all(None not in event.values() for event in events)
    assert [e["timestamp"] for e in events] == sorted(e["timestamp"] for e in events)
    proxy = [e for e in events if e["event"] == "open" and e["sg_machine_open"]]
    assert proxy and all(e["ip"].startswith("17.") for e in proxy)


def test_truth_matches_the_inputs(small: GeneratedScenario) -> None:
    touches = _touches(small)
    truth = pd.read_csv(small.truth_dir / "touches.csv", keep_default_na=False)
    identified = touches[touches["anonymous_id"] == ""]
    assert set(truth["touch_id"]) == set(identified["touch_id"])
    records = pd.read_csv(small.truth_dir / "records.csv", dtype=str, keep_default_na=False)
    hubspot = pd.read_csv(small.files["contacts"][0], dtype=str, keep_default_na=False)
    crm = records[records["source"] == exports.HUBSPOT]
    assert list(crm["source_id"]) == list(hubspot["Record ID"])
    assert list(crm["email"]) == list(hubspot["Email"])
    zoom = _zoom(small.files["contacts"][1])
    registrants = records[records["source"] == exports.ZOOM]
    assert list(registrants["source_row"].astype(int)) == list(zoom["line"])
    people = pd.read_csv(small.truth_dir / "people.csv", keep_default_na=False)
    assert set(truth["person_key"]) <= set(people["person_key"])
    keen = people[people["would_take_meeting"]]
    assert keen["in_target_market"].all() and len(keen) > 20
