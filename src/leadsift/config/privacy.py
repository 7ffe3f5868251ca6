"""[privacy] in leadsift.toml: how long leadsift keeps people who have gone quiet."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PrivacySettings(BaseModel):
    """`retain_days`: people with no touch and no new record for this many days are erased
    by `leadsift people expire` (unset: kept until erased by request)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    retain_days: int | None = Field(default=None, ge=1, le=36_500)
