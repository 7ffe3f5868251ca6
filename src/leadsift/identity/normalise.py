"""Canonical forms of identifiers, vectorised over pandas Series.

This is the deterministic first pass; the identity-resolution issue replaces it with full
normalisation (E.164 phones, provider dot rules) and probabilistic matching.
"""

from __future__ import annotations

import pandas as pd

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def emails(raw: pd.Series) -> pd.Series:
    """Lower-cased, trimmed, plus-address removed; None where it is not an email."""
    text = raw.astype("string").str.strip().str.lower()
    text = text.str.replace(r"\+[^@]*@", "@", regex=True)
    return text.where(text.str.match(_EMAIL).fillna(False).astype(bool)).astype(object)


def phones(raw: pd.Series) -> pd.Series:
    """Digits only, a North American leading 1 dropped; None with fewer than 7 digits."""
    digits = raw.astype("string").str.replace(r"\D", "", regex=True)
    nanp = digits.str.len().eq(11) & digits.str.startswith("1")
    digits = digits.where(~nanp.fillna(False).astype(bool), digits.str[1:])
    return digits.where(digits.str.len().ge(7).fillna(False).astype(bool)).astype(object)


def handles(platform: pd.Series, handle: pd.Series) -> pd.Series:
    """'platform:handle', lower-case, without a leading @."""
    name = handle.astype("string").str.strip().str.lower().str.lstrip("@")
    where = platform.astype("string").str.strip().str.lower().fillna("social")
    joined = where + ":" + name
    return joined.where(name.notna() & name.ne("")).astype(object)


def domains_of(email: pd.Series) -> pd.Series:
    return email.astype("string").str.split("@").str[-1].astype(object)
