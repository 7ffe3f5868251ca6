"""Labelled profile data for training and evaluating the bot classifier.

`--data DIR` folders hold CSV, JSON Lines or Parquet files of profiles. A file's rows are
labelled by a `label` column (human/bot, 0/1) or, for the Cresci et al. 2015 "fake followers"
files, by the file's name (E13, TFP: humans; INT, FSF, TWT: bought followers). Each file is
one group, so evaluation can leave a whole seller out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leadsift.domain.errors import LeadsiftError

# Twitter API column names -> the profiles format of DESIGN.md
TWITTER_COLUMNS = {
    "screen_name": "handle", "statuses_count": "posts", "followers_count": "followers",
    "friends_count": "following", "favourites_count": "likes", "listed_count": "listed",
    "default_profile_image": "has_default_image", "description": "bio",
}  # fmt: skip
# Columns that give the label away in the public data (see shared/data/README.md).
LEAKING = ("id", "updated", "lang", "time_zone", "utc_offset", "geo_enabled", "dataset", "verified")
_CRESCI_GROUPS = {"E13": 0, "TFP": 0, "INT": 1, "FSF": 1, "TWT": 1}


@dataclass(frozen=True)
class LabelledProfiles:
    profiles: pd.DataFrame  # the profiles format, leaking columns removed
    label: pd.Series  # 1 = bot or bought follower
    group: pd.Series  # the file each row came from


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")


def _label_of(path: Path, frame: pd.DataFrame) -> pd.Series:
    if "label" in frame:
        text = frame["label"].astype(str).str.strip().str.lower()
        mapped = text.map({"human": 0, "0": 0, "bot": 1, "fake": 1, "1": 1})
        if mapped.isna().any():
            bad = text[mapped.isna()].iloc[0]
            raise LeadsiftError(f"{path}: label {bad!r} is not human/bot or 0/1")
        return mapped.astype(int)
    for prefix, value in _CRESCI_GROUPS.items():
        if path.stem.upper().startswith(prefix):
            return pd.Series(value, index=frame.index)
    raise LeadsiftError(f"{path}: no `label` column, and not a known Cresci-2015 file name")


def load_labelled(folders: list[Path]) -> LabelledProfiles:
    frames, labels, groups = [], [], []
    for folder in folders:
        files = sorted(
            p for p in folder.iterdir() if p.suffix in (".csv", ".jsonl", ".ndjson", ".parquet")
        ) if folder.is_dir() else []  # fmt: skip
        if not files:
            raise LeadsiftError(f"{folder}: no CSV, JSON Lines or Parquet files of profiles")
        for path in files:
            frame = _read(path).rename(columns=TWITTER_COLUMNS)
            labels.append(_label_of(path, frame))
            frame = frame.drop(columns=[c for c in (*LEAKING, "label") if c in frame])
            frames.append(frame)
            groups.append(pd.Series(path.stem, index=frame.index))
    profiles = pd.concat(frames, ignore_index=True)
    return LabelledProfiles(
        profiles=profiles,
        label=pd.concat(labels, ignore_index=True),
        group=pd.concat(groups, ignore_index=True),
    )
