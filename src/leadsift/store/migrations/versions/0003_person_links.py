"""person links

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 17:47:30.792614
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id_l", sa.Integer(), nullable=False),
        sa.Column("contact_id_r", sa.Integer(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id_l"],
            ["contacts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contact_id_r"],
            ["contacts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contact_id_l", "contact_id_r", name="uq_person_links_pair"),
    )


def downgrade() -> None:
    op.drop_table("person_links")
