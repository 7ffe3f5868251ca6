"""Fuzzy matching of job titles to the target profile's roles.

Titles arrive as people type them: "Office Mgr, Family Medicine", "Dir. of Clinic Ops",
"PRACTICE ADMINISTRATOR". We expand common abbreviations, drop punctuation, then compare with
rapidfuzz's token-set ratio, which scores a title that *contains* a role title (plus a
specialty or a company) as a full match. Matching runs once per distinct title, never per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

_ABBREVIATIONS = {
    "mgr": "manager", "mngr": "manager", "mgmt": "management", "dir": "director",
    "ops": "operations", "admin": "administrator", "adm": "administrator", "sr": "senior",
    "jr": "junior", "asst": "assistant", "assoc": "associate", "vp": "vice president",
    "svp": "senior vice president", "evp": "executive vice president",
    "coo": "chief operating officer",
    "ceo": "chief executive officer", "cfo": "chief financial officer",
    "cmo": "chief medical officer", "cto": "chief technology officer", "md": "medical doctor",
    "med": "medical", "mktg": "marketing", "exec": "executive", "dept": "department",
    "fac": "facility", "facilities": "facility", "svcs": "services", "hc": "healthcare",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


def normalise_title(title: str) -> str:
    """Lower-case words with abbreviations expanded: 'Dir. of Clinic Ops' -> 'director of
    clinic operations'."""
    words = _WORD.findall(title.lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True)
class RoleMatch:
    role: str
    seniority: int
    score: float  # 0..100
    matched_title: str


@dataclass(frozen=True)
class RoleDefinition:
    name: str
    titles: tuple[str, ...]
    seniority: int


class TitleMatcher:
    """Matches titles to roles; a title excluded by the profile never matches a role."""

    def __init__(
        self,
        *,
        roles: Iterable[RoleDefinition],
        exclude_titles: Iterable[str] = (),
        threshold: float = 82,
    ) -> None:
        self.roles = tuple(roles)
        self.exclude_titles = tuple(normalise_title(t) for t in exclude_titles)
        self.threshold = threshold
        self._choices: list[str] = []
        self._owners: list[RoleDefinition] = []
        for role in self.roles:
            for title in (role.name, *role.titles):
                self._choices.append(normalise_title(title))
                self._owners.append(role)

    def is_excluded(self, title: str) -> bool:
        words = set(normalise_title(title).split())
        return any(set(excluded.split()) <= words for excluded in self.exclude_titles if excluded)

    def match(self, title: str | None) -> RoleMatch | None:
        if not title or not self._choices or self.is_excluded(title):
            return None
        query = normalise_title(title)
        if not query:
            return None
        best = process.extractOne(
            query,
            self._choices,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=self.threshold,
        )
        if best is None:
            return None
        _choice, score, index = best
        # A one-word title ("manager") matches every role containing that word: demand
        # that the title carries most of the role title's words, not just one of them.
        if len(query.split()) < 2 and len(self._choices[index].split()) > 1:
            return None
        owner = self._owners[index]
        return RoleMatch(owner.name, owner.seniority, float(score), self._choices[index])

    def match_many(self, titles: Iterable[str | None]) -> dict[str, RoleMatch | None]:
        """Match each distinct title once."""
        return {title: self.match(title) for title in set(titles) if title}
