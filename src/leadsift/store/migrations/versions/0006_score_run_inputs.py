"""score runs remember the state of the links and the checks' summary

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("score_runs") as batch:
        batch.add_column(sa.Column("links_state", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("checks", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("score_runs") as batch:
        batch.drop_column("checks")
        batch.drop_column("links_state")
