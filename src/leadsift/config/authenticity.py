"""[authenticity] in leadsift.toml: the detectors' thresholds, validated by pydantic."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AuthenticitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scanner_max_seconds: Annotated[float, Field(ge=0, le=3600)] = 30
    scanner_links_same_second: Annotated[int, Field(ge=2, le=100)] = 3
    scanner_agents: list[str] = Field(
        default_factory=lambda: [
            "barracuda", "mimecast", "proofpoint", "urldefense", "safelinks", "symantec",
            "forcepoint", "trendmicro", "fireeye", "bot", "spider", "crawler", "python-requests",
            "curl/", "Chrome/41.0",
        ]
    )  # fmt: skip
    scanner_networks: list[str] = Field(
        default_factory=lambda: ["52.94.0.0/16", "40.92.0.0/15", "104.47.0.0/17"]
    )
    honeypot_urls: list[str] = Field(default_factory=list)
    proxy_max_seconds: Annotated[float, Field(ge=0, le=86_400)] = 120
    proxy_networks: list[str] = Field(default_factory=lambda: ["17.0.0.0/8"])
    proxy_agents: list[str] = Field(default_factory=lambda: ["Mozilla/5.0"])
    form_min_seconds: Annotated[float, Field(ge=0, le=600)] = 3
    signup_burst_minutes: Annotated[float, Field(gt=0, le=1440)] = 10
    signup_burst_size: Annotated[int, Field(ge=3, le=10_000)] = 10
    role_addresses: list[str] = Field(
        default_factory=lambda: ["info", "admin", "test", "sales", "support", "office",
                                 "contact", "hello", "noreply", "no-reply", "webmaster"]
    )  # fmt: skip
    bot_probability: Annotated[float, Field(gt=0, lt=1)] = 0.5
    burst_window_minutes: Annotated[float, Field(gt=0, le=1440)] = 60
    burst_factor: Annotated[float, Field(gt=1, le=1000)] = 5
    burst_min_events: Annotated[int, Field(ge=5, le=100_000)] = 25

    @field_validator("scanner_networks", "proxy_networks")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValueError(f"{value!r} is not a network like 17.0.0.0/8") from None
        return values

    @field_validator("scanner_agents")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(re.escape(value))
            except re.error as exc:  # pragma: no cover - escaped text always compiles
                raise ValueError(f"bad pattern {value!r}: {exc}") from None
        return values
