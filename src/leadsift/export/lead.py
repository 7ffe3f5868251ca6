"""A lead as the lists and exports see it: one resolved person with scores and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Lead:
    person_id: int
    email: str | None
    first_name: str | None
    last_name: str | None
    title: str | None
    role: str | None  # the target-profile role the title matched, if any
    phone: str | None
    company: str | None
    account: str | None  # the matched account's name
    account_domain: str | None
    account_target: bool  # a named target account
    account_tier: str | None
    country: str | None
    fit: int  # 0..100
    grade: str  # A..F
    intent: int  # 0..100
    stage: str  # audience, engaged, mql, sql, meeting, opportunity, customer, nurture, disqualified
    probability: float | None  # predicted P(meeting), when a model exists
    priority: float  # sort key of lead lists, higher first
    reasons: list[str] = field(default_factory=list)  # why, in words, strongest first
    last_touch_at: datetime | None = None
    campaigns: list[str] = field(default_factory=list)
    account_match: str | None = None  # "strong" (by domain) or "weak" (by company name)
    lawful_basis: str | None = None  # what their sources state (privacy/consent.py)
    consent_withdrawn: bool = False  # unsubscribed or opted out after their last opt-in
