"""Generate the demo scenario: input files a user would import, and the ground truth."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario import commercial, direct, effects, exports, meetings, social
from leadsift.demo.scenario.events import TOUCH_COLUMNS, iso
from leadsift.demo.scenario.graph import social_graph
from leadsift.demo.scenario.market import make_market
from leadsift.demo.scenario.shares import video_shares
from leadsift.demo.scenario.sizes import SIZES, SizeName
from leadsift.demo.scenario.truth import write_truth

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoInput:
    """One input file, and what its import needs to be told that the file does not say."""

    path: Path
    campaign: str | None = None  # a Zoom report names its webinar only in its preamble
    timezone: str | None = None  # the zone of times written without an offset


@dataclass(frozen=True)
class GeneratedScenario:
    files: dict[str, list[Path]]  # by what they hold: contacts, touches, spend, ...
    inputs: list[DemoInput]  # every file to import, in order
    truth_dir: Path
    people: int
    touches: int
    noise: dict[str, int] = field(default_factory=dict)


def _write_touches(
    path: Path,
    frames: Iterator[pd.DataFrame],
    rng: np.random.Generator,
    offset_share: float = 0.0,
) -> int:
    """Write touch frames in leadsift's own columns as CSV or JSON Lines, chunk by chunk."""
    columns = TOUCH_COLUMNS
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
    # randomness that only shapes the tools' exports, so the scenario does not depend on it
    export_rng = np.random.default_rng(seed + 2)
    files: dict[str, list[Path]] = {"touches": []}
    inputs_: list[DemoInput] = []
    # the email sequence as SendGrid reports it; replies land in the mailbox, not the ESP
    sendgrid = inputs / exports.SENDGRID
    exports.sendgrid_events(sendgrid, email, export_rng)
    rng.random(len(email))  # the draw the native email file's time zones took
    replies = email[email["kind"].eq("reply")]
    total = int((~email["kind"].isin(["sent", "reply"])).sum())  # what the map keeps
    files["touches"].append(sendgrid)
    inputs_.append(DemoInput(sendgrid))
    zoom = inputs / exports.ZOOM
    webinar = exports.zoom_attendees(zoom, webinar, people, direct.WEBINAR_TOPIC, export_rng)
    named[1] = webinar
    total += len(webinar)
    files["touches"].append(zoom)
    inputs_.append(DemoInput(zoom, campaign=direct.WEBINAR, timezone=exports.ACCOUNT_TIMEZONE))
    ad_days = np.arange(92, 138)
    ad_tally = {"impression": np.zeros(len(ad_days), int), "click": np.zeros(len(ad_days), int)}

    def tallied(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for part in frames:
            for kind, counts in ad_tally.items():
                stamps = part.loc[part["kind"].eq(kind), "occurred_at"].to_numpy()
                counts += exports.daily_counts(stamps, ad_days)
            yield part

    for name, frames, offset in (
        # a mailbox export writes half of its times in New York time, with the offset
        ("email-replies.csv", iter([replies]), 0.5),
        ("call-log.csv", iter([calls]), 0.0),
        ("content-signups.csv", iter([content]), 0.0),
        ("video-engagement.jsonl", iter([video]), 0.0),
        (
            "video-reach.jsonl",
            social.anonymous_reach(
                rng, social.VIDEO, "video", video_counts, audience, 36, 91, "vid"
            ),
            0.0,
        ),
        ("ads-leads.csv", iter([ad_leads]), 0.0),
        (
            "ads-reach.jsonl",
            tallied(
                social.anonymous_reach(rng, social.ADS, "ads", ad_counts, audience, 92, 137, "ad")
            ),
            0.0,
        ),
    ):
        path = inputs / name
        total += _write_touches(path, frames, export_rng if offset else rng, offset)
        files["touches"].append(path)
        inputs_.append(DemoInput(path))
    report("accounts, contacts, outcomes", 0.8)
    accounts = market.accounts[
        ["name", "domain", "industry", "employees", "country", "target", "tier"]
    ]
    accounts.to_csv(inputs / "accounts.csv", index=False)
    crm = commercial.contacts(rng, people)
    hubspot = inputs / exports.HUBSPOT
    crm = exports.hubspot_contacts(hubspot, crm, export_rng)
    campaigns, spend = commercial.campaigns(scale.scale)
    campaigns.to_csv(inputs / "campaigns.csv", index=False)
    # the ads' cost, impressions and clicks come from Google Ads' own report
    ads_spend = spend[spend["campaign"].eq(social.ADS)]
    google_ads = inputs / exports.GOOGLE_ADS
    exports.google_ads_report(
        google_ads,
        social.ADS,
        ad_days,
        ads_spend["amount"].to_numpy(),
        ad_tally["impression"],
        ad_tally["click"],
        exports.daily_counts(ad_leads["occurred_at"].to_numpy(), ad_days),
    )
    spend[spend["campaign"].ne(social.ADS)].to_csv(inputs / "spend.csv", index=False)
    identified = pd.concat(named, ignore_index=True)
    outcomes = commercial.outcomes(rng, people, identified)
    # the keen buyers a share reached, from their own generator so that every draw above
    # and below (and so every other file) stays as it was
    shared = meetings.share_meetings(np.random.default_rng(seed + 3), people, identified)
    outcomes = pd.concat([outcomes, shared], ignore_index=True)
    outcomes.to_csv(inputs / "outcomes.csv", index=False)
    profiles = social.profiles(rng, people, fakes)
    profiles.drop(columns=["person_key"]).to_json(
        inputs / "profiles.jsonl", orient="records", lines=True
    )
    files.update(
        accounts=[inputs / "accounts.csv"],
        contacts=[hubspot, zoom],
        campaigns=[inputs / "campaigns.csv", google_ads],
        spend=[inputs / "spend.csv", google_ads],
        outcomes=[inputs / "outcomes.csv"],
        profiles=[inputs / "profiles.jsonl"],
    )
    # the order a team would import in: who, then what was planned and spent, then activity
    inputs_ = [
        DemoInput(inputs / "accounts.csv"),
        DemoInput(hubspot, timezone=exports.ACCOUNT_TIMEZONE),
        DemoInput(google_ads),  # before campaigns.csv, whose dates then stay
        DemoInput(inputs / "campaigns.csv"),
        DemoInput(inputs / "spend.csv"),
        *inputs_,
        DemoInput(inputs / "profiles.jsonl"),
        DemoInput(inputs / "outcomes.csv"),
    ]
    # its own generator, so the graph leaves every other file of the scenario as it was
    edges, graph_nodes = social_graph(np.random.default_rng(seed + 1), people, fakes)
    edges.to_csv(inputs / "social-graph.csv", index=False)
    graph_nodes.to_csv(inputs / "social-nodes.csv", index=False)
    report("ground truth", 0.9)
    truth_dir = directory / "truth"
    # the video's reposts along the graph, from a generator of their own as well
    video_shares(np.random.default_rng(seed + 2), edges, graph_nodes, inputs, truth_dir)
    registrants = exports.zoom_registrants(webinar, people)
    noise = write_truth(truth_dir, people, fakes, spammers, identified, crm, registrants)
    meetings.write_chances(truth_dir, meetings.meeting_chances(people, identified))
    met = outcomes.loc[outcomes["kind"].eq("meeting"), "email"].to_numpy()
    effects.write_effects(truth_dir, effects.campaign_effects(people, identified, met))
    report("generated", 1.0)
    return GeneratedScenario(
        files=files,
        inputs=inputs_,
        truth_dir=truth_dir,
        people=len(people),
        touches=total,
        noise=noise,
    )
