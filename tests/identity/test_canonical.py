"""Canonical forms: known cases, and properties over random input."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsift.identity import canonical


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John.Smith+news@GoogleMail.com ", "johnsmith@gmail.com"),
        ("j.smith@clinic.example", "j.smith@clinic.example"),  # dots matter elsewhere
        ("ANN+webinar@Clinic.Example", "ann@clinic.example"),
        ("no-at-sign", None),
        ("two words@x.com", None),
    ],
)
def test_emails(raw: str, expected: str | None) -> None:
    assert canonical.email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["+1 (555) 010-0001", "555.010.0001", "555-010-0001", "+15550100001", "1 555 010 0001"]
)
def test_phone_formats_meet_in_e164(raw: str) -> None:
    assert canonical.phone(raw) == "+15550100001"


def test_phones_of_other_countries() -> None:
    assert canonical.phone("020 7946 0958", "GB") == canonical.phone("+44 20 7946 0958")
    assert canonical.phone("12") is None and canonical.phone("call me") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. Zoë O'Neil-Smith, MD", "zoe oneil smith"),
        ("Smith, Anna", "anna smith"),
        ("  José   García ", "jose garcia"),
    ],
)
def test_person_names(raw: str, expected: str) -> None:
    assert canonical.person_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Riverside Family Practice, LLC", "Riverside Family Practice"),
        ("Smith & Sons Ltd.", "smith and sons"),
        ("Oakwood Dental Group, P.C.", "OAKWOOD DENTAL"),
    ],
)
def test_company_names_meet(a: str, b: str) -> None:
    assert canonical.company(a) == canonical.company(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.clinic.co.uk/contact", "clinic.co.uk"),
        ("ann@mail.riverside.com", "riverside.com"),
        ("WWW.Example.ORG", "example.org"),
        ("localhost", None),
    ],
)
def test_registrable_domains(raw: str, expected: str | None) -> None:
    assert canonical.domain(raw) == expected


@given(st.text(max_size=40))
def test_names_and_companies_are_idempotent(text: str) -> None:
    for fn in (canonical.person_name, canonical.company):
        once = fn(text)
        assert once is None or fn(once) == once


@given(st.emails())
def test_emails_ignore_case_and_are_idempotent(address: str) -> None:
    once = canonical.email(address)
    assert canonical.email(address.upper()) == once
    assert once is None or canonical.email(once) == once


def _by_phonenumbers(value: str, region: str) -> str | None:
    """The reference: phonenumbers' full parser, as canonical.phone uses for other inputs."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_SEPARATORS = st.sampled_from(["", " ", "-", ".", "  "])


@given(
    prefix=st.sampled_from(["", "1", "+1", "1 ", "+1 ", "+1-", "1-", "+"]),
    area=st.text("0123456789", min_size=2, max_size=4),
    exchange=st.text("0123456789", min_size=3, max_size=3),
    line=st.text("0123456789", min_size=3, max_size=5),
    brackets=st.booleans(),
    first=_SEPARATORS,
    second=_SEPARATORS,
    region=st.sampled_from(["US", "CA"]),
)
def test_north_american_fast_path_agrees_with_phonenumbers(
    prefix: str,
    area: str,
    exchange: str,
    line: str,
    brackets: bool,
    first: str,
    second: str,
    region: str,
) -> None:
    written = f"({area})" if brackets else area
    value = f"{prefix}{written}{first}{exchange}{second}{line}"
    assert canonical.phone(value, region) == _by_phonenumbers(value, region)
