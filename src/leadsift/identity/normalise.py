"""Canonical identifiers over pandas Series, computed once per distinct value (see
identity/canonical.py for the rules). A value that cannot be an identifier (a malformed
email or phone) becomes None: it stays on its record, and is not used for matching."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from leadsift.identity import canonical


def per_distinct(values: pd.Series, compute: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`compute` (a vectorised function of a Series) run once per distinct value, its results
    spread back over `values`; missing values get what `compute` gives for None. A million
    touches hold a few thousand distinct emails, IPs or user agents."""
    codes, distinct = pd.factorize(values)
    result = compute(pd.Series([*distinct, None], dtype=object)).to_numpy()
    codes[codes < 0] = len(distinct)  # missing values read as the trailing None
    return pd.Series(result[codes], index=values.index)


def _per_distinct(raw: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    def canonical_forms(distinct: pd.Series) -> pd.Series:
        return distinct.map(lambda v: None if v is None or pd.isna(v) else fn(str(v)))

    return per_distinct(raw, canonical_forms).astype(object)


def emails(raw: pd.Series) -> pd.Series:
    """Lower-cased, trimmed, plus-address removed, Gmail's dots ignored; None if malformed."""
    return _per_distinct(raw, canonical.email)


def phones(raw: pd.Series, region: str = "US") -> pd.Series:
    """E.164, numbers without a country code read in `region`; None if malformed."""
    return _per_distinct(raw, lambda value: canonical.phone(value, region))


def malformed(raw: pd.Series, canonical_form: pd.Series) -> int:
    """How many non-empty raw values had no canonical form."""
    given = raw.notna() & raw.astype("string").str.strip().ne("").fillna(False)
    return int((given & canonical_form.isna()).sum())


def handles(platform: pd.Series, handle: pd.Series) -> pd.Series:
    """'platform:handle', lower-case, without a leading @."""
    name = handle.astype("string").str.strip().str.lower().str.lstrip("@")
    where = platform.astype("string").str.strip().str.lower().fillna("social")
    joined = where + ":" + name
    return joined.where(name.notna() & name.ne("")).astype(object)


def domains_of(email: pd.Series) -> pd.Series:
    return email.astype("string").str.split("@").str[-1].astype(object)
