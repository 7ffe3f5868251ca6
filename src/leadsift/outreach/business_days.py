"""Waits counted in the recipient's business days: "wait 3 business days" after a Friday
email is Wednesday, in their time zone, not ours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leadsift.domain.errors import LeadsiftError

# a country's business time zone where the person's own is unknown (the largest city's)
COUNTRY_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City",
    "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "GB": "Europe/London",
    "IE": "Europe/Dublin", "FR": "Europe/Paris", "ES": "Europe/Madrid", "DE": "Europe/Berlin",
    "IT": "Europe/Rome", "NL": "Europe/Amsterdam", "BE": "Europe/Brussels",
    "CH": "Europe/Zurich", "AT": "Europe/Vienna", "PT": "Europe/Lisbon", "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki",
    "PL": "Europe/Warsaw", "IN": "Asia/Kolkata", "SG": "Asia/Singapore", "JP": "Asia/Tokyo",
    "AU": "Australia/Sydney", "NZ": "Pacific/Auckland", "ZA": "Africa/Johannesburg",
}  # fmt: skip
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def zone_for(country: str | None, fallback: str = "UTC") -> ZoneInfo:
    """The time zone of a country code (or the fallback zone's name)."""
    name = COUNTRY_ZONES.get((country or "").strip().upper()[:2], fallback)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise LeadsiftError(f"{name!r} is not a time zone") from None


def add_business_days(
    start: datetime, days: int, zone: ZoneInfo, working: tuple[str, ...] = ("mon", "tue",
    "wed", "thu", "fri"),
) -> datetime:  # fmt: skip
    """`start` (aware) moved on by `days` working days of the recipient's calendar, at the
    same local time; a start on a day off counts from the next working day."""
    if start.tzinfo is None:
        raise LeadsiftError("a time without a zone cannot be counted in business days")
    allowed = {WEEKDAY_NUMBERS[d] for d in working}
    local = start.astimezone(zone)
    day, left = local.date(), days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() in allowed:
            left -= 1
    while day.weekday() not in allowed:
        day += timedelta(days=1)
    moved = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)
    return moved.astimezone(UTC)
