"""Generate the demo scenario: input files a user would import, and the ground truth."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario import commercial, direct, social
from leadsift.demo.scenario.events import TOUCH_COLUMNS, iso
from leadsift.demo.scenario.graph import social_graph
from leadsift.demo.scenario.market import make_market
from leadsift.demo.scenario.sizes import SIZES, SizeName
from leadsift.demo.scenario.truth import write_truth

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class GeneratedScenario:
    files: dict[str, list[Path]]
    truth_dir: Path
    people: int
    touches: int
    noise: dict[str, int] = field(default_factory=dict)


def _write_touches(
    path: Path,
    frames: Iterator[pd.DataFrame],
    rng: np.random.Generator,
    offset_share: float = 0.0,
    with_id: bool = True,
) -> int:
    """Write touch frames as CSV or JSON Lines, appending chunk by chunk."""
    columns = TOUCH_COLUMNS if with_id else [c for c in TOUCH_COLUMNS if c != "touch_id"]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for part in frames:
            out = part[columns].copy()
            out["occurred_at"] = iso(part["occurred_at"].to_numpy(), rng, offset_share)
            if path.suffix == ".csv":
                out.to_csv(handle, index=False, header=written == 0)
            else:
                # JSON Lines as an API export writes it: no keys for empty values
                records = out.to_dict("records")
                for record in records:
                    handle.write(json.dumps({k: v for k, v in record.items() if v != ""}))
                    handle.write("\n")
            written += len(out)
    return written


def generate(
    directory: Path, *, size: SizeName = "medium", seed: int = 7, progress: Progress | None = None
) -> GeneratedScenario:
    def report(message: str, fraction: float) -> None:
        if progress is not None:
            progress(message, fraction)

    scale = SIZES[size]
    rng = np.random.default_rng(seed)
    inputs = directory / "input"
    inputs.mkdir(parents=True, exist_ok=True)
    report("market", 0.0)
    market = make_market(rng, scale)
    people = market.people
    fakes = social.fake_accounts(rng, scale.people)
    report("campaigns", 0.1)
    email = direct.email_sequence(rng, people)
    webinar = direct.webinar(rng, people, share=0.03)
    calls = direct.telemarketing(rng, people)
    content, spammers = direct.gated_download(
        rng, people, share=0.02, spam=max(40, scale.people // 50)
    )
    video = social.viral_video(rng, people, fakes)
    ad_leads = social.ad_leads(rng, people)
    named = [email, webinar, calls, content, video, ad_leads]
    remaining = max(int(scale.touches * 0.3), scale.touches - sum(len(f) for f in named))
    video_counts = {"impression": int(remaining * 0.5), "view": int(remaining * 0.22)}
    ad_counts = {"impression": int(remaining * 0.27), "click": int(remaining * 0.01)}
    audience = max(2_000, remaining // 4)
    report("writing touches", 0.2)
    files: dict[str, list[Path]] = {"touches": []}
    total = 0
    for name, frames, offset, with_id in (
        ("email-activity.csv", iter([email]), 0.5, True),
        ("webinar-attendees.csv", iter([webinar]), 0.0, False),
        ("call-log.csv", iter([calls]), 0.0, True),
        ("content-signups.csv", iter([content]), 0.0, True),
        ("video-engagement.jsonl", iter([video]), 0.0, True),
        (
            "video-reach.jsonl",
            social.anonymous_reach(
                rng, social.VIDEO, "video", video_counts, audience, 36, 91, "vid"
            ),
            0.0,
            True,
        ),
        ("ads-leads.csv", iter([ad_leads]), 0.0, True),
        (
            "ads-reach.jsonl",
            social.anonymous_reach(rng, social.ADS, "ads", ad_counts, audience, 92, 137, "ad"),
            0.0,
            True,
        ),
    ):
        path = inputs / name
        total += _write_touches(path, frames, rng, offset, with_id)
        files["touches"].append(path)
    report("accounts, contacts, outcomes", 0.8)
    accounts = market.accounts[
        ["name", "domain", "industry", "employees", "country", "target", "tier"]
    ]
    accounts.to_csv(inputs / "accounts.csv", index=False)
    crm = commercial.contacts(rng, people)
    crm.drop(columns=["person_key"]).to_csv(inputs / "contacts.csv", index=False)
    campaigns, spend = commercial.campaigns(scale.scale)
    campaigns.to_csv(inputs / "campaigns.csv", index=False)
    spend.to_csv(inputs / "spend.csv", index=False)
    identified = pd.concat(named, ignore_index=True)
    outcomes = commercial.outcomes(rng, people, identified)
    outcomes.to_csv(inputs / "outcomes.csv", index=False)
    profiles = social.profiles(rng, people, fakes)
    profiles.drop(columns=["person_key"]).to_json(
        inputs / "profiles.jsonl", orient="records", lines=True
    )
    files.update(
        accounts=[inputs / "accounts.csv"],
        contacts=[inputs / "contacts.csv"],
        campaigns=[inputs / "campaigns.csv"],
        spend=[inputs / "spend.csv"],
        outcomes=[inputs / "outcomes.csv"],
        profiles=[inputs / "profiles.jsonl"],
    )
    # its own generator, so the graph leaves every other file of the scenario as it was
    edges, graph_nodes = social_graph(np.random.default_rng(seed + 1), people, fakes)
    edges.to_csv(inputs / "social-graph.csv", index=False)
    graph_nodes.to_csv(inputs / "social-nodes.csv", index=False)
    report("ground truth", 0.9)
    truth_dir = directory / "truth"
    noise = write_truth(truth_dir, people, fakes, spammers, identified, webinar, crm)
    report("generated", 1.0)
    return GeneratedScenario(
        files=files, truth_dir=truth_dir, people=len(people), touches=total, noise=noise
    )
