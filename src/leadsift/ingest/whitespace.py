"""Trimming cells exactly as Python's str.strip() does, in Arrow's kernels.

Keys hash trimmed text, so the fast path must trim the very characters str.strip() trims:
those for which str.isspace() is true, spelled out here (Arrow's own whitespace set differs:
it leaves the information separators U+001C-U+001F).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def stripped(cells: pa.Array) -> pa.Array:
    """Each text cell as str.strip() leaves it."""
    return pc.utf8_trim(cells, characters=PYTHON_WHITESPACE)


def stripped_or_none(cells: list[str] | tuple[str, ...]) -> pd.Series:
    """Cells trimmed, with those left empty as None: one column of a text file."""
    trimmed = stripped(pa.array(cells, type=pa.string()))
    blank = pc.equal(pc.binary_length(trimmed), 0)
    values = pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)
    return pd.Series(values.to_numpy(zero_copy_only=False), dtype=object)
