"""Fit: how closely a person matches the target profile (who they are), 0-100, graded A-F,
with a reason for every point given or taken."""

from __future__ import annotations

import pandas as pd

from leadsift.config.scoring import FitSettings
from leadsift.config.settings import TargetProfile
from leadsift.scoring.titles import RoleDefinition, TitleMatcher
from leadsift.scoring.words import signed


def title_matcher(target: TargetProfile, fit: FitSettings) -> TitleMatcher:
    return TitleMatcher(
        roles=[RoleDefinition(r.name, tuple(r.titles), r.seniority) for r in target.roles],
        exclude_titles=target.exclude_titles,
        threshold=fit.title_match_threshold,
    )


def _points(mask: pd.Series, points: float) -> pd.Series:
    return mask.fillna(False).astype(bool).astype(float) * points


def score_fit(people: pd.DataFrame, target: TargetProfile, settings: FitSettings) -> pd.DataFrame:
    """Columns fit, grade, role, in_target, excluded and fit_reasons, indexed like `people`."""
    matcher = title_matcher(target, settings)
    titles = people["title"].astype(object)
    matches = matcher.match_many(titles.dropna().tolist())
    found = {title: match for title, match in matches.items() if match is not None}
    role = titles.map({title: match.role for title, match in found.items()}).astype(object)
    seniority = titles.map({t: m.seniority for t, m in found.items()}).fillna(0).astype(float)
    excluded_title = titles.map(lambda t: isinstance(t, str) and matcher.is_excluded(t))
    excluded_domains = {d.lower() for d in target.exclude_domains}
    excluded_domain = people["email_domain"].isin(excluded_domains) | people[
        "account_domain"
    ].astype("string").str.lower().isin(excluded_domains).fillna(False)
    industries = {i.lower() for i in target.industries}
    industry_ok = people["industry"].astype("string").str.lower().isin(industries).fillna(False)
    employees = pd.to_numeric(people["employees"], errors="coerce")
    size_ok = employees.between(target.employees_min, target.employees_max).fillna(False)
    countries = {c.upper() for c in target.countries}
    country = people["account_country"].where(people["account_country"].notna(), people["country"])
    country_ok = country.astype("string").str.upper().isin(countries).fillna(False)
    named = people["account_target"].eq(True)
    free_mail = people["free_mail"].fillna(False).astype(bool) & target.free_mail_is_b2b_negative

    role_points = (role.notna() * settings.role_points * (0.5 + 0.1 * seniority)).astype(float)
    parts = {
        "role": role_points,
        "industry": _points(industry_ok, settings.industry_points),
        "size": _points(size_ok, settings.size_points),
        "country": _points(country_ok, settings.country_points),
        "target": _points(named, settings.target_account_points),
        "free_mail": _points(free_mail, settings.free_mail_points),
    }
    excluded = (excluded_title | excluded_domain).astype(bool)
    raw = sum(parts.values(), pd.Series(0.0, index=people.index))
    fit = raw.round().clip(0, 100).astype(int).where(~excluded, 0)
    result = pd.DataFrame(index=people.index)
    result["fit"] = fit
    result["grade"] = fit.map(settings.grade)
    result["role"] = role
    result["excluded"] = excluded
    result["in_target"] = ~excluded & (named | industry_ok) & (country_ok | country.isna())
    result["fit_reasons"] = _reasons(people, parts, role, excluded_title, excluded_domain)
    return result


def _reasons(
    people: pd.DataFrame,
    parts: dict[str, pd.Series],
    role: pd.Series,
    excluded_title: pd.Series,
    excluded_domain: pd.Series,
) -> pd.Series:
    reasons: list[list[str]] = []
    columns = zip(
        people["title"], role, people["industry"], people["employees"], people["account"],
        people["account_tier"], people["email_domain"], excluded_title, excluded_domain,
        *(parts[k] for k in ("role", "industry", "size", "country", "target", "free_mail")),
        strict=True,
    )  # fmt: skip
    for (
        title, matched, industry, employees, account, tier, domain, bad_title, bad_domain,
        p_role, p_industry, p_size, p_country, p_target, p_free,
    ) in columns:  # fmt: skip
        found: list[str] = []
        if bad_title:
            found.append(f"excluded title {title!r}: fit 0")
        if bad_domain:
            found.append(f"excluded domain {domain}: fit 0")
        if p_role:
            found.append(f"{matched} (title {title!r}): {signed(p_role)}")
        elif isinstance(title, str):
            found.append(f"title {title!r} is not a target role")
        if p_target:
            tier_text = f", tier {tier}" if isinstance(tier, str) and tier else ""
            found.append(f"named target account {account}{tier_text}: {signed(p_target)}")
        if p_industry:
            found.append(f"industry {industry}: {signed(p_industry)}")
        if p_size:
            found.append(f"{int(employees):,} employees: {signed(p_size)}")
        if p_country:
            found.append(f"in a target country: {signed(p_country)}")
        if p_free:
            found.append(f"free-mail address ({domain}): {signed(p_free)}")
        reasons.append(found)
    return pd.Series(reasons, index=people.index, dtype=object)
