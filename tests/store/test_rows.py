"""frame_records against the obvious row-by-row conversion."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from leadsift.store.rows import frame_records


def _missing(value: object) -> bool:
    if value is pd.NaT or value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _reference(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for position in range(len(frame)):
        row = {}
        for name in frame.columns:
            value = frame[name].iloc[position]
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            elif _missing(value):
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            row[str(name)] = value
        rows.append(row)
    return rows


YEAR_1990, YEAR_2100 = datetime(1990, 1, 1), datetime(2100, 1, 1)  # pandas' nanosecond range


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(-5, 5)),
            st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False)),
            st.one_of(st.none(), st.text(max_size=3)),
            st.one_of(st.none(), st.datetimes(YEAR_1990, YEAR_2100, timezones=st.just(UTC))),
            st.lists(st.text(max_size=2), max_size=2),
        ),
        max_size=8,
    )
)
def test_records_match_the_row_by_row_reference(
    rows: list[tuple[int | None, float | None, str | None, datetime | None, list[str]]],
) -> None:
    frame = pd.DataFrame(rows, columns=["n", "x", "s", "at", "reasons"])
    frame["count"] = frame["n"].astype("Int64")
    frame["when"] = pd.to_datetime(frame["at"], utc=True)
    assert frame_records(frame) == _reference(frame)
