"""The closed vocabularies of the data formats (see DESIGN.md, "Data formats")."""

from __future__ import annotations

CHANNELS: frozenset[str] = frozenset(
    {"email", "webinar", "phone", "social", "video", "ads", "web", "event", "content"}
)

TOUCH_KINDS: frozenset[str] = frozenset(
    {
        # delivery and email
        "sent", "delivered", "open", "click", "reply", "bounce", "unsubscribe", "spam_report",
        # webinars and events
        "register", "attend", "no_show",
        # social, video and ads
        "impression", "view", "like", "share", "comment", "follow", "unfollow", "mention",
        # web and content
        "visit", "download", "form_submit", "demo_request", "contact_request",
        # phone
        "call_attempt", "call_connected", "call_positive", "call_negative", "voicemail",
        # hand-raises
        "meeting_booked",
    }
)  # fmt: skip

OUTCOME_KINDS: frozenset[str] = frozenset({"meeting", "opportunity", "won", "lost"})
# the outcomes that move a deal on, in the funnel's order (every list of them uses it)
PIPELINE_OUTCOMES: tuple[str, ...] = ("meeting", "opportunity", "won")
# what attribution credits: a qualified lead (reaching MQL), then the pipeline outcomes
CREDITED_OUTCOMES: tuple[str, ...] = ("qualified", *PIPELINE_OUTCOMES)

# Platforms whose handles may appear as contact columns, e.g. a `linkedin` column.
SOCIAL_PLATFORMS: frozenset[str] = frozenset(
    {"linkedin", "twitter", "x", "instagram", "facebook", "tiktok", "youtube", "github", "mastodon"}
)

# Kinds that make someone a "lead" in the usual, volume-minded sense.
LEAD_KINDS: tuple[str, ...] = (
    "form_submit", "register", "download", "reply", "demo_request", "contact_request",
    "call_positive", "meeting_booked",
)  # fmt: skip
# Kinds that mean a message reached someone (shown, delivered, opened, answered).
REACH_KINDS: tuple[str, ...] = (
    "impression",
    "view",
    "delivered",
    "open",
    "visit",
    "call_connected",
    "attend",
)
