"""The self-assessment names the edition of the Code each run answers (R-GOV-3): the 2024
edition's clauses from 1 April 2024, the 2022 edition's before. Every run saved before this
answered the 2022 edition's clauses (the only edition there was), so it keeps that edition
and is never read against the 2024 numbering.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "self_assessment_versions",
        sa.Column("edition", sa.Text(), server_default="2022", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("self_assessment_versions", "edition")
