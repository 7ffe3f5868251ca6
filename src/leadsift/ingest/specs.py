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
    LAWFUL_BASIS = "lawful_basis"  # domain/consent.py: a source's spelling, ours stored


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
    # Rows of one file with the same key: "error" (we could not tell which to keep), "fold"
    # (they are the same thing said twice: one row) or "sum" (figures of parts of a whole).
    repeats: str = "error"
    # A row with none of `one_of` is left out with a count instead of rejecting the file
    # (a merged contact list has rows that describe no one).
    leave_out_without_one_of: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


T = ColumnType
# consent columns (added later): in an observation's key only when a row has them, so that
# the keys of observations without them stay what they were
CONSENT_COLUMNS = ("lawful_basis", "consent_at", "consent_ip", "consent_withdrawn_at",
                   "email_opt_out")  # fmt: skip

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
    # people, as observations: the same email on many rows is normal
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
            ColumnSpec("source_id"),
            ColumnSpec("observed_at", T.TIMESTAMP),
            ColumnSpec("created_at", T.TIMESTAMP),
            ColumnSpec("lawful_basis", T.LAWFUL_BASIS),
            ColumnSpec("consent_at", T.TIMESTAMP),
            ColumnSpec("consent_ip"),
            ColumnSpec("consent_withdrawn_at", T.TIMESTAMP),
            ColumnSpec("email_opt_out", T.BOOLEAN),
        ),
        key_columns=(),  # the observation's content (ingest/keys.py)
        upsert=False,
        one_of=("email", "phone", "first_name", "last_name", *sorted(SOCIAL_PLATFORMS)),
        extra_known=SOCIAL_PLATFORMS,
        repeats="fold",
        leave_out_without_one_of=True,
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
        repeats="fold",
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
    # what ad platforms report per campaign (ad set, ad) per day or date range
    "metrics": TableSpec(
        name="metrics",
        columns=(
            ColumnSpec("campaign", required=True),
            ColumnSpec("ad_set"),
            ColumnSpec("ad"),
            ColumnSpec("date", T.DATE),
            ColumnSpec("date_from", T.DATE),
            ColumnSpec("date_to", T.DATE),
            ColumnSpec("amount", T.MONEY),
            ColumnSpec("currency", T.CURRENCY),
            ColumnSpec("impressions", T.INTEGER),
            ColumnSpec("reach", T.INTEGER),
            ColumnSpec("clicks", T.INTEGER),
            ColumnSpec("leads", T.INTEGER),
        ),
        key_columns=("campaign", "ad_set", "ad", "date_from", "date_to", "currency"),
        upsert=True,
        one_of=("date", "date_from"),
        repeats="sum",
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

# the tables `leadsift import KIND` takes (metrics come only from a tool's report, by map)
IMPORT_KINDS: tuple[str, ...] = tuple(t for t in TABLES if t != "metrics")
YIELD_TABLES: tuple[str, ...] = tuple(TABLES)
# the database table each import table is stored in
STORED_AS = {name: ("campaign_metrics" if name == "metrics" else name) for name in TABLES}
