"""CSV for spreadsheets: text that starts like a formula is neutralised (OWASP CSV injection:
a leading =, +, -, @, tab or carriage return gets a single quote in front), so a lead named
=HYPERLINK(...) is shown, never run. Numbers stay numbers."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

import pandas as pd

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """A cell as text a spreadsheet shows as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def write_rows(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Header and rows as CSV with CRLF line ends (what spreadsheets and CRM importers read)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(header)
    written = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        written += 1
    return written


def neutralise_column(column: pd.Series) -> pd.Series:
    """`neutralise` for a whole column at once: numbers pass, dangerous text is quoted."""
    if pd.api.types.is_numeric_dtype(column):
        return column
    text = column.astype(object).where(column.notna(), "").astype(str)
    return text.where(~text.str.startswith(_DANGEROUS), "'" + text)
