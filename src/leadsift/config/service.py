"""[service] in leadsift.toml: what `leadsift serve` makes of the events sent to it."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from leadsift.domain.vocabulary import CHANNELS, TOUCH_KINDS

# Segment's semantic events (email, B2B SaaS forms, video) in leadsift's vocabulary.
DEFAULT_EVENTS: dict[str, str] = {
    "Email Delivered": "email/delivered",
    "Email Opened": "email/open",
    "Email Link Clicked": "email/click",
    "Email Bounced": "email/bounce",
    "Email Marked as Spam": "email/spam_report",
    "Unsubscribed": "email/unsubscribe",
    "Form Submitted": "web/form_submit",
    "Demo Requested": "web/demo_request",
    "Trial Started": "web/form_submit",
    "Video Playback Started": "video/view",
    "Video Content Started": "video/view",
}


WEBHOOK_PROVIDERS = ("sendgrid", "mailgun", "hubspot", "mailchimp", "standard")


class WebhookSettings(BaseModel):
    """[service.webhooks.NAME]: a tool that posts its events to /v1/webhooks/NAME. The secret
    (or SendGrid's public key) is never in the file: `secret_env` names the variable that
    holds it in the server's environment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Literal["sendgrid", "mailgun", "hubspot", "mailchimp", "standard"]
    secret_env: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    # fills the campaign of touches whose events name none (Mailgun's, transactional mail)
    campaign: str | None = None
    # HubSpot signs the URL it calls: give it when a proxy in front of leadsift changes it
    public_url: str | None = None


class ServiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A track call's event name -> "channel/kind"; names not listed are left out, counted.
    events: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_EVENTS))
    # Webhook receivers by the name in their URL.
    webhooks: dict[str, WebhookSettings] = Field(default_factory=dict)
    # New data is scored in the background once it has paused this long (seconds), and at
    # least this often while it keeps coming; 0 for score_after turns background scoring off.
    score_after: float = Field(default=10.0, ge=0)
    score_at_least_every: float = Field(default=120.0, gt=0)
    # `leadsift outreach run` in a child process this often (seconds) while anyone is in a
    # live sequence, one run at a time; 0 turns the service's outreach off.
    outreach_every_seconds: float = Field(default=60.0, ge=0)

    @field_validator("webhooks")
    @classmethod
    def _names(cls, webhooks: dict[str, WebhookSettings]) -> dict[str, WebhookSettings]:
        for name in webhooks:
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,39}", name):
                raise ValueError(
                    f"webhook name {name!r}: use up to 40 lower-case letters, digits, - and _"
                )
        return webhooks

    @field_validator("events")
    @classmethod
    def _known(cls, events: dict[str, str]) -> dict[str, str]:
        for name, target in events.items():
            channel, _, kind = target.partition("/")
            if channel not in CHANNELS or kind not in TOUCH_KINDS:
                raise ValueError(
                    f"event {name!r}: {target!r} is not channel/kind of leadsift's vocabulary"
                )
        return events
