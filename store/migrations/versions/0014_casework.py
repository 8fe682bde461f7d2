"""The complaints team's everyday work: schema changes, if any (issue 15).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # R-VUL-1: whether a vulnerability or adjustments are recorded, for the queues' tag and
    # filter; a partial index, since such residents are few.
    op.add_column(
        "complaints",
        sa.Column("vulnerable", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_index(
        "ix_complaints_open_vulnerable",
        "complaints",
        ["next_due"],
        postgresql_where=sa.text("is_open AND vulnerable"),
    )


def downgrade() -> None:
    op.drop_index("ix_complaints_open_vulnerable", table_name="complaints")
    op.drop_column("complaints", "vulnerable")
