"""The workspace schema as SQLAlchemy Core tables.

These describe the *current* schema for queries. The database itself is created and changed
only by the Alembic migrations in `leadsift/store/migrations`; a test checks the two agree.
Timestamps are stored in UTC. Every table keeps the columns a user's file had but we do not
know in `attributes` (JSON), and the import that last wrote the row in `import_id`.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

UtcTimestamp = sa.DateTime(timezone=True)


def _provenance() -> list[sa.Column[object]]:
    return [
        sa.Column("attributes", sa.JSON, nullable=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=True),
    ]


imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # the table a file went into; "several" for a map that yields more (see summary)
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("format", sa.String(10), nullable=False),
    sa.Column("column_map", sa.Text, nullable=True),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("rows_new", sa.Integer, nullable=False),
    sa.Column("started_at", UtcTimestamp, nullable=False),
    sa.Column("finished_at", UtcTimestamp, nullable=False),
    sa.Column("result", sa.String(20), nullable=False),
    sa.Column("warnings", sa.Text, nullable=True),
    # rows read and new per table, and rows a map left out, per value (processed: 12, ...)
    sa.Column("summary", sa.JSON, nullable=True),
    sa.Index("ix_imports_sha256_kind", "sha256", "kind"),
)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_key", sa.String(255), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("domain", sa.String(255), nullable=True),
    sa.Column("industry", sa.Text, nullable=True),
    sa.Column("employees", sa.Integer, nullable=True),
    sa.Column("country", sa.String(64), nullable=True),
    sa.Column("target", sa.Boolean, nullable=True),
    sa.Column("tier", sa.String(32), nullable=True),
    *_provenance(),
    sa.Index("ix_accounts_domain", "domain"),
)

persons = sa.Table(
    "persons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=True),
    sa.Column("created_at", UtcTimestamp, nullable=False),
    # why this person is not a real prospect (bot, bought follower, ...); None = authentic
    sa.Column("noise", sa.String(64), nullable=True),
    sa.Index("ix_persons_account_id", "account_id"),
)

# Every row that describes a person (a CRM export, a webinar registrant, a lead form) is kept
# here as an observation, many per person; each person's current attributes are drawn from
# them (identity/attributes.py). The key is the observation's content, so a file imported
# again adds nothing.
contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("contact_key", sa.String(255), nullable=False, unique=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("first_name", sa.Text, nullable=True),
    sa.Column("last_name", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("phone", sa.String(64), nullable=True),
    sa.Column("company", sa.Text, nullable=True),
    sa.Column("domain", sa.String(255), nullable=True),
    sa.Column("country", sa.String(64), nullable=True),
    sa.Column("source", sa.Text, nullable=True),
    sa.Column("handles", sa.JSON, nullable=True),
    sa.Column("city", sa.String(128), nullable=True),
    sa.Column("created_at", UtcTimestamp, nullable=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=True),
    sa.Column("source_id", sa.String(255), nullable=True),  # the tool's own record id
    # crm, list, webinar, form, email, ads, event, api: what [identity] source_priority ranks
    sa.Column("source_type", sa.String(32), nullable=True),
    sa.Column("observed_at", UtcTimestamp, nullable=True),  # else the import's time
    # what the source says of consent (domain/consent.py): the basis, an opt-in's time and
    # address, a withdrawal (unsubscribe) time, an email opt-out
    sa.Column("lawful_basis", sa.String(32), nullable=True),
    sa.Column("consent_at", UtcTimestamp, nullable=True),
    sa.Column("consent_ip", sa.String(64), nullable=True),
    sa.Column("consent_withdrawn_at", UtcTimestamp, nullable=True),
    sa.Column("email_opt_out", sa.Boolean, nullable=True),
    # a reply said this address is not the person we meant (left, wrong role): not written
    # to again, and shown as stale
    sa.Column("stale_at", UtcTimestamp, nullable=True),
    *_provenance(),
    sa.Index("ix_contacts_email", "email"),
    sa.Index("ix_contacts_domain", "domain"),
    sa.Index("ix_contacts_person_id", "person_id"),
)

identities = sa.Table(
    "identities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # email, phone, handle, anonymous
    sa.Column("value", sa.String(320), nullable=False),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
    sa.Column("first_seen_at", UtcTimestamp, nullable=True),
    sa.UniqueConstraint("kind", "value", name="uq_identities_kind_value"),
    sa.Index("ix_identities_person_id", "person_id"),
)

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign", sa.String(255), nullable=False, unique=True),
    sa.Column("channel", sa.String(16), nullable=True),
    sa.Column("started_at", UtcTimestamp, nullable=True),
    sa.Column("ended_at", UtcTimestamp, nullable=True),
    *_provenance(),
)

spend = sa.Table(
    "spend",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign", sa.String(255), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("amount", sa.Numeric(14, 2), nullable=False),
    *_provenance(),
    sa.UniqueConstraint("campaign", "date", "currency", name="uq_spend_campaign_date_currency"),
)

campaign_metrics = sa.Table(
    "campaign_metrics",
    metadata,
    # What an ad platform reports per campaign (and ad set, and ad) per day or date range.
    # Rows of one file with the same campaign, ad set, ad and dates are summed on import.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("metric_key", sa.String(64), nullable=False, unique=True),
    sa.Column("campaign", sa.String(255), nullable=False),
    sa.Column("ad_set", sa.String(255), nullable=True),
    sa.Column("ad", sa.String(255), nullable=True),
    sa.Column("date_from", sa.Date, nullable=False),
    sa.Column("date_to", sa.Date, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("amount", sa.Numeric(14, 2), nullable=True),
    sa.Column("impressions", sa.BigInteger, nullable=True),
    sa.Column("reach", sa.BigInteger, nullable=True),
    sa.Column("clicks", sa.BigInteger, nullable=True),
    sa.Column("leads", sa.BigInteger, nullable=True),
    *_provenance(),
    sa.Index("ix_campaign_metrics_campaign", "campaign"),
)

touches = sa.Table(
    "touches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("touch_key", sa.String(64), nullable=False, unique=True),
    sa.Column("touch_id", sa.Text, nullable=True),
    sa.Column("campaign", sa.String(255), nullable=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("occurred_at", UtcTimestamp, nullable=False),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("phone", sa.String(64), nullable=True),
    sa.Column("handle", sa.String(255), nullable=True),
    sa.Column("platform", sa.String(32), nullable=True),
    sa.Column("anonymous_id", sa.String(255), nullable=True),
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("user_agent", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("seconds_since_send", sa.Float, nullable=True),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=True),
    # why this touch is not human activity (scanner_click, proxy_open, bot, ...); None = authentic
    sa.Column("noise", sa.String(64), nullable=True),
    *_provenance(),
    sa.Index("ix_touches_campaign_kind", "campaign", "kind"),
    sa.Index("ix_touches_occurred_at", "occurred_at"),
    sa.Index("ix_touches_email", "email"),
    sa.Index("ix_touches_person_id", "person_id"),
)

profiles = sa.Table(
    "profiles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("profile_key", sa.String(300), nullable=False, unique=True),
    sa.Column("platform", sa.String(32), nullable=False),
    sa.Column("handle", sa.String(255), nullable=False),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("followers", sa.BigInteger, nullable=True),
    sa.Column("following", sa.BigInteger, nullable=True),
    sa.Column("posts", sa.BigInteger, nullable=True),
    sa.Column("likes", sa.BigInteger, nullable=True),
    sa.Column("listed", sa.BigInteger, nullable=True),
    sa.Column("created_at", UtcTimestamp, nullable=True),
    sa.Column("bio", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("location", sa.Text, nullable=True),
    sa.Column("has_default_image", sa.Boolean, nullable=True),
    sa.Column("verified", sa.Boolean, nullable=True),
    sa.Column("observed_at", UtcTimestamp, nullable=True),
    *_provenance(),
    sa.Index("ix_profiles_platform_handle", "platform", "handle"),
)

outcomes = sa.Table(
    "outcomes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("outcome_key", sa.String(64), nullable=False, unique=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("account", sa.Text, nullable=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("occurred_at", UtcTimestamp, nullable=False),
    sa.Column("amount", sa.Numeric(14, 2), nullable=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=True),
    *_provenance(),
    sa.Index("ix_outcomes_email", "email"),
    sa.Index("ix_outcomes_kind", "kind"),
    # the report joins each engaged person to their outcomes
    sa.Index("ix_outcomes_person_id", "person_id"),
)


score_runs = sa.Table(
    "score_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mode", sa.String(16), nullable=False),  # full, incremental
    sa.Column("started_at", UtcTimestamp, nullable=False),
    sa.Column("finished_at", UtcTimestamp, nullable=True),
    sa.Column("as_of", UtcTimestamp, nullable=True),
    sa.Column("last_import_id", sa.Integer, nullable=True),  # imports up to here are scored
    sa.Column("persons_changed", sa.Integer, nullable=True),
    # a hash of the scoring settings: when they change, cached intent must be rebuilt
    sa.Column("settings_hash", sa.String(64), nullable=True),
    # the probabilistic links as they were (a split or a resolve changes it); with no new
    # import and the same links, a later run can reuse identities and flags as they stand
    sa.Column("links_state", sa.String(64), nullable=True),
    sa.Column("checks", sa.JSON, nullable=True),  # flagged, bursts, malformed of that run
)

intent_components = sa.Table(
    "intent_components",
    metadata,
    # Per person and touch kind: the decay-weighted count of (capped) events, taken at the
    # fixed epoch INTENT_EPOCH so it can be re-aged to any as-of time without the touches.
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("decayed", sa.Float, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("last_at", UtcTimestamp, nullable=False),
)

person_scores = sa.Table(
    "person_scores",
    metadata,
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=True),
    sa.Column("role", sa.Text, nullable=True),
    sa.Column("in_target", sa.Boolean, nullable=False),
    sa.Column("fit", sa.Integer, nullable=False),
    sa.Column("grade", sa.String(1), nullable=False),
    sa.Column("intent", sa.Integer, nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("stage_since", UtcTimestamp, nullable=True),
    sa.Column("probability", sa.Float, nullable=True),
    sa.Column("priority", sa.Float, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=True),
    sa.Column("last_touch_at", UtcTimestamp, nullable=True),
    sa.Column("scored_at", UtcTimestamp, nullable=False),
    sa.Index("ix_person_scores_stage", "stage"),
    sa.Index("ix_person_scores_account_id", "account_id"),
)

stage_history = sa.Table(
    "stage_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
    sa.Column("stage", sa.String(16), nullable=False),
    sa.Column("previous_stage", sa.String(16), nullable=True),
    sa.Column("entered_at", UtcTimestamp, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("score_runs.id"), nullable=True),
    sa.Index("ix_stage_history_person_id", "person_id"),
)

person_links = sa.Table(
    "person_links",
    metadata,
    # A probabilistic match between two contact records, found by `leadsift people resolve`.
    # Active links join their records into one person on the next `leadsift score`; a link
    # rejected by `leadsift people split` is kept so that it is never proposed again.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("contact_id_l", sa.Integer, sa.ForeignKey("contacts.id"), nullable=False),
    sa.Column("contact_id_r", sa.Integer, sa.ForeignKey("contacts.id"), nullable=False),
    sa.Column("match_probability", sa.Float, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),  # active, rejected
    sa.Column("created_at", UtcTimestamp, nullable=False),
    sa.Column("decided_at", UtcTimestamp, nullable=True),
    sa.UniqueConstraint("contact_id_l", "contact_id_r", name="uq_person_links_pair"),
)

match_models = sa.Table(
    "match_models",
    metadata,
    # Parameters of the probabilistic person matcher, estimated from this workspace's
    # contacts; reused by later scores until the contacts have grown enough to retrain.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("trained_at", UtcTimestamp, nullable=False),
    sa.Column("records", sa.Integer, nullable=False),
    sa.Column("model", sa.JSON, nullable=False),
)

conversion_models = sa.Table(
    "conversion_models",
    metadata,
    # A model trained by `leadsift model train` on this workspace's history; the latest is
    # applied by `leadsift score`. The card says what data, features and figures it has.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("trained_at", UtcTimestamp, nullable=False),
    sa.Column("card", sa.JSON, nullable=False),
    sa.Column("model", sa.Text, nullable=False),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    # Keys for the HTTP service. Only a SHA-256 of each key is kept (keys are 256 random
    # bits, so a fast hash is safe; passwords get argon2); `prefix` lets a user tell them apart.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("scope", sa.String(16), nullable=False),  # ingest, read, admin
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UtcTimestamp, nullable=False),
    sa.Column("revoked_at", UtcTimestamp, nullable=True),
    sa.Column("last_used_at", UtcTimestamp, nullable=True),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    # Every write through the service: who (the key), what, when.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UtcTimestamp, nullable=False),
    sa.Column("api_key_id", sa.Integer, sa.ForeignKey("api_keys.id"), nullable=True),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.JSON, nullable=True),
)

api_messages = sa.Table(
    "api_messages",
    metadata,
    # The messageId of every tracking call taken: a call that comes back (a retry, a replay)
    # finds its id here and stores nothing, however much later it comes.
    sa.Column("message_id", sa.String(200), primary_key=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("received_at", UtcTimestamp, nullable=False),
)

visitor_links = sa.Table(
    "visitor_links",
    metadata,
    # Tracking calls that say two of a visitor's ids are one person (identity/link.py reads
    # each row as one record): an identify call's anonymousId beside its userId and email,
    # and an alias call's previousId (kept as anonymous_id: an earlier anonymousId or
    # userId) beside its userId.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # identify, alias
    sa.Column("anonymous_id", sa.String(255), nullable=True),
    sa.Column("user_id", sa.String(255), nullable=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("source", sa.String(32), nullable=False),  # segment
    sa.Column("observed_at", UtcTimestamp, nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=True),
)

users = sa.Table(
    "users",
    metadata,
    # People who log in to the dashboard. Only an argon2 hash of each password is kept.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),  # admin, marketer, viewer
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", UtcTimestamp, nullable=False),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    # Logged-in dashboard sessions: the SHA-256 of the cookie's id (never the id itself)
    # and the session's CSRF token.
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UtcTimestamp, nullable=False),
    sa.Column("last_seen_at", UtcTimestamp, nullable=False),
    sa.Index("ix_web_sessions_user_id", "user_id"),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    # Failed dashboard logins per email and client address, for the rate limit; kept 15 min.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(320), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("at", UtcTimestamp, nullable=False),
    sa.Index("ix_login_failures_email_client", "email", "client"),
)

privacy_secret = sa.Table(
    "privacy_secret",
    metadata,
    # The workspace's key for the keyed hashes of suppressed identifiers (one row, made on
    # first use). It lives in the database so that every machine on a shared workspace
    # suppresses the same people; without it the hashes cannot be tested against guesses.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("secret", sa.String(64), nullable=False),
    sa.Column("created_at", UtcTimestamp, nullable=False),
)

suppressions = sa.Table(
    "suppressions",
    metadata,
    # People who must not come back or be contacted: only HMAC-SHA256 digests of each form of
    # their identifiers (email as written and canonical, phone in E.164, platform:handle).
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # email, phone, handle
    sa.Column("reason", sa.String(32), nullable=False),  # erased, do_not_contact
    sa.Column("created_at", UtcTimestamp, nullable=False),
)

# Outreach (docs/outreach.md): who is in which sequence, what each step did, the replies
# read back, and where each mailbox's reading stopped.
_LIVE = sa.text("status IN ('active', 'paused')")

enrolments = sa.Table(
    "enrolments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
    sa.Column("sequence", sa.String(255), nullable=False),
    # the account the same-account rules compare (its domain, else its name lower-cased)
    sa.Column("account", sa.String(320), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),  # active, paused, finished, stopped
    sa.Column("stop_reason", sa.String(32), nullable=True),  # reply, unsubscribe, bounce, ...
    sa.Column("next_step", sa.Integer, nullable=False),  # 1-based, as the file lists them
    sa.Column("due_at", UtcTimestamp, nullable=False),  # when the next step may run
    sa.Column("reason", sa.Text, nullable=True),  # why they were enrolled: the reason now
    sa.Column("enrolled_at", UtcTimestamp, nullable=False),
    sa.Column("ended_at", UtcTimestamp, nullable=True),
    sa.Index("ix_enrolments_status_due", "status", "due_at"),
    sa.Index("ix_enrolments_account", "account"),
    # never someone in two sequences at once: one live enrolment a person
    sa.Index(
        "uq_enrolments_live_person",
        "person_id",
        unique=True,
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    ),
)

outreach_steps = sa.Table(
    "outreach_steps",
    metadata,
    # What each step of an enrolment did: an email (its Message-ID, what became of it) or a
    # call or social task. One row a step: the unique pair is what makes a step run at most
    # once, and an email is marked `sending` (and committed) before it is handed over.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("enrolment_id", sa.Integer, sa.ForeignKey("enrolments.id"), nullable=False),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
    sa.Column("step", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # email, call, social
    # email: sending, sent, failed, unknown, bounced; task: open, done
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("mailbox", sa.String(64), nullable=True),
    sa.Column("message_id", sa.String(255), nullable=True, unique=True),
    sa.Column("to_address", sa.String(320), nullable=True),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),  # a task's rendered note
    # SHA-256 of the unsubscribe token in the message's link (the token is never stored)
    sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("created_at", UtcTimestamp, nullable=False),
    sa.Column("sent_at", UtcTimestamp, nullable=True),
    sa.UniqueConstraint("enrolment_id", "step", name="uq_outreach_steps_enrolment_step"),
    sa.Index("ix_outreach_steps_person_id", "person_id"),
    sa.Index("ix_outreach_steps_mailbox_sent_at", "mailbox", "sent_at"),
    sa.Index("ix_outreach_steps_to_address", "to_address"),
)

replies = sa.Table(
    "replies",
    metadata,
    # Replies read from mailboxes and mail files, matched to our messages, cleaned (quoted
    # original and signature removed), classified, and routed.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reply_key", sa.String(64), nullable=False, unique=True),
    sa.Column("message_id", sa.String(255), nullable=True),
    sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=True),
    sa.Column("step_id", sa.Integer, sa.ForeignKey("outreach_steps.id"), nullable=True),
    # in_reply_to, references, sender, none; a bounce: message_id, recipient
    sa.Column("matched_by", sa.String(16), nullable=False),
    sa.Column("from_address", sa.String(320), nullable=True),
    sa.Column("subject", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=True),
    sa.Column("received_at", UtcTimestamp, nullable=False),
    sa.Column("intent", sa.String(32), nullable=True),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("return_date", sa.Date, nullable=True),
    sa.Column("referral_email", sa.String(320), nullable=True),
    sa.Column("routed", sa.Text, nullable=True),  # what was done, in words
    sa.Column("source", sa.String(255), nullable=False),  # imap:MAILBOX or the file's name
    sa.Index("ix_replies_person_id", "person_id"),
    sa.Index("ix_replies_from_address", "from_address"),
)

mailbox_cursors = sa.Table(
    "mailbox_cursors",
    metadata,
    # Where reading each mailbox's IMAP folder stopped: the next run starts after last_uid
    # (a new UIDVALIDITY starts it again from the beginning).
    sa.Column("mailbox", sa.String(64), primary_key=True),
    sa.Column("uidvalidity", sa.BigInteger, nullable=True),
    sa.Column("last_uid", sa.BigInteger, nullable=False),
    sa.Column("checked_at", UtcTimestamp, nullable=False),
)
