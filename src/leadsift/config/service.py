"""[service] in leadsift.toml: what `leadsift serve` makes of the events sent to it."""

from __future__ import annotations

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


class ServiceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A track call's event name -> "channel/kind"; names not listed are left out, counted.
    events: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_EVENTS))

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
