"""The columns a table has no place for, kept per row as one JSON object of its non-empty cells.

The text must be exactly what json.dumps(ensure_ascii=False) writes, because contact keys
hash it. Text columns are built in Arrow's string kernels: a cell needs escaping only when
it holds a quote, a backslash or a control character, and only those few cells go through
the json module's own C string encoder. Other columns (numbers from JSON records) go
through json.dumps cell by cell.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# The characters json escapes when ensure_ascii is off.
_NEEDS_ESCAPE = r'["\\\x00-\x1f]'


def json_objects(frame: pd.DataFrame) -> pd.Series:
    """One JSON object per row with its non-empty cells, or None when all are empty."""
    if not len(frame.columns):
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    # Each member carries its own ", " and the last is cut off: pyarrow 26's null_handling
    # "skip" loses rows whose cells are all null.
    members = [pc.fill_null(_members(str(name), frame[name]), "") for name in frame.columns]
    joined = pc.binary_join_element_wise(*members, "")
    inner = pc.utf8_slice_codeunits(joined, 0, -2)
    wrapped = pc.binary_join_element_wise("{", inner, "}", "")
    objects = pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), wrapped)
    return pd.Series(objects.to_pylist(), index=frame.index, dtype=object)


def _members(name: str, column: pd.Series) -> pa.Array:
    """'"name": value, ' for each non-empty cell of one column, null elsewhere."""
    prefix = encode_basestring(name) + ": "
    text = _as_text(column)
    if text is None:
        return pa.array(
            [
                None if _empty(value) else prefix + _encoded(value) + ", "
                for value in column.tolist()
            ],
            type=pa.string(),
        )
    escaped = pc.match_substring_regex(text, _NEEDS_ESCAPE)
    quoted = pc.binary_join_element_wise(prefix + '"', text, '", ', "")
    if not pc.any(escaped).as_py():
        return quoted
    slow = [
        prefix + encode_basestring(value) + ", " if flag and value is not None else None
        for value, flag in zip(text.to_pylist(), escaped.to_pylist(), strict=True)
    ]
    return pc.if_else(escaped, pa.array(slow, type=pa.string()), quoted)


def _as_text(column: pd.Series) -> pa.Array | None:
    """The column as an Arrow string array when every non-empty cell is text, else None."""
    values = column.astype(object).where(column.notna(), None)
    try:
        array = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):
        return None
    return array


def _empty(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _encoded(value: Any) -> str:
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value)
