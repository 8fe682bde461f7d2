"""Hazards under Awaab's Law: the read model the hazards queue, pages and reports read.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hazards",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("complaint_reference", sa.Text(), nullable=True),
        sa.Column("hazard", sa.Text(), nullable=False),
        sa.Column("hazard_words", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("tenure", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=True),
        sa.Column("step", sa.Text(), nullable=False),
        sa.Column("aware_at", WHEN, nullable=False),
        sa.Column("logged_at", WHEN, nullable=False),
        sa.Column("next_due", WHEN, nullable=True),
        sa.Column("next_due_label", sa.Text(), nullable=True),
        sa.Column("breached", sa.Boolean(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("vulnerable", sa.Boolean(), nullable=False),
        sa.Column("made_safe_at", WHEN, nullable=True),
        sa.Column("concluded_at", WHEN, nullable=True),
        sa.Column("completed_at", WHEN, nullable=True),
        sa.Column("regime", sa.Text(), nullable=False),
        sa.Column("deadlines", postgresql.JSONB(), nullable=False),
        sa.Column("late_reasons", postgresql.JSONB(), nullable=False),
        sa.Column("accommodation", postgresql.JSONB(), nullable=False),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", WHEN, server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("reference", name=op.f("pk_hazards")),
    )
    op.create_index(op.f("ix_hazards_complaint_reference"), "hazards", ["complaint_reference"])
    op.create_index(
        "ix_hazards_open_due", "hazards", ["next_due"], postgresql_where=sa.text("is_open")
    )


def downgrade() -> None:
    op.drop_index("ix_hazards_open_due", table_name="hazards")
    op.drop_index(op.f("ix_hazards_complaint_reference"), table_name="hazards")
    op.drop_table("hazards")
