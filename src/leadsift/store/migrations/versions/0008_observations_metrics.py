"""contacts become observations (source id, source type, time observed); campaign metrics;
imports record the tables a file gave and what a map left out

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("source_id", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("source_type", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("observed_at", sa.DateTime(timezone=True), nullable=True))
    # Contacts imported before were one row per email, updated in place: each is now one
    # observation, seen when it was created (else when the import that wrote it ran).
    op.execute(
        "UPDATE contacts SET source_type = 'list', observed_at = COALESCE(created_at, "
        "(SELECT started_at FROM imports WHERE imports.id = contacts.import_id))"
    )
    # (imports is only added to: SQLite would copy the table to change a column, and the
    # tables that refer to it forbid dropping the original)
    op.add_column("imports", sa.Column("summary", sa.JSON(), nullable=True))
    op.create_table(
        "campaign_metrics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("metric_key", sa.String(length=64), nullable=False, unique=True),
        sa.Column("campaign", sa.String(length=255), nullable=False),
        sa.Column("ad_set", sa.String(length=255), nullable=True),
        sa.Column("ad", sa.String(length=255), nullable=True),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        sa.Column("reach", sa.BigInteger(), nullable=True),
        sa.Column("clicks", sa.BigInteger(), nullable=True),
        sa.Column("leads", sa.BigInteger(), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=True),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("imports.id"), nullable=True),
    )
    op.create_index("ix_campaign_metrics_campaign", "campaign_metrics", ["campaign"])


def downgrade() -> None:
    op.drop_index("ix_campaign_metrics_campaign", table_name="campaign_metrics")
    op.drop_table("campaign_metrics")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("summary")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("observed_at")
        batch.drop_column("source_type")
        batch.drop_column("source_id")
