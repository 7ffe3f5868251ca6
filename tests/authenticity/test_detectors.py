"""Each detector on small hand-made touches: what it flags, what it leaves alone."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from leadsift.authenticity.detectors import burst_noise, email_noise, form_noise, in_networks
from leadsift.config.authenticity import AuthenticitySettings

SETTINGS = AuthenticitySettings()


def _touches(rows: list[dict[str, Any]]) -> pd.DataFrame:
    base = {
        "person_id": 1, "campaign": "c", "channel": "email", "kind": "click", "email": None,
        "ip": None, "user_agent": None, "url": None, "when_s": 1_000_000.0,
        "seconds_since_send": None, "value": None, "attributes": None,
    }  # fmt: skip
    return pd.DataFrame([{**base, **row} for row in rows])


def _codes(noise: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else str(v).split(":")[0] for v in noise]


def test_scanner_clicks_and_proxy_opens() -> None:
    touches = _touches(
        [
            {"url": "a", "seconds_since_send": 4},  # too fast
            {"person_id": 2, "url": "a", "seconds_since_send": 5000, "when_s": 2e6},
            {"person_id": 2, "url": "b", "seconds_since_send": 5000, "when_s": 2e6 + 0.4},
            {"person_id": 2, "url": "u", "seconds_since_send": 5000, "when_s": 2e6 + 0.9},
            {"person_id": 3, "url": "a", "seconds_since_send": 9000,
             "user_agent": "Mimecast-URL-Protect/1.0"},
            {"person_id": 4, "url": "a", "seconds_since_send": 9000},  # a person
            {"kind": "open", "ip": "17.58.3.4", "seconds_since_send": 8},
            {"kind": "open", "ip": "17.58.3.4", "seconds_since_send": 80_000},  # late
            {"kind": "open", "ip": "81.2.3.4", "seconds_since_send": 8},  # an early human
        ]
    )  # fmt: skip
    assert _codes(email_noise(touches, SETTINGS)) == [
        "scanner_click", "scanner_click", "scanner_click", "scanner_click", "scanner_click",
        None, "proxy_open", None, None,
    ]  # fmt: skip


def test_spam_signups() -> None:
    touches = _touches(
        [
            {"kind": "form_submit", "email": "x@mailinator.com", "value": 40},
            {"kind": "form_submit", "email": "info@clinic.example", "value": 40},
            {"kind": "form_submit", "email": "qwrtzxcv@gmail.com", "value": 40},
            {"kind": "form_submit", "email": "ann.kim@gmail.com", "value": 1},
            {"kind": "form_submit", "email": "ann.kim@clinic.example", "value": 40,
             "attributes": {"honeypot": "http://spam"}},
            {"kind": "form_submit", "email": "ann.kim@gmail.com", "value": 40},  # free mail is fine
        ]
    )  # fmt: skip
    reasons = list(form_noise(touches, SETTINGS))
    assert _codes(pd.Series(reasons)) == ["spam_signup"] * 5 + [None]
    assert "disposable" in reasons[0] and "role" in reasons[1] and "honeypot" in reasons[4]


def test_a_burst_from_one_network_is_spam_but_a_busy_day_of_people_is_not() -> None:
    burst = [
        {"kind": "form_submit", "email": f"p{i}@clinic{i}.example", "ip": f"185.220.1.{i}",
         "when_s": 5e6 + i * 20, "value": 30}
        for i in range(12)
    ]  # fmt: skip
    spread = [
        {"kind": "form_submit", "email": f"q{i}@practice{i}.example", "ip": f"81.{i}.2.3",
         "when_s": 5e6 + i * 20, "value": 30}
        for i in range(12)
    ]  # fmt: skip
    codes = _codes(form_noise(_touches(burst + spread), SETTINGS))
    assert codes == ["spam_signup"] * 12 + [None] * 12


def test_coordinated_bursts() -> None:
    steady = [{"kind": "like", "person_id": 100 + i, "when_s": 1e6 + i * 3600} for i in range(48)]
    burst = [{"kind": "follow", "person_id": 500 + i, "when_s": 2e6 + i * 10} for i in range(60)]
    touches = _touches(steady + burst)
    bot_like = pd.Series(True, index=range(500, 560))
    codes = _codes(burst_noise(touches, bot_like, SETTINGS))
    assert codes[:48] == [None] * 48 and codes[48:] == ["burst"] * 60
    # the same surge from real, established accounts is a success, not a burst
    assert _codes(burst_noise(touches, pd.Series(dtype=bool), SETTINGS)) == [None] * 108


@given(st.tuples(*[st.integers(0, 255)] * 4), st.integers(8, 32))
def test_network_membership_matches_the_standard_library(
    octets: tuple[int, ...], bits: int
) -> None:
    import ipaddress

    ip = ".".join(map(str, octets))
    network = str(ipaddress.ip_network(f"17.58.0.0/{bits}", strict=False))
    expected = ipaddress.ip_address(ip) in ipaddress.ip_network(network)
    assert bool(in_networks(pd.Series([ip]), [network]).iloc[0]) == expected


def test_what_is_no_ipv4_address_is_in_no_network() -> None:
    ips = pd.Series(["17.58.1.2", "17.58.1.256", "17.58.1", "17.58.1.2.3", "x17.58.1.2", None, ""])
    hits = in_networks(ips, ["17.58.0.0/16", "0.0.0.0/0"]).tolist()
    assert hits == [True, False, False, False, False, False, False]
