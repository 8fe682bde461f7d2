"""Residents' and staff's submissions, kept with their reference before the workflow starts.

``intake_submissions`` holds each complaint, compliment or comment as it was received
(the workflow's whole start input, as JSON), written in the same transaction as its
reference, so no reference is taken without a record behind it and no submission is lost
when Temporal is down. ``started_at`` is set once its workflow exists; until then the
worker's intake retrier tries again at ``next_attempt_at``, counting ``attempts`` and
keeping the ``last_error``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMPTZ = sa.DateTime(timezone=True)
NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "intake_submissions",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("start", postgresql.JSONB(), nullable=False),
        sa.Column("received_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.Column("started_at", TIMESTAMPTZ, nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("reference", name="pk_intake_submissions"),
        sa.CheckConstraint(
            "kind IN ('complaint', 'compliment', 'comment')", name="ck_intake_submissions_kind"
        ),
    )
    op.create_index(
        "ix_intake_submissions_waiting",
        "intake_submissions",
        ["next_attempt_at"],
        postgresql_where=sa.text("started_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_intake_submissions_waiting", table_name="intake_submissions")
    op.drop_table("intake_submissions")
