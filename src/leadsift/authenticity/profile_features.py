"""Platform-neutral features of a social profile, for the bot classifier.

Works on whatever a row has (the profiles format of DESIGN.md): every feature is NaN when
its inputs are missing, and LightGBM treats NaN as "unknown". Odd values (negative or absurd
counts, creation dates after the observation) become NaN and are reported, never raised.
Columns known to leak the label in the public training data (crawl time, language, time zone,
geo flag) are not used at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from leadsift.domain.truth import FALSE_WORDS, TRUE_WORDS

COUNTS = ("followers", "following", "posts", "likes", "listed")
_MAX_COUNT = 5e9  # more than any platform's user count: a count above this is an error
# When a row says nothing about when it was observed, ages are taken at this moment.
DEFAULT_OBSERVED = pd.Timestamp("2015-01-01", tz="UTC")

FEATURES = (
    "log_followers", "log_following", "log_posts", "log_likes", "log_listed",
    "following_per_follower", "followers_per_following", "posts_per_day", "likes_per_post",
    "listed_per_k_followers", "age_days", "default_image", "bio_length", "bio_has_link",
    "has_url", "has_location", "name_length", "name_digits", "handle_length",
    "handle_digit_share", "handle_entropy", "name_matches_handle",
)  # fmt: skip


@dataclass
class FeatureFrame:
    values: pd.DataFrame  # FEATURES, one row per input row, same index
    oddities: list[str] = field(default_factory=list)  # human-readable, for the report


def _numbers(frame: pd.DataFrame, column: str, oddities: list[str]) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    raw = frame[column]
    numbers = pd.to_numeric(raw, errors="coerce").astype(float)
    unreadable = raw.notna() & raw.astype(str).str.strip().ne("") & numbers.isna()
    absurd = (numbers < 0) | (numbers > _MAX_COUNT)
    for mask, what in ((unreadable, "not a number"), (absurd, "negative or absurd")):
        if mask.any():
            oddities.append(f"{int(mask.sum()):,} row(s) with a {column} count that is {what}")
    return numbers.where(~absurd)


def _flags(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index)
    text = frame[column].astype("string").str.strip().str.lower()
    truth = text.isin(TRUE_WORDS)
    falsity = text.isin(FALSE_WORDS)
    # Twitter exports write "1" for true and leave false empty
    empty = text.isna() | text.eq("")
    return pd.Series(
        np.where(truth, 1.0, np.where(falsity | empty, 0.0, np.nan)), index=frame.index
    )


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    raw = frame[column]
    try:
        text = raw.astype("string").str.strip()
        text.str.encode("utf-8")
    except UnicodeEncodeError:
        # text that was not valid UTF-8 (lone surrogates): keep what can be read
        text = (
            raw.map(
                lambda v: v.encode("utf-8", "replace").decode("utf-8") if isinstance(v, str) else v
            )
            .astype("string")
            .str.strip()
        )
    return text.where(text != "")


def _times(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    raw = frame[column].astype("string")
    parsed = pd.to_datetime(raw, utc=True, errors="coerce", format="ISO8601")
    # Twitter's own format: "Fri Apr 06 10:58:22 +0000 2007"
    twitter = pd.to_datetime(raw, utc=True, errors="coerce", format="%a %b %d %H:%M:%S %z %Y")
    return parsed.fillna(twitter)


def _entropy(handles: pd.Series, width: int = 32) -> pd.Series:
    """Shannon entropy (bits) of each handle's characters, vectorised: characters are sorted
    within each row, so equal characters form runs whose lengths are the counts."""
    text = handles.fillna("").astype(str).str.lower().str.slice(0, width)
    rows = len(text)
    if rows == 0:
        return pd.Series(dtype=float)
    codes = np.array(text.to_list(), dtype=f"<U{width}").view(np.uint32).reshape(rows, width)
    codes = np.sort(codes, axis=1)  # padding (0) first, then runs of equal characters
    present = codes > 0
    length = present.sum(axis=1)
    changed = np.ones_like(present)
    changed[:, 1:] = codes[:, 1:] != codes[:, :-1]
    starts = np.flatnonzero((present & changed).ravel())
    row = starts // width
    row_end = (row + 1) * width
    following = np.append(starts[1:], rows * width)
    counts = np.minimum(following, row_end) - starts
    share = counts / length[row]
    entropy = np.bincount(row, weights=-share * np.log2(share), minlength=rows)
    return pd.Series(np.where(length > 0, entropy, np.nan), index=handles.index)


def profile_features(frame: pd.DataFrame) -> FeatureFrame:
    oddities: list[str] = []
    c = {name: _numbers(frame, name, oddities) for name in COUNTS}
    observed = _times(frame, "observed_at").fillna(DEFAULT_OBSERVED)
    created = _times(frame, "created_at")
    age = (observed - created).dt.total_seconds() / 86_400
    future = age < 0
    if future.any():
        oddities.append(f"{int(future.sum()):,} row(s) created after they were observed")
    age = age.where(~future)
    bio = _text(frame, "bio")
    name = _text(frame, "name")
    handle = _text(frame, "handle").str.lstrip("@")
    values = pd.DataFrame(index=frame.index)
    for column in COUNTS:
        values[f"log_{column}"] = np.log1p(c[column])
    values["following_per_follower"] = c["following"] / (c["followers"] + 1)
    values["followers_per_following"] = c["followers"] / (c["following"] + 1)
    values["posts_per_day"] = c["posts"] / (age + 1)
    values["likes_per_post"] = c["likes"] / (c["posts"] + 1)
    values["listed_per_k_followers"] = 1000 * c["listed"] / (c["followers"] + 1)
    values["age_days"] = age
    values["default_image"] = _flags(frame, "has_default_image")
    values["bio_length"] = bio.str.len().fillna(0).astype(float)
    values["bio_has_link"] = (
        bio.str.contains(r"https?://|www\.", regex=True).fillna(False).astype(float)
    )
    values["has_url"] = _text(frame, "url").notna().astype(float)
    values["has_location"] = _text(frame, "location").notna().astype(float)
    values["name_length"] = name.str.len().astype(float)
    values["name_digits"] = name.str.count(r"\d").astype(float)
    values["handle_length"] = handle.str.len().astype(float)
    values["handle_digit_share"] = (handle.str.count(r"\d") / handle.str.len()).astype(float)
    values["handle_entropy"] = _entropy(handle)
    letters_name = name.str.lower().str.replace(r"[^a-z]", "", regex=True)
    letters_handle = handle.str.lower().str.replace(r"[^a-z]", "", regex=True)
    first_word = letters_name.str[:4]
    values["name_matches_handle"] = [
        np.nan if not isinstance(h, str) or not isinstance(f, str) else float(bool(f) and f in h)
        for h, f in zip(letters_handle, first_word, strict=True)
    ]
    # columns a frame did not have at all stay NaN: "unknown", not "zero"
    for column, source in (
        ("bio_length", "bio"),
        ("bio_has_link", "bio"),
        ("has_url", "url"),
        ("has_location", "location"),
    ):
        if source not in frame:
            values[column] = np.nan
    return FeatureFrame(values=values[list(FEATURES)].astype(float), oddities=oddities)
