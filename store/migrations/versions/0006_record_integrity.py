"""The record equals what the workflow accepted: writer epochs, digests, superseded rows,
and complaints that need attention.

- ``epoch`` on ``complaint_events``, ``letters`` and ``staff_notifications``: which
  workflow task wrote the row (its run's generation and history length). A local
  activity runs before its workflow task commits, so a task that then fails leaves rows
  the workflow never accepted; the retried task writes the same sequence numbers from a
  later epoch and supersedes them.
- ``digest``: the SHA-256 of the record as the workflow sent it. Identical content under
  the same key is a retry and writes nothing; different content is never ignored.
- ``superseded_records``: every row a later epoch replaced, kept whole with when and why.
- ``complaint_events`` stays append-only: the trigger lets a row go only inside a
  transaction that first says it is superseding (``SET LOCAL redress.superseding``), and
  that transaction keeps the row in ``superseded_records``.
- ``complaints.needs_attention``: why a complaint's record could not be written, for the
  managers' queue; NULL when all is well.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORD_TABLES = ("complaint_events", "letters", "staff_notifications")

REFUSE_EVENT_CHANGES = """
CREATE OR REPLACE FUNCTION refuse_complaint_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('redress.superseding', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION
        'complaint_events is append-only (R-REC-1): % of event % #% refused',
        TG_OP, OLD.reference, OLD.seq
        USING HINT = 'A complaint''s record is never changed or deleted; '
                     'record a new event that corrects it instead.';
END;
$$
"""

ORIGINAL_REFUSAL = """
CREATE OR REPLACE FUNCTION refuse_complaint_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION
        'complaint_events is append-only (R-REC-1): % of event % #% refused',
        TG_OP, OLD.reference, OLD.seq
        USING HINT = 'A complaint''s record is never changed or deleted; '
                     'record a new event that corrects it instead.';
END;
$$
"""


def upgrade() -> None:
    for table in RECORD_TABLES:
        op.add_column(
            table, sa.Column("epoch", sa.BigInteger(), server_default="0", nullable=False)
        )
        op.add_column(table, sa.Column("digest", sa.Text(), nullable=True))
    op.create_table(
        "superseded_records",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("row", postgresql.JSONB(), nullable=False),
        sa.Column("superseded_by_epoch", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "superseded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_superseded_records"),
    )
    op.create_index(
        "ix_superseded_records_reference_seq", "superseded_records", ["reference", "seq"]
    )
    op.execute(REFUSE_EVENT_CHANGES)
    op.add_column("complaints", sa.Column("needs_attention", sa.Text(), nullable=True))
    op.create_index(
        "ix_complaints_needs_attention",
        "complaints",
        ["reference"],
        postgresql_where=sa.text("needs_attention IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_complaints_needs_attention", table_name="complaints")
    op.drop_column("complaints", "needs_attention")
    op.execute(ORIGINAL_REFUSAL)
    op.drop_index("ix_superseded_records_reference_seq", table_name="superseded_records")
    op.drop_table("superseded_records")
    for table in RECORD_TABLES:
        op.drop_column(table, "digest")
        op.drop_column(table, "epoch")
