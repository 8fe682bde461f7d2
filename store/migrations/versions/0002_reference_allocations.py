"""Keyed reference allocations, so a retried allocation never takes a second number;
and the R-S1-4 flag on the read model (no agreement on a date beyond the limit).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_allocations",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name="pk_reference_allocations"),
        sa.UniqueConstraint("reference", name="uq_reference_allocations_reference"),
    )

    op.add_column(
        "complaints",
        sa.Column("flagged", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("complaints", "flagged")
    op.drop_table("reference_allocations")
