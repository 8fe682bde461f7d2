"""Each complaint's whole state as its workflow last recorded it, so pages read PostgreSQL
rather than asking the workflow (a worker round trip, perhaps a replay) on every view.

Written with every record, forward only (``last_seq``), beside the read model; the
read-model rebuild leaves it alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_states",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("state", postgresql.JSONB(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("reference", name="pk_complaint_states"),
    )


def downgrade() -> None:
    op.drop_table("complaint_states")
