"""Rule-based detectors over touches, vectorised with pandas. Each returns, per touch, the
noise code and why ("scanner_click: 4 links clicked within 1 s"), or None when it looks human.

Expected columns: id, person_id, campaign, kind, email, ip, user_agent, url, when_s (epoch
seconds), seconds_since_send, value, attributes (dict or None).
"""

from __future__ import annotations

import ipaddress
import re

import numpy as np
import pandas as pd

from leadsift.config.authenticity import AuthenticitySettings
from leadsift.identity.normalise import per_distinct

FORM_KINDS = ("form_submit", "register", "download", "demo_request", "contact_request")


def _ipv4(ip: pd.Series) -> pd.Series:
    """An IPv4 address as a number (NaN when it is not one)."""
    text = ip.astype("string")
    octets = text.str.extract(_IPV4).apply(pd.to_numeric, errors="coerce")
    valid = text.str.fullmatch(_IPV4).fillna(False).astype(bool) & octets.le(255).all(axis=1)
    value: pd.Series = octets[0] * 2**24 + octets[1] * 2**16 + octets[2] * 2**8 + octets[3]
    return value.where(valid).astype(float)


_IPV4 = r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})"


def in_networks(ip: pd.Series, networks: list[str]) -> pd.Series:
    return _within(per_distinct(ip, _ipv4).astype(float), networks)


def _within(value: pd.Series, networks: list[str]) -> pd.Series:
    hit = pd.Series(False, index=value.index)
    for text in networks:
        network = ipaddress.ip_network(text, strict=False)
        if network.version != 4:
            continue
        low, high = int(network.network_address), int(network.broadcast_address)
        hit |= value.between(low, high).fillna(False).astype(bool)
    return hit


def _contains_any(text: pd.Series, needles: list[str]) -> pd.Series:
    if not needles:
        return pd.Series(False, index=text.index)
    pattern = "|".join(re.escape(n) for n in needles)

    def contains(values: pd.Series) -> pd.Series:
        found = values.astype("string").str.contains(pattern, case=False, regex=True)
        return found.fillna(False).astype(bool)

    return per_distinct(text, contains).astype(bool)


def email_noise(touches: pd.DataFrame, settings: AuthenticitySettings) -> pd.Series:
    """Security-scanner clicks and privacy-proxy opens."""
    everything = touches.index
    touches = touches[touches["channel"].eq("email") & touches["kind"].isin(["click", "open"])]
    return _email_noise(touches, settings).reindex(everything)


def _email_noise(touches: pd.DataFrame, settings: AuthenticitySettings) -> pd.Series:
    noise = pd.Series(None, index=touches.index, dtype=object)
    clicks = touches["kind"].eq("click") & touches["channel"].eq("email")
    since = pd.to_numeric(touches["seconds_since_send"], errors="coerce")
    fast = clicks & since.le(settings.scanner_max_seconds).fillna(False)
    second = np.floor(touches["when_s"].astype(float))
    same_second = (
        touches.assign(second=second)[clicks]
        .groupby(["person_id", "campaign", "second"], dropna=False)["url"]
        .transform("nunique")
    )
    many_links = pd.Series(False, index=touches.index)
    many_links[same_second.index] = same_second >= settings.scanner_links_same_second
    agent = clicks & _contains_any(touches["user_agent"], settings.scanner_agents)
    address = per_distinct(touches["ip"], _ipv4).astype(float)
    network = clicks & _within(address, settings.scanner_networks)
    honeypot = clicks & touches["url"].isin(settings.honeypot_urls)
    for mask, why in (
        (honeypot, "clicked a hidden honeypot link"),
        (many_links, f"{settings.scanner_links_same_second}+ links clicked in the same second"),
        (fast, f"clicked within {settings.scanner_max_seconds:g} s of sending"),
        (agent, "a security scanner's user agent"),
        (network, "from a security scanner's network"),
    ):
        noise = noise.where(~(mask & noise.isna()), "scanner_click: " + why)
    opens = touches["kind"].eq("open") & touches["channel"].eq("email")
    proxy_net = _within(address, settings.proxy_networks)
    proxy_agent = touches["user_agent"].isin(settings.proxy_agents)
    quick = since.le(settings.proxy_max_seconds).fillna(False)
    proxy = opens & (proxy_net | proxy_agent) & (quick | proxy_net & proxy_agent)
    return noise.where(~proxy, "proxy_open: opened by a privacy proxy right after delivery")


_VOWELS = re.compile(r"[aeiouy]")


def _gibberish(local: pd.Series) -> pd.Series:
    letters = local.astype("string").str.lower().str.replace(r"[^a-z]", "", regex=True)
    vowels = letters.str.count(_VOWELS.pattern)
    consonant_run = letters.str.contains(r"[^aeiouy]{5,}", regex=True)
    return (
        ((letters.str.len() >= 6) & ((vowels / letters.str.len()) < 0.2) | consonant_run)
        .fillna(False)
        .astype(bool)
    )


def form_noise(touches: pd.DataFrame, settings: AuthenticitySettings) -> pd.Series:
    """Spam sign-ups: disposable or role addresses, gibberish, honeypots, bot-fast forms,
    bursts from one network."""
    from disposable_email_domains import blocklist

    everything = touches.index
    touches = touches[touches["kind"].isin(FORM_KINDS)]
    noise = pd.Series(None, index=touches.index, dtype=object)
    email = touches["email"].astype("string").str.strip().str.lower()
    local, domain = email.str.split("@").str[0], email.str.split("@").str[-1]
    disposable = domain.isin(blocklist).fillna(False).astype(bool)
    role = local.isin(settings.role_addresses).fillna(False).astype(bool)
    gibberish = _gibberish(local)
    honeypot = touches["attributes"].map(
        lambda a: isinstance(a, dict) and bool(str(a.get("honeypot", "") or "").strip())
    )
    fill = pd.to_numeric(touches["value"], errors="coerce")
    too_fast = touches["kind"].eq("form_submit") & fill.lt(settings.form_min_seconds).fillna(False)
    # bursts: many sign-ups from one /24 network within a few minutes
    network = touches["ip"].astype("string").str.extract(r"^(\d+\.\d+\.\d+)\.")[0]
    window = np.floor(touches["when_s"].astype(float) / (settings.signup_burst_minutes * 60))
    keyed = pd.DataFrame({"network": network, "window": window, "campaign": touches["campaign"]})
    size = (
        keyed[network.notna()]
        .groupby(["network", "window", "campaign"])["network"]
        .transform("size")
    )
    burst = pd.Series(False, index=touches.index)
    burst[size.index] = size >= settings.signup_burst_size
    for mask, why in (
        (honeypot, "filled the hidden honeypot field"),
        (disposable, "a disposable email domain"),
        (burst, f"{settings.signup_burst_size}+ sign-ups from one network within minutes"),
        (too_fast, f"form filled in under {settings.form_min_seconds:g} s"),
        (gibberish, "a gibberish address"),
        (role, "a role address, not a person"),
    ):
        noise = noise.where(~(mask & noise.isna()), "spam_signup: " + why)
    return noise.reindex(everything)


def burst_noise(
    touches: pd.DataFrame, suspicious_people: pd.Series, settings: AuthenticitySettings
) -> pd.Series:
    """Coordinated bursts ("prime the pump"): follows, likes or shares on one campaign within
    a short window, far above the campaign's usual rate, mostly from bot-like or new accounts.
    `suspicious_people` is a boolean Series indexed by person_id."""
    noise = pd.Series(None, index=touches.index, dtype=object)
    social = touches["kind"].isin(["follow", "like", "share"])
    if not social.any():
        return noise
    window = np.floor(touches["when_s"].astype(float) / (settings.burst_window_minutes * 60))
    frame = pd.DataFrame({"campaign": touches["campaign"], "window": window})[social]
    counts = frame.groupby(["campaign", "window"]).size()
    baseline = counts.groupby(level="campaign").median()
    usual = baseline.reindex(counts.index.get_level_values(0)).to_numpy()
    limit = np.maximum(usual * settings.burst_factor, settings.burst_min_events)
    hot = counts[counts.to_numpy() >= limit]
    if hot.empty:
        return noise
    in_hot = frame.set_index(["campaign", "window"]).index.isin(hot.index)
    members = frame.index[in_hot]
    suspicious = touches.loc[members, "person_id"].map(suspicious_people).eq(True)
    hot_frame = frame.loc[members].assign(suspicious=suspicious.to_numpy())
    share = hot_frame.groupby(["campaign", "window"])["suspicious"].transform("mean")
    coordinated = hot_frame.index[(share >= 0.5).to_numpy()]
    noise[coordinated] = "burst: part of a coordinated burst of follows and likes"
    return noise
