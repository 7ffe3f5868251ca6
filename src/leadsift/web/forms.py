"""What pages share about input: field errors, dates, pages of a long list, safe `next=`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 50


class FieldErrors(dict[str, str]):
    """A form's bad values: field name -> the message shown beside that field."""


def parse_date(value: str | None, field: str, errors: FieldErrors) -> date | None:
    """A YYYY-MM-DD date, None for an empty field; a bad one is noted in `errors`."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[field] = f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-05-01"
        return None


def parse_offset(value: str | None) -> int:
    try:
        return max(0, min(int(value or 0), 10_000_000))
    except ValueError:
        return 0


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, where it starts, and whether more follow."""

    items: list[T]
    offset: int
    limit: int
    more: bool

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.more else None

    @property
    def first(self) -> int:
        return self.offset + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.items)


def page_of(found: list[T], offset: int, limit: int = PAGE_SIZE) -> Page[T]:
    """A page from a list fetched from `offset` with one item more than `limit`."""
    return Page(found[:limit], offset, limit, len(found) > limit)


def slice_page(every: list[T], offset: int, limit: int = PAGE_SIZE) -> Page[T]:
    """A page cut from a whole list."""
    return page_of(every[offset : offset + limit + 1], offset, limit)


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a path on this site only (never `//other.site` or
    `https://other.site`: no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def query_args(**params: Any) -> dict[str, Any]:
    """Non-empty parameters, to rebuild a page's query in its links."""
    return {k: v for k, v in params.items() if v not in (None, "", False)}
