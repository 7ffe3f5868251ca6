"""Workspace settings, read from leadsift.toml and validated with pydantic."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from leadsift.config.attribution import AttributionSettings
from leadsift.config.authenticity import AuthenticitySettings
from leadsift.config.identity import IdentitySettings
from leadsift.config.mailboxes import MailboxSettings
from leadsift.config.outreach import OutreachSettings
from leadsift.config.privacy import PrivacySettings
from leadsift.config.scoring import FitSettings, IntentSettings, StageSettings
from leadsift.config.service import ServiceSettings
from leadsift.domain.errors import ConfigError

SETTINGS_FILE = "leadsift.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSettings(_Section):
    url: str = "sqlite:///leadsift.db"

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("must start with sqlite: or postgresql:")
        return value


class ImportSettings(_Section):
    batch_rows: Annotated[int, Field(ge=100, le=1_000_000)] = 50_000
    default_currency: Annotated[str, Field(min_length=3, max_length=3)] = "USD"


class RoleSettings(_Section):
    name: str
    titles: list[str]
    seniority: Annotated[int, Field(ge=1, le=5)] = 3


class TargetProfile(_Section):
    industries: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    employees_min: Annotated[int, Field(ge=0)] = 0
    employees_max: Annotated[int, Field(ge=1)] = 1_000_000
    roles: list[RoleSettings] = Field(default_factory=list)
    exclude_domains: list[str] = Field(default_factory=list)
    exclude_titles: list[str] = Field(default_factory=list)
    free_mail_is_b2b_negative: bool = True


class ReportSettings(_Section):
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "USD"


class Settings(_Section):
    database: DatabaseSettings = DatabaseSettings()
    imports: ImportSettings = Field(default=ImportSettings(), alias="import")
    target: TargetProfile = TargetProfile()
    identity: IdentitySettings = IdentitySettings()
    fit: FitSettings = FitSettings()
    intent: IntentSettings = IntentSettings()
    stages: StageSettings = StageSettings()
    authenticity: AuthenticitySettings = AuthenticitySettings()
    report: ReportSettings = ReportSettings()
    attribution: AttributionSettings = AttributionSettings()
    privacy: PrivacySettings = PrivacySettings()
    outreach: OutreachSettings = OutreachSettings()
    service: ServiceSettings = ServiceSettings()
    mailboxes: dict[str, MailboxSettings] = {}


def load_settings(path: Path) -> Settings:
    """Read and validate a leadsift.toml; every problem names the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc.strerror}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"])
            line = _line_of_key(text, key)
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: {key}: {error['msg']}")
        raise ConfigError("\n".join(problems)) from None


def _line_of_key(text: str, dotted_key: str) -> int | None:
    """Best-effort line of a key's last segment, so a config error points somewhere useful."""
    last = dotted_key.split(".")[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith((f"{last} ", f"{last}=", f"[{last}]", f"[[{last}]]")):
            return number
    return None
