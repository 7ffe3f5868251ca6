"""Out-of-office return dates in three languages, relative to the day the message was sent."""

from __future__ import annotations

import datetime as dt

import pytest

from leadsift.outreach.return_dates import extract_return_date

SENT = dt.date(2025, 3, 10)  # a Monday


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("I'm out of the office and back on 12 March.", "en", "2025-03-12"),
        ("I will return on Monday, March 17th.", "en", "2025-03-17"),
        ("Out until 24/03/2025, limited access to email.", "en", "2025-03-24"),
        ("Back 3/17.", "en", "2025-03-17"),  # only month-first is a date
        ("Back 17/03.", "en", "2025-03-17"),  # only day-first is a date
        ("Away from 7 to 14 March.", "en", "2025-03-14"),
        ("Back on Friday.", "en", "2025-03-14"),
        ("I'm back tomorrow.", "en", "2025-03-11"),
        ("On leave, returning 2025-04-02.", "en", "2025-04-02"),
        ("Je suis absent et serai de retour le 3 janvier.", "fr", "2026-01-03"),
        ("Absente jusqu'au 14 avril.", "fr", "2025-04-14"),
        ("Je serai absent du 8 au 21 mars.", "fr", "2025-03-21"),
        ("Réouverture le lundi 17 mars.", "fr", "2025-03-17"),
        ("Je suis en congé jusqu'au 05/04.", "fr", "2025-04-05"),  # day first in French
        ("Estoy de vacaciones y regreso el 5 de febrero.", "es", "2026-02-05"),
        ("Fuera de la oficina hasta el 05/04.", "es", "2025-04-05"),  # day first in Spanish
        ("Estaré ausente del 8 al 21 de marzo de 2025.", "es", "2025-03-21"),
        ("Vuelvo el lunes.", "es", "2025-03-17"),
        ("Estoy fuera de la oficina con acceso limitado.", "es", None),
        ("I'm at a conference this week.", "en", None),
    ],
)
def test_return_date(text: str, language: str, expected: str | None) -> None:
    found = extract_return_date(text, SENT, language)
    assert (found.isoformat() if found else None) == expected


def test_ambiguous_english_numeric_date_is_read_as_the_sooner_one() -> None:
    # 04/05 is 4 May (day first) or 5 April (month first): an absence is short, so April
    assert extract_return_date("Back 04/05.", SENT, "en") == dt.date(2025, 4, 5)


def test_a_date_without_a_year_rolls_into_next_year() -> None:
    assert extract_return_date("back on 5 January", dt.date(2025, 12, 20)) == dt.date(2026, 1, 5)


def test_huge_text_is_bounded() -> None:
    assert extract_return_date("back on 12 March " + "x " * 1_000_000, SENT) is not None
