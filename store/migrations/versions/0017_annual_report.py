"""What goes to the governing body (issue 12): the self-assessment against the Code in runs
and versions (R-GOV-3), the annual report's versions with the board's response and what
was published (R-GOV-1, R-GOV-2), and the Ombudsman's letters and reports uploaded for it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _saved() -> list[sa.Column]:
    return [
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.Column(
            "saved_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "self_assessment_versions",
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("clauses", postgresql.JSONB(), nullable=False),
        *_saved(),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approved_by", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("run", "version", name=op.f("pk_self_assessment_versions")),
    )
    op.create_table(
        "annual_report_versions",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("written", postgresql.JSONB(), nullable=False),
        sa.Column("board_response", sa.Text(), server_default="", nullable=False),
        *_saved(),
        sa.Column("published", postgresql.JSONB(none_as_null=True), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("year", "version", name=op.f("pk_annual_report_versions")),
    )
    op.create_table(
        "ombudsman_letters",
        sa.Column("id", sa.Integer(), sa.Identity(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Text(), nullable=False),
        sa.Column(
            "uploaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ombudsman_letters")),
    )
    op.create_index("ix_ombudsman_letters_year", "ombudsman_letters", ["year"])


def downgrade() -> None:
    op.drop_index("ix_ombudsman_letters_year", table_name="ombudsman_letters")
    op.drop_table("ombudsman_letters")
    op.drop_table("annual_report_versions")
    op.drop_table("self_assessment_versions")
