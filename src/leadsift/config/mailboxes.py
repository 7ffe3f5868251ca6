"""[mailboxes.NAME] in leadsift.toml: the SMTP accounts sequences send from. Credentials are
never written in the workspace: the settings name the environment variables that hold them.

    [mailboxes.sales]
    host = "smtp.example.com"
    port = 587
    security = "starttls"          # starttls, tls (implicit, port 465) or none
    username_env = "LEADSIFT_SMTP_USER"
    password_env = "LEADSIFT_SMTP_PASSWORD"
    from_address = "sam@vendor.example"
    from_name = "Sam Seller"
    daily_limit = 200
    warmup_start = 20              # a new mailbox sends this many on its first day,
    warmup_step = 10               # then this many more each day, up to daily_limit

    [mailboxes.sales.imap]             # optional: where replies to this mailbox are read
    host = "imap.example.com"
    port = 993
    security = "tls"               # tls (implicit, port 993), starttls (port 143) or none
    folder = "INBOX"
    # username_env / password_env: unset reads with the same variables as SMTP

Replies are only ever read (the folder is opened read-only, bodies fetched without marking
them read): leadsift never deletes, moves or flags the user's mail.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from leadsift.domain.errors import LeadsiftError


class ImapSettings(BaseModel):
    """Where replies to a mailbox arrive. Usually the same account as the SMTP one, so the
    credentials default to the SMTP variables rather than asking for them twice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=993, ge=1, le=65_535)
    security: Literal["tls", "starttls", "none"] = "tls"
    folder: str = Field(default="INBOX", min_length=1, max_length=1000)
    username_env: str | None = None
    password_env: str | None = None
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)


class MailboxSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=587, ge=1, le=65_535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username_env: str | None = None
    password_env: str | None = None
    from_address: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    from_name: str = ""
    daily_limit: int = Field(default=200, ge=1, le=100_000)
    warmup_start: int | None = Field(default=None, ge=1)
    warmup_step: int = Field(default=10, ge=0)
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    imap: ImapSettings | None = None

    def credentials(self, name: str) -> tuple[str, str] | None:
        """(user, password) from the named environment variables (none named: no login);
        a named variable that is unset is a LeadsiftError naming it."""
        if self.username_env is None and self.password_env is None:
            return None
        values = []
        for variable in (self.username_env, self.password_env):
            value = os.environ.get(variable or "")
            if not variable or not value:
                raise LeadsiftError(
                    f"mailbox {name!r}: the environment variable {variable or '(unnamed)'} "
                    "holding its SMTP credential is not set; nothing was sent"
                )
            values.append(value)
        return values[0], values[1]

    def imap_settings(self) -> ImapSettings | None:
        """The [imap] table with its credential variables resolved: each one it leaves
        unset is the SMTP one, since replies usually arrive at the account that sent."""
        if self.imap is None:
            return None
        return self.imap.model_copy(
            update={
                "username_env": self.imap.username_env or self.username_env,
                "password_env": self.imap.password_env or self.password_env,
            }
        )

    def limit_on(self, day_number: int) -> int:
        """How many it may send on its `day_number`-th day of sending (1: the first)."""
        if self.warmup_start is None:
            return self.daily_limit
        return min(self.daily_limit, self.warmup_start + self.warmup_step * (day_number - 1))
