"""The resident's own view: single-use sign-in links (issue 13, R-RES-1).

``resident_links`` holds one row per link emailed to a resident: the link carries a random
token whose SHA-256 is ``token_hash``, so the table never holds a token that would work.
A link opens one complaint's view once (``used_at``) before ``expires_at``.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resident_links",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_resident_links"),
        sa.UniqueConstraint("token_hash", name="uq_resident_links_token_hash"),
    )
    op.create_index("ix_resident_links_reference", "resident_links", ["reference"])


def downgrade() -> None:
    op.drop_table("resident_links")
