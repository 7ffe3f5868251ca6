"""How scores are put into words, shared by every reason we write."""

from __future__ import annotations


def signed(points: float) -> str:
    """'+18', '-25': the points a reason added or took away."""
    return f"{points:+.0f}"


def ago(days: int) -> str:
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
