"""Outreach: enrolments in sequences, what each step did, replies read back, where each
mailbox's reading stopped, and observations a reply called stale

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

UtcTimestamp = sa.DateTime(timezone=True)
_LIVE = sa.text("status IN ('active', 'paused')")


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("stale_at", UtcTimestamp, nullable=True))
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("sequence", sa.String(255), nullable=False),
        sa.Column("account", sa.String(320), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stop_reason", sa.String(32), nullable=True),
        sa.Column("next_step", sa.Integer, nullable=False),
        sa.Column("due_at", UtcTimestamp, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("enrolled_at", UtcTimestamp, nullable=False),
        sa.Column("ended_at", UtcTimestamp, nullable=True),
    )
    op.create_index("ix_enrolments_status_due", "enrolments", ["status", "due_at"])
    op.create_index("ix_enrolments_account", "enrolments", ["account"])
    op.create_index(
        "uq_enrolments_live_person",
        "enrolments",
        ["person_id"],
        unique=True,
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )
    op.create_table(
        "outreach_steps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("enrolment_id", sa.Integer, sa.ForeignKey("enrolments.id"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("mailbox", sa.String(64), nullable=True),
        sa.Column("message_id", sa.String(255), nullable=True),
        sa.Column("to_address", sa.String(320), nullable=True),
        sa.Column("subject", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", UtcTimestamp, nullable=False),
        sa.Column("sent_at", UtcTimestamp, nullable=True),
        sa.UniqueConstraint("enrolment_id", "step", name="uq_outreach_steps_enrolment_step"),
        sa.UniqueConstraint("message_id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_outreach_steps_person_id", "outreach_steps", ["person_id"])
    op.create_index("ix_outreach_steps_mailbox_sent_at", "outreach_steps", ["mailbox", "sent_at"])
    op.create_index("ix_outreach_steps_to_address", "outreach_steps", ["to_address"])
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reply_key", sa.String(64), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=True),
        sa.Column("step_id", sa.Integer, sa.ForeignKey("outreach_steps.id"), nullable=True),
        sa.Column("matched_by", sa.String(16), nullable=False),
        sa.Column("from_address", sa.String(320), nullable=True),
        sa.Column("subject", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("received_at", UtcTimestamp, nullable=False),
        sa.Column("intent", sa.String(32), nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("return_date", sa.Date, nullable=True),
        sa.Column("referral_email", sa.String(320), nullable=True),
        sa.Column("routed", sa.Text, nullable=True),
        sa.Column("source", sa.String(255), nullable=False),
        sa.UniqueConstraint("reply_key"),
    )
    op.create_index("ix_replies_person_id", "replies", ["person_id"])
    op.create_index("ix_replies_from_address", "replies", ["from_address"])
    op.create_table(
        "mailbox_cursors",
        sa.Column("mailbox", sa.String(64), primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger, nullable=True),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("checked_at", UtcTimestamp, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mailbox_cursors")
    op.drop_table("replies")
    op.drop_table("outreach_steps")
    op.drop_table("enrolments")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("stale_at")
