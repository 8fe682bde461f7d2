"""The full read model, the changes each event made to it, deliveries, and the staff
directory.

- ``complaints`` gains what the work queues, the complaint page and reports read: whether
  the complaint is open, the reviewer's name, the outcome, total compensation, and (as
  JSON) every deadline and whether it was met, the parties, issues with their decisions,
  remedies, followed actions and ombudsman cases. The unused ``state`` column goes.
  Partial indexes serve the queues: open complaints by due date, and by handler.
- ``complaint_events.changes``: what the event changed in the read model, so the read
  model can be rebuilt from the event log (``python -m store.rebuild``).
- ``deliveries``: one row per letter or notice per recipient, written before the message
  goes out and marked when the mail server accepts it, so a retry never sends it twice.
- ``documents``: a document is kept once per complaint and content (its hash), wherever it
  came from (a letter, an inbound email, an upload), in the local folder or an S3 bucket.
- ``staff``: who staff notices go to, and each member's manager (R-S1-2).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMPTZ = sa.DateTime(timezone=True)
NOW = sa.text("now()")
EMPTY_LIST = sa.text("'[]'::jsonb")
EMPTY_OBJECT = sa.text("'{}'::jsonb")
JSON_COLUMNS = {
    "deadlines": EMPTY_LIST,
    "parties": EMPTY_OBJECT,
    "issues": EMPTY_LIST,
    "remedies": EMPTY_LIST,
    "actions": EMPTY_LIST,
    "ombudsman": EMPTY_LIST,
}


def upgrade() -> None:
    op.drop_column("complaints", "state")
    op.add_column(
        "complaints", sa.Column("is_open", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    op.add_column("complaints", sa.Column("reviewer_name", sa.Text(), nullable=True))
    op.add_column("complaints", sa.Column("outcome", sa.Text(), nullable=True))
    op.add_column(
        "complaints",
        sa.Column("compensation_total", sa.Float(), server_default=sa.text("0"), nullable=False),
    )
    for name, default in JSON_COLUMNS.items():
        op.add_column(
            "complaints",
            sa.Column(name, postgresql.JSONB(), server_default=default, nullable=False),
        )
    op.create_index(
        "ix_complaints_open_due",
        "complaints",
        ["next_due", "reference"],
        postgresql_where=sa.text("is_open"),
    )
    op.create_index(
        "ix_complaints_open_handler_due",
        "complaints",
        ["handler_id", "next_due"],
        postgresql_where=sa.text("is_open"),
    )
    op.create_index(
        "ix_complaints_open_reviewer_due",
        "complaints",
        ["reviewer_id", "next_due"],
        postgresql_where=sa.text("is_open"),
    )

    op.add_column("complaint_events", sa.Column("changes", postgresql.JSONB(), nullable=True))

    op.create_table(
        "deliveries",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("document_sha256", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.Column("updated_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_deliveries"),
        sa.CheckConstraint(
            "status IN ('sending', 'sent', 'queued', 'undeliverable')",
            name="ck_deliveries_status",
        ),
    )
    op.create_index("ix_deliveries_reference_seq", "deliveries", ["reference", "seq"])

    op.drop_constraint("uq_documents_reference_seq", "documents", type_="unique")
    op.alter_column("documents", "seq", nullable=True)
    op.add_column(
        "documents", sa.Column("source", sa.Text(), server_default="upload", nullable=False)
    )
    op.add_column(
        "documents", sa.Column("storage", sa.Text(), server_default="local", nullable=False)
    )
    op.create_unique_constraint(
        "uq_documents_reference_sha256", "documents", ["reference", "sha256"]
    )

    op.create_table(
        "staff",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("manager_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
    )


def downgrade() -> None:
    op.drop_table("staff")
    op.drop_constraint("uq_documents_reference_sha256", "documents", type_="unique")
    op.drop_column("documents", "storage")
    op.drop_column("documents", "source")
    op.execute("DELETE FROM documents WHERE seq IS NULL")
    op.alter_column("documents", "seq", nullable=False)
    op.create_unique_constraint("uq_documents_reference_seq", "documents", ["reference", "seq"])
    op.drop_index("ix_deliveries_reference_seq", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_column("complaint_events", "changes")
    for name in ("ix_complaints_open_reviewer_due", "ix_complaints_open_handler_due"):
        op.drop_index(name, table_name="complaints")
    op.drop_index("ix_complaints_open_due", table_name="complaints")
    for name in [*JSON_COLUMNS, "compensation_total", "outcome", "reviewer_name", "is_open"]:
        op.drop_column("complaints", name)
    op.add_column(
        "complaints",
        sa.Column("state", postgresql.JSONB(), server_default=EMPTY_OBJECT, nullable=False),
    )
