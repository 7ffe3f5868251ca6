"""scoring tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 16:14:48.364130
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "score_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_import_id", sa.Integer(), nullable=True),
        sa.Column("persons_changed", sa.Integer(), nullable=True),
        sa.Column("settings_hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "intent_components",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("decayed", sa.Float(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
        ),
        sa.PrimaryKeyConstraint("person_id", "kind"),
    )
    op.create_table(
        "person_scores",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("in_target", sa.Boolean(), nullable=False),
        sa.Column("fit", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("intent", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("stage_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.Column("priority", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("last_touch_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
        ),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_index("ix_person_scores_account_id", "person_scores", ["account_id"], unique=False)
    op.create_index("ix_person_scores_stage", "person_scores", ["stage"], unique=False)
    op.create_table(
        "stage_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("previous_stage", sa.String(length=16), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["score_runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stage_history_person_id", "stage_history", ["person_id"], unique=False)
    op.add_column("persons", sa.Column("noise", sa.String(length=64), nullable=True))
    op.add_column("touches", sa.Column("noise", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("touches", "noise")
    op.drop_column("persons", "noise")
    op.drop_index("ix_stage_history_person_id", table_name="stage_history")
    op.drop_table("stage_history")
    op.drop_index("ix_person_scores_stage", table_name="person_scores")
    op.drop_index("ix_person_scores_account_id", table_name="person_scores")
    op.drop_table("person_scores")
    op.drop_table("intent_components")
    op.drop_table("score_runs")
