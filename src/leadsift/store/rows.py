"""DataFrames as rows for SQLAlchemy executemany: NaN/NaT -> None, Timestamps -> datetimes."""

from __future__ import annotations

from typing import Any

import pandas as pd


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    records: list[dict[str, Any]] = []
    for raw in clean.to_dict("records"):
        record = {str(key): value for key, value in raw.items()}
        for key, value in record.items():
            if isinstance(value, pd.Timestamp):
                record[key] = value.to_pydatetime()
        records.append(record)
    return records
