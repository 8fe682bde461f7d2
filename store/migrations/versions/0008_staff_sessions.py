"""Server-side staff sessions and shared guessing limits (issue 10).

``staff_sessions`` holds one row per sign-in: the cookie carries only a random id whose
SHA-256 is ``token_hash``, so signing out, deactivation, a password change or idle time
ends the session for every web process at once. ``guess_attempts`` holds the failed
sign-ins and status look-ups every web process counts against. ``users`` gains
``must_change_password`` for a temporary password an administrator set.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column(
            "must_change_password", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf_token", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_staff_sessions_user_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_staff_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_staff_sessions_token_hash"),
    )
    op.create_index(
        "ix_staff_sessions_live_user",
        "staff_sessions",
        ["user_id"],
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "guess_attempts",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guess_attempts"),
    )
    op.create_index(
        "ix_guess_attempts_scope_key_failed_at", "guess_attempts", ["scope", "key", "failed_at"]
    )
    op.create_index("ix_guess_attempts_failed_at", "guess_attempts", ["failed_at"])


def downgrade() -> None:
    op.drop_table("guess_attempts")
    op.drop_table("staff_sessions")
    op.drop_column("users", "must_change_password")
