"""Data protection: the staff access log (R-DP-4) and the retention log (R-DP-3).

- ``access_log``: every staff view of a complaint page, a letter or a document, with who
  and when; managers read it on the complaint page.
- ``retention_log``: one row per complaint whose personal data was erased at the end of
  its retention period, with when, under which period and what was changed.
- ``complaint_events`` stays append-only, with one more recorded exception beside the
  supersede one: inside a transaction that first says it is applying retention
  (``SET LOCAL redress.retention = 'on'``) an event's ``summary``, ``actor``, ``data`` and
  ``changes`` may be rewritten, never its reference, number, kind or time, and never
  deleted. The retention job does that and writes its ``retention_log`` row in the same
  transaction.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE_EVENT_CHANGES = """
CREATE OR REPLACE FUNCTION refuse_complaint_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('redress.superseding', true) = 'on' THEN
        RETURN OLD;
    END IF;
    -- Retention (R-DP-3) anonymises what an event says; what happened, when, stays.
    IF TG_OP = 'UPDATE' AND current_setting('redress.retention', true) = 'on'
       AND NEW.id = OLD.id AND NEW.reference = OLD.reference AND NEW.seq = OLD.seq
       AND NEW.kind = OLD.kind AND NEW.occurred_at = OLD.occurred_at
       AND NEW.recorded_at = OLD.recorded_at AND NEW.epoch = OLD.epoch THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION
        'complaint_events is append-only (R-REC-1): % of event % #% refused',
        TG_OP, OLD.reference, OLD.seq
        USING HINT = 'A complaint''s record is never changed or deleted; '
                     'record a new event that corrects it instead.';
END;
$$
"""

SUPERSEDE_ONLY = """
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


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("item", sa.Text(), nullable=True),
        sa.Column("staff_id", sa.Text(), nullable=False),
        sa.Column("staff_name", sa.Text(), nullable=False),
        sa.Column(
            "viewed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "what IN ('complaint', 'letter', 'document')", name="ck_access_log_what"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_access_log"),
    )
    op.create_index("ix_access_log_reference_viewed_at", "access_log", ["reference", "viewed_at"])
    op.create_table(
        "retention_log",
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_years", sa.Integer(), nullable=False),
        sa.Column("changed", postgresql.JSONB(), nullable=False),
        sa.Column(
            "erased_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("reference", name="pk_retention_log"),
    )
    op.execute(REFUSE_EVENT_CHANGES)


def downgrade() -> None:
    op.execute(SUPERSEDE_ONLY)
    op.drop_table("retention_log")
    op.drop_index("ix_access_log_reference_viewed_at", table_name="access_log")
    op.drop_table("access_log")
