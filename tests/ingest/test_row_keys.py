"""Row keys hash a canonical text; its fast (Arrow) form must equal the obvious Python one,
or re-importing a file after an upgrade would store its rows twice."""

from __future__ import annotations

import hashlib

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.ingest.keys import row_keys
from leadsift.ingest.specs import TABLES
from leadsift.ingest.whitespace import PYTHON_WHITESPACE, stripped_or_none

# Whitespace Python strips but C does not, case that only Unicode folds, the separator.
awkward = st.sampled_from([" ", "\t", "\x1c", "\x1f", "\u00a0", "\u2003", "A", "z", "İ", "ẞ"])
text = st.one_of(st.none(), st.text(alphabet=awkward, max_size=5), st.text(max_size=5))


def reference_key(row: dict[str, object]) -> str:
    """A touch key as the documentation states it, one row at a time."""
    spec = TABLES["touches"]
    parts = []
    for column in spec.column_names:
        if column == "touch_id":
            continue
        value = row.get(column)
        if value is None:
            parts.append("")
        elif spec.column(column).type.value in ("timestamp", "date"):
            assert isinstance(value, pd.Timestamp)
            parts.append(value.tz_convert(None).strftime("%Y-%m-%dT%H:%M:%S.%f"))
        elif spec.column(column).type.value in ("number", "money", "integer"):
            parts.append(str(value))
        else:
            parts.append(str(value).strip().lower())
    source = "row\x1f" + "\x1f".join(parts)
    return hashlib.blake2b(source.encode("utf-8"), digest_size=16).hexdigest()


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(text, text, st.one_of(st.none(), st.floats(-1e6, 1e6))), min_size=1, max_size=6
    )
)
def test_touch_keys_equal_the_row_by_row_reference(
    rows: list[tuple[str | None, str | None, float | None]],
) -> None:
    spec = TABLES["touches"]
    when = pd.Timestamp("2025-03-30T01:30:00Z")
    records = [
        {"campaign": campaign, "email": email, "value": value, "occurred_at": when}
        for campaign, email, value in rows
    ]
    frame = pd.DataFrame(records)
    for column in spec.column_names:
        if column not in frame.columns:
            frame[column] = None
    frame["value"] = frame["value"].astype(float)
    expected = [reference_key({k: v for k, v in r.items()}) for r in records]
    assert row_keys(spec, frame).tolist() == expected


def test_the_whitespace_set_is_what_str_strip_removes() -> None:
    every = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    assert set(PYTHON_WHITESPACE) == set(every)


@settings(max_examples=200, deadline=None)
@given(
    cells=st.lists(
        st.text(alphabet=st.one_of(awkward, st.characters(exclude_categories=["Cs"])), max_size=6)
    )
)
# Text read from a file is decoded strictly, so it never holds a lone surrogate.
def test_cells_are_trimmed_as_str_strip_trims(cells: list[str]) -> None:
    expected = [cell.strip() or None for cell in cells]
    assert stripped_or_none(cells).tolist() == expected
