"""Run every authenticity check over a workspace and store the flags on its touches.

Flags are recomputed on each run: the noise column is reset, the file's own flags applied,
then the detectors (email, forms, social profiles, bursts). Returns the people whose flags
changed, so an incremental score re-reads their touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from leadsift.authenticity.detectors import FORM_KINDS, burst_noise, email_noise, form_noise
from leadsift.config.authenticity import AuthenticitySettings
from leadsift.identity.normalise import handles as handle_keys
from leadsift.store import schema
from leadsift.store.dialect import epoch_seconds

_CANDIDATE_KINDS = (
    "click", "open", "form_submit", "register", "download", "demo_request", "contact_request",
    "follow", "like", "share", "comment", "view", "mention",
)  # fmt: skip


_OUR_CODES = r"^(scanner_click|proxy_open|spam_signup|bot|burst): "


@dataclass
class AuthenticityResult:
    flagged: dict[str, int] = field(default_factory=dict)  # noise code -> touches
    changed_people: set[int] = field(default_factory=set)
    bursts: list[str] = field(default_factory=list)


def _candidates(connection: sa.Connection) -> pd.DataFrame:
    t = schema.touches
    result = connection.execute(
        sa.select(
            t.c.id, t.c.person_id, t.c.campaign, t.c.channel, t.c.kind, t.c.email, t.c.ip,
            t.c.user_agent, t.c.url, t.c.seconds_since_send, t.c.value,
            # only forms carry a honeypot field; decoding every touch's JSON costs seconds
            sa.case((t.c.kind.in_(FORM_KINDS), t.c.attributes)).label("attributes"),
            t.c.platform, t.c.handle, t.c.noise, epoch_seconds(t.c.occurred_at).label("when_s"),
        ).where(t.c.kind.in_(_CANDIDATE_KINDS))
    )  # fmt: skip
    # plain tuples: building a frame from a million row mappings costs twice as much
    rows = result.all()
    return (
        pd.DataFrame(rows, columns=list(result.keys())).set_index("id") if rows else pd.DataFrame()
    )


def _bot_people(connection: sa.Connection, settings: AuthenticitySettings) -> pd.Series:
    """P(bot) of each person with a scored social profile (the shipped classifier)."""
    from leadsift.authenticity.bot_model import BotClassifier
    from leadsift.authenticity.profile_features import profile_features

    pr = schema.profiles
    profiles = pd.DataFrame(connection.execute(sa.select(pr)).mappings().all())
    if profiles.empty:
        return pd.Series(dtype=float)
    model, _ = BotClassifier.load()
    profiles["probability"] = model.predict_proba(profile_features(profiles).values)
    profiles["key"] = handle_keys(profiles["platform"], profiles["handle"])
    i = schema.identities
    owners = pd.DataFrame(
        connection.execute(sa.select(i.c.value, i.c.person_id).where(i.c.kind == "handle")).all(),
        columns=["key", "person_id"],
    )
    joined = profiles.merge(owners, on="key")
    return joined.groupby("person_id")["probability"].max()


def apply_authenticity(
    connection: sa.Connection, settings: AuthenticitySettings
) -> AuthenticityResult:
    result = AuthenticityResult()
    touches = _candidates(connection)
    if touches.empty:
        return result
    # flags from the file itself stay; our own earlier verdicts are recomputed
    ours = touches["noise"].astype("string").str.match(_OUR_CODES).fillna(False).astype(bool)
    noise = touches["noise"].where(~ours)
    for found in (email_noise(touches, settings), form_noise(touches, settings)):
        noise = noise.where(noise.notna(), found)
    probability = _bot_people(connection, settings)
    bots = probability[probability >= settings.bot_probability]
    from_bot = touches["person_id"].isin(bots.index) & noise.isna()
    noise[from_bot] = "bot: social profile scored as a bot or bought follower"
    suspicious = pd.Series(True, index=bots.index)
    bursty = burst_noise(touches, suspicious, settings)
    noise = bursty.where(bursty.notna(), noise)
    changed = touches.index[(noise.fillna("") != touches["noise"].fillna("")).to_numpy()]
    if len(changed):
        t = schema.touches
        connection.execute(
            t.update().where(t.c.id == sa.bindparam("tid")).values(noise=sa.bindparam("reason")),
            [
                {"tid": int(tid), "reason": None if pd.isna(r) else str(r)[:64]}
                for tid, r in zip(changed.tolist(), noise.loc[changed].tolist(), strict=True)
            ],
        )
        result.changed_people = {
            int(p) for p in touches.loc[changed, "person_id"].dropna().unique()
        }
    codes = noise.dropna().astype(str).str.split(":").str[0]
    result.flagged = {str(k): int(v) for k, v in codes.value_counts().items()}
    burst_rows = touches.loc[bursty.dropna().index]
    if len(burst_rows):
        start = pd.to_datetime(burst_rows.groupby("campaign")["when_s"].min(), unit="s", utc=True)
        sizes = burst_rows.groupby("campaign").size()
        result.bursts = [
            f"{campaign}: {int(sizes[campaign]):,} follows/likes in a burst from "
            f"{start[campaign]:%Y-%m-%d %H:%M} UTC, mostly bot-like accounts"
            for campaign in sizes.index
        ]
    return result
