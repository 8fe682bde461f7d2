"""A hazard reported on the resident's complaint form is kept like the complaint (R-HAZ-1,
R-HAZ-7): ``intake_submissions`` takes the kind ``hazard``, whose ``start`` is the hazard
workflow's whole start input, kept with its reference before the workflow is started, so a
hazard reported while Temporal is down is started by the worker's intake retrier once it
is back.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint("ck_intake_submissions_kind", "intake_submissions", type_="check")
    op.create_check_constraint(
        "ck_intake_submissions_kind",
        "intake_submissions",
        "kind IN ('complaint', 'compliment', 'comment', 'hazard')",
    )


def downgrade() -> None:
    op.execute("DELETE FROM intake_submissions WHERE kind = 'hazard'")
    op.drop_constraint("ck_intake_submissions_kind", "intake_submissions", type_="check")
    op.create_check_constraint(
        "ck_intake_submissions_kind",
        "intake_submissions",
        "kind IN ('complaint', 'compliment', 'comment')",
    )
