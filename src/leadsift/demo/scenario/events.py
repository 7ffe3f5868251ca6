"""Building blocks for generated touches: one frame per campaign, with its ground truth."""

from __future__ import annotations

import numpy as np
import pandas as pd

START = np.datetime64("2026-03-01T00:00:00", "s")
TOUCH_COLUMNS = [
    "touch_id",
    "campaign",
    "channel",
    "kind",
    "occurred_at",
    "email",
    "phone",
    "handle",
    "platform",
    "anonymous_id",
    "ip",
    "user_agent",
    "url",
    "seconds_since_send",
    "value",
]
TRUTH_COLUMNS = ["person_key", "is_authentic", "noise"]


def day(offset_days: float) -> np.datetime64:
    return START + np.timedelta64(int(offset_days * 86_400), "s")


def spread(rng: np.random.Generator, count: int, first_day: float, last_day: float) -> np.ndarray:
    """Times between two campaign days, busier in working hours (UTC-5 business day)."""
    days = rng.integers(int(first_day), int(last_day) + 1, count)
    hours = np.clip(rng.normal(15.5, 3.0, count), 0, 23.99)  # 10:30 in New York
    seconds = (days * 86_400 + hours * 3_600).astype(np.int64)
    return START + seconds.astype("timedelta64[s]")


def iso(stamps: np.ndarray, rng: np.random.Generator, offset_share: float = 0.0) -> np.ndarray:
    """ISO 8601 text; a share written in New York time with its offset, as some tools do."""
    utc = np.char.add(np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s"), "Z")
    if offset_share <= 0:
        return utc
    local = np.char.add(
        np.datetime_as_string((stamps - np.timedelta64(4, "h")).astype("datetime64[s]"), unit="s"),
        "-04:00",
    )
    return np.where(rng.random(len(stamps)) < offset_share, local, utc)


def frame(
    campaign: str,
    channel: np.ndarray | str,
    kind: np.ndarray | str,
    occurred: np.ndarray,
    person_key: np.ndarray,
    authentic: np.ndarray | bool = True,
    noise: np.ndarray | str = "",
    **columns: object,
) -> pd.DataFrame:
    count = len(occurred)
    data: dict[str, object] = {name: "" for name in TOUCH_COLUMNS}
    data.update(
        campaign=campaign,
        channel=channel,
        kind=kind,
        occurred_at=occurred,
        person_key=person_key,
        is_authentic=authentic,
        noise=noise,
    )
    data.update(columns)
    result = pd.DataFrame(
        {k: (np.full(count, v) if np.isscalar(v) else v) for k, v in data.items()}
    )
    return result


def ips(rng: np.random.Generator, count: int, prefix: str) -> np.ndarray:
    return np.char.add(
        prefix,
        np.char.add(
            rng.integers(0, 256, count).astype(str),
            np.char.add(".", rng.integers(1, 255, count).astype(str)),
        ),
    )
