"""Privacy: the workspace's key for suppression hashes, and the suppressed identifiers' digests

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-11 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UtcTimestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "privacy_secret",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("secret", sa.String(64), nullable=False),
        sa.Column("created_at", UtcTimestamp, nullable=False),
    )
    op.create_table(
        "suppressions",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("created_at", UtcTimestamp, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("suppressions")
    op.drop_table("privacy_secret")
