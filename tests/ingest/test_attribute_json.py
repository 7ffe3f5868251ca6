"""Attributes are written as json.dumps would write them: contact keys depend on the text."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.ingest.attribute_json import json_objects

cell = st.one_of(st.none(), st.text(max_size=6))
# JSON records bring numbers and booleans beside text in one column.
mixed = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.booleans())


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(cell, cell, cell, mixed), min_size=1, max_size=8))
def test_attribute_objects_match_json_dumps(rows: list[tuple[str | None, ...]]) -> None:
    names = ["plain", 'we"ird \\ name', "ü", "mixed"]
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    expected = [
        json.dumps({k: v for k, v in zip(names, row, strict=True) if v is not None},
                   ensure_ascii=False)
        if any(v is not None for v in row)
        else None
        for row in rows
    ]  # fmt: skip
    assert json_objects(frame).tolist() == expected
