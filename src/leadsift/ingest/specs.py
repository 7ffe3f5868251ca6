"""What each importable table expects: its columns, their types and its row key."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from leadsift.domain.vocabulary import CHANNELS, OUTCOME_KINDS, SOCIAL_PLATFORMS, TOUCH_KINDS


class ColumnType(Enum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"
    DATE = "date"
    CURRENCY = "currency"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False  # the column must exist and every row must have a value
    allowed: frozenset[str] | None = None  # closed vocabulary, compared lower-case


@dataclass(frozen=True)
class TableSpec:
    """One importable table. `key_columns` identify a row for idempotent re-imports;
    `one_of` lists columns of which each row needs at least one."""

    name: str
    columns: tuple[ColumnSpec, ...]
    key_columns: tuple[str, ...]
    upsert: bool  # a re-imported key updates the row (True) or is skipped (False)
    one_of: tuple[str, ...] = ()
    extra_known: frozenset[str] = field(default_factory=frozenset)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


T = ColumnType

TABLES: dict[str, TableSpec] = {
    "touches": TableSpec(
        name="touches",
        columns=(
            ColumnSpec("touch_id"),
            ColumnSpec("campaign"),
            ColumnSpec("channel", required=True, allowed=CHANNELS),
            ColumnSpec("kind", required=True, allowed=TOUCH_KINDS),
            ColumnSpec("occurred_at", T.TIMESTAMP, required=True),
            ColumnSpec("email"),
            ColumnSpec("phone"),
            ColumnSpec("handle"),
            ColumnSpec("platform"),
            ColumnSpec("anonymous_id"),
            ColumnSpec("ip"),
            ColumnSpec("user_agent"),
            ColumnSpec("url"),
            ColumnSpec("seconds_since_send", T.NUMBER),
            ColumnSpec("value", T.NUMBER),
        ),
        key_columns=("touch_id",),
        upsert=False,
    ),
    "contacts": TableSpec(
        name="contacts",
        columns=(
            ColumnSpec("email"),
            ColumnSpec("first_name"),
            ColumnSpec("last_name"),
            ColumnSpec("title"),
            ColumnSpec("phone"),
            ColumnSpec("company"),
            ColumnSpec("domain"),
            ColumnSpec("country"),
            ColumnSpec("city"),
            ColumnSpec("source"),
            ColumnSpec("created_at", T.TIMESTAMP),
        ),
        key_columns=("email",),
        upsert=True,
        one_of=("email", "phone", *sorted(SOCIAL_PLATFORMS)),
        extra_known=SOCIAL_PLATFORMS,
    ),
    "accounts": TableSpec(
        name="accounts",
        columns=(
            ColumnSpec("name"),
            ColumnSpec("domain"),
            ColumnSpec("industry"),
            ColumnSpec("employees", T.INTEGER),
            ColumnSpec("country"),
            ColumnSpec("target", T.BOOLEAN),
            ColumnSpec("tier"),
        ),
        key_columns=("domain",),
        upsert=True,
        one_of=("domain", "name"),
    ),
    "campaigns": TableSpec(
        name="campaigns",
        columns=(
            ColumnSpec("campaign", required=True),
            ColumnSpec("channel", allowed=CHANNELS),
            ColumnSpec("started_at", T.TIMESTAMP),
            ColumnSpec("ended_at", T.TIMESTAMP),
        ),
        key_columns=("campaign",),
        upsert=True,
    ),
    "spend": TableSpec(
        name="spend",
        columns=(
            ColumnSpec("campaign", required=True),
            ColumnSpec("date", T.DATE, required=True),
            ColumnSpec("amount", T.MONEY, required=True),
            ColumnSpec("currency", T.CURRENCY),
        ),
        key_columns=("campaign", "date", "currency"),
        upsert=True,
    ),
    "outcomes": TableSpec(
        name="outcomes",
        columns=(
            ColumnSpec("email"),
            ColumnSpec("account"),
            ColumnSpec("kind", required=True, allowed=OUTCOME_KINDS),
            ColumnSpec("occurred_at", T.TIMESTAMP, required=True),
            ColumnSpec("amount", T.MONEY),
        ),
        key_columns=("email", "account", "kind", "occurred_at"),
        upsert=True,
        one_of=("email", "account"),
    ),
    "profiles": TableSpec(
        name="profiles",
        columns=(
            ColumnSpec("platform", required=True),
            ColumnSpec("handle", required=True),
            ColumnSpec("name"),
            ColumnSpec("followers", T.INTEGER),
            ColumnSpec("following", T.INTEGER),
            ColumnSpec("posts", T.INTEGER),
            ColumnSpec("likes", T.INTEGER),
            ColumnSpec("listed", T.INTEGER),
            ColumnSpec("created_at", T.TIMESTAMP),
            ColumnSpec("bio"),
            ColumnSpec("url"),
            ColumnSpec("location"),
            ColumnSpec("has_default_image", T.BOOLEAN),
            ColumnSpec("verified", T.BOOLEAN),
            ColumnSpec("observed_at", T.TIMESTAMP),
        ),
        key_columns=("platform", "handle"),
        upsert=True,
    ),
}

IMPORT_KINDS: tuple[str, ...] = tuple(TABLES)
