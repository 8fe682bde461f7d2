"""The complaint record, its read model and reference counters.

Revision ID: 0001
Revises:
Create Date: 2026-01-05

``complaint_events`` is append-only (R-REC-1): a trigger refuses UPDATE and DELETE.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMPTZ = sa.DateTime(timezone=True)
NOW = sa.text("now()")
EMPTY_OBJECT = sa.text("'{}'::jsonb")
FALSE = sa.text("false")

REFUSE_EVENT_CHANGES = """
CREATE FUNCTION refuse_complaint_event_change() RETURNS trigger
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

EVENTS_APPEND_ONLY = """
CREATE TRIGGER complaint_events_append_only
BEFORE UPDATE OR DELETE ON complaint_events
FOR EACH ROW EXECUTE FUNCTION refuse_complaint_event_change()
"""


def _record_columns() -> list[sa.Column]:
    """The columns every per-(reference, seq) record table starts with."""
    return [
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),  # bigserial
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
    ]


def _record_keys(table: str) -> list[sa.Constraint]:
    return [
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.UniqueConstraint("reference", "seq", name=f"uq_{table}_reference_seq"),
    ]


def upgrade() -> None:
    op.create_table(
        "complaint_events",
        *_record_columns(),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("occurred_at", TIMESTAMPTZ, nullable=False),
        sa.Column("recorded_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.Column("data", postgresql.JSONB(), server_default=EMPTY_OBJECT, nullable=False),
        *_record_keys("complaint_events"),
    )
    op.execute(REFUSE_EVENT_CHANGES)
    op.execute(EVENTS_APPEND_ONLY)
    _create_complaints()
    op.create_table(
        "letters",
        *_record_columns(),
        sa.Column("letter", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("large_print", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column(
            "recipients", postgresql.JSONB(), server_default=sa.text("'[]'::jsonb"), nullable=False
        ),
        sa.Column("fields", postgresql.JSONB(), server_default=EMPTY_OBJECT, nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("occurred_at", TIMESTAMPTZ, nullable=False),
        sa.Column("created_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        *_record_keys("letters"),
    )
    op.create_table(
        "staff_notifications",
        *_record_columns(),
        sa.Column("staff_id", sa.Text(), nullable=True),
        sa.Column("to_manager_of", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("occurred_at", TIMESTAMPTZ, nullable=False),
        sa.Column("created_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        *_record_keys("staff_notifications"),
    )
    op.create_table(
        "documents",
        *_record_columns(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        *_record_keys("documents"),
    )
    op.create_table(
        "reference_counters",
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name="pk_reference_counters"),
    )


def _create_complaints() -> None:
    text_columns = ["kind", "organisation", "service_area", "channel", "stage", "status"]
    optional_text = ["postcode", "email", "handler_id", "handler_name", "reviewer_id"]
    op.create_table(
        "complaints",
        sa.Column("reference", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in text_columns),
        sa.Column("complainant_name", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=True) for name in optional_text),
        sa.Column("first_contact_on", sa.Date(), nullable=False),
        sa.Column("logged_at", TIMESTAMPTZ, nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("next_due_label", sa.Text(), nullable=True),
        sa.Column("next_target", sa.Date(), nullable=True),
        sa.Column("breached", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "categories",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'::text[]"),
            nullable=False,
        ),
        sa.Column("state", postgresql.JSONB(), server_default=EMPTY_OBJECT, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIMESTAMPTZ, server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("reference", name="pk_complaints"),
    )
    op.create_index("ix_complaints_status_next_due", "complaints", ["status", "next_due"])
    op.create_index("ix_complaints_handler_id_next_due", "complaints", ["handler_id", "next_due"])
    op.create_index(
        "ix_complaints_breached",
        "complaints",
        ["next_due"],
        postgresql_where=sa.text("breached"),
    )


def downgrade() -> None:
    for table in ("reference_counters", "documents", "staff_notifications", "letters"):
        op.drop_table(table)
    op.drop_table("complaints")
    op.execute("DROP TRIGGER complaint_events_append_only ON complaint_events")
    op.execute("DROP FUNCTION refuse_complaint_event_change()")
    op.drop_table("complaint_events")
