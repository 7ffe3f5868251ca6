"""Consent and lawful basis on each observation of a person: the basis a source states, when
and from which address consent was given, when it was withdrawn, and an email opt-out

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UtcTimestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("lawful_basis", sa.String(32), nullable=True))
        batch.add_column(sa.Column("consent_at", UtcTimestamp, nullable=True))
        batch.add_column(sa.Column("consent_ip", sa.String(64), nullable=True))
        batch.add_column(sa.Column("consent_withdrawn_at", UtcTimestamp, nullable=True))
        batch.add_column(sa.Column("email_opt_out", sa.Boolean, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        for column in (
            "email_opt_out",
            "consent_withdrawn_at",
            "consent_ip",
            "consent_at",
            "lawful_basis",
        ):
            batch.drop_column(column)
