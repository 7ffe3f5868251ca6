"""The return date an out-of-office gives ("back on 12 March", "de retour le 3 janvier",
"regreso el 5 de febrero", "until 14/04"), relative to the day the message was sent.

A date without a year is the next one on or after the message day. A numeric date is read
day first in Spanish and French; in English, where both orders are common, the reading that
lands soonest after the message day wins (an absence is days or weeks, not months). When a
message names several dates ("from 3 to 14 April"), the one after a return word ("back",
"until", "hasta", "jusqu'au"...) is the return date, otherwise the latest."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
):
    for _number, _name in enumerate(_names.split(), start=1):
        _MONTHS[_name] = _number
        _MONTHS.setdefault(_name[:3], _number)
_MONTHS.update({"sept": 9, "setiembre": 9, "janv": 1, "fevr": 2, "avr": 4, "juil": 7})
_WEEKDAYS: dict[str, int] = {}
for _names in (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lunes martes miercoles jueves viernes sabado domingo",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
):
    for _number, _name in enumerate(_names.split()):
        _WEEKDAYS[_name] = _number

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|°)?\s*(?:de\s+|of\s+)?({_MONTH})\.?\b"
    r"(?:,?\s*(?:de\s+)?(\d{4}))?"
)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/]|\.\d)")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_TOMORROW = re.compile(
    r"\b(?:back|return\w*|regreso|vuelvo|retour|reviens)\s+(?:tomorrow|manana|demain)\b"
)
# words that introduce the day someone is back (or the last day they are away)
_CUE = re.compile(
    r"\b(?:back|return|returning|until|till|til|through|thru|resume|reopen|"
    r"hasta|regreso|regresare|regresa|vuelvo|volvere|vuelta|reincorporo|volvemos|regresamos|"
    r"retour|jusqu'au|jusqu'a|reviendrai|reviens|rentre|reouverture)\w*\W{1,3}(?:\w+\W{1,3}){0,5}$"
)
_MAX_AHEAD_DAYS = 366


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _make(year: int | None, month: int, day: int, sent: dt.date) -> dt.date | None:
    """The date, or without a year the first one from a week before `sent` (None if none)."""
    years = [year] if year is not None else [sent.year, sent.year + 1]
    for candidate_year in years:
        try:
            value = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        # an absence may have started a few days before the message ("from 3 to 14 April")
        if year is not None or value >= sent - dt.timedelta(days=7):
            return value
    return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    number = int(text)
    return number + 2000 if number < 100 else number


def _numeric(match: re.Match[str], sent: dt.date, language: str) -> dt.date | None:
    first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    readings = [_make(year, second, first, sent)]  # day first
    if language == "en" or readings[0] is None:
        readings.append(_make(year, first, second, sent))  # month first
    valid = [value for value in readings if value is not None and value >= sent]
    return min(valid, key=lambda value: value - sent) if valid else None


def _candidates(text: str, sent: dt.date, language: str) -> list[tuple[int, dt.date]]:
    found: list[tuple[int, dt.date]] = []
    spans: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: dt.date | None) -> None:
        if value is None or any(s <= match.start() < e for s, e in spans):
            return
        if not sent - dt.timedelta(days=7) <= value <= sent + dt.timedelta(days=_MAX_AHEAD_DAYS):
            return
        spans.append(match.span())
        found.append((match.start(), value))

    for match in _ISO.finditer(text):
        try:
            add(match, dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            continue
    for match in _DAY_MONTH.finditer(text):
        add(match, _make(_year(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)), sent))
    for match in _MONTH_DAY.finditer(text):
        add(match, _make(_year(match.group(3)), _MONTHS[match.group(1)], int(match.group(2)), sent))
    for match in _NUMERIC.finditer(text):
        add(match, _numeric(match, sent, language))
    if not found:  # a weekday alone: "back on Monday", "de retour lundi"
        for match in _WEEKDAY.finditer(text):
            ahead = (_WEEKDAYS[match.group(1)] - sent.weekday()) % 7 or 7
            if _CUE.search(text[max(0, match.start() - 40) : match.start()]):
                add(match, sent + dt.timedelta(days=ahead))
        for match in _TOMORROW.finditer(text):
            add(match, sent + dt.timedelta(days=1))
    return sorted(found)


def extract_return_date(text: str, sent: dt.date, language: str = "en") -> dt.date | None:
    """The return date the text names, or None when it names none."""
    folded = _fold(text[:20_000])
    found = _candidates(folded, sent, language)
    if not found:
        return None
    cued = [value for start, value in found if _CUE.search(folded[max(0, start - 40) : start])]
    return cued[0] if cued else max(value for _, value in found)
