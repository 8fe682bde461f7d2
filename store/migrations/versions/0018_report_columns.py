"""The period report and the TSMs from plain columns (issue 12, R-RPT-1, R-RPT-2): each
complaint's row keeps its part of the figures, per stage, worked out when it is written,
with indexes for a period of the whole group or of one organisation (R-ORG-1). Existing
rows are filled from their deadlines and the event log, as ``store.read_model`` fills them;
the working days to each response by the calendar reports count with.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from rules.calendar import WorkingCalendar
from rules.holidays_source import build_snapshot, default_overrides
from settings import Settings

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = [
    f"s{n}_{what}_{measure}"
    for n, what in ((1, "ack"), (2, "ack"), (1, "response"), (2, "response"), (3, "response"))
    for measure in ("counted", "in_target", "in_limit")
]

# Per deadline: came to an end (met, or missed past its limit) and not cancelled.
ENDED = (
    "NOT coalesce((d->>'cancelled')::boolean, false)"
    " AND (d->>'met_on' IS NOT NULL OR coalesce((d->>'limit_missed')::boolean, false))"
)
ACKNOWLEDGED = {1: "d->>'key' = 'acknowledgement'", 2: "d->>'key' LIKE 'escalation_decision_%'"}


def _measures(column: str, which: str) -> list[str]:
    return [
        f"count(*) FILTER (WHERE {which} AND {ENDED}) AS {column}_counted",
        f"count(*) FILTER (WHERE {which} AND {ENDED}"
        f" AND (d->>'met_on')::date <= (d->>'target')::date) AS {column}_in_target",
        f"count(*) FILTER (WHERE {which} AND {ENDED}"
        f" AND (d->>'met_on')::date <= (d->>'due')::date) AS {column}_in_limit",
    ]


def _deadline_figures() -> str:
    parts = []
    for n, which in ACKNOWLEDGED.items():
        parts += _measures(f"s{n}_ack", which)
    for n in (1, 2, 3):
        which = f"d->>'key' = 'stage_{n}_response'"
        parts += _measures(f"s{n}_response", which)
        parts.append(f"min((d->>'met_on')::date) FILTER (WHERE {which}) AS s{n}_responded_on")
        if n < 3:
            parts.append(f"coalesce(bool_or({which}), false) AS s{n}_reached")
    return ",\n       ".join(parts)


# The last closing event decides; a withdrawal taken up again undoes it.
BACKFILL = f"""
WITH deadlines AS (
    SELECT c.reference,
       {_deadline_figures()}
    FROM complaints c LEFT JOIN LATERAL jsonb_array_elements(c.deadlines) d ON true
    GROUP BY c.reference
),
events AS (
    SELECT reference,
           (array_agg(CASE kind WHEN 'declined' THEN 'declined'
                                WHEN 'withdrawn' THEN 'withdrawn'
                                WHEN 'linked_as_duplicate' THEN 'duplicate' END
                      ORDER BY seq DESC) FILTER (WHERE kind <> 'extended'))[1] AS closed,
           count(*) FILTER (WHERE kind = 'extended') AS extensions
    FROM complaint_events
    WHERE kind IN ('declined', 'withdrawn', 'linked_as_duplicate', 'withdrawal_reopened',
                   'extended')
    GROUP BY reference
)
UPDATE complaints c SET
    closed_as = coalesce(
        e.closed,
        CASE WHEN c.status IN ('declined', 'withdrawn', 'duplicate') THEN c.status END
    ),
    extensions = coalesce(e.extensions, 0),
    remedy_kinds = ARRAY(
        SELECT m->>'kind' FROM jsonb_array_elements(c.remedies) WITH ORDINALITY AS r(m, i)
        ORDER BY i
    ),
    ombudsman_determinations = ARRAY(
        SELECT coalesce(o->>'determination', '')
        FROM jsonb_array_elements(c.ombudsman) WITH ORDINALITY AS r(o, i) ORDER BY i
    ),
    {", ".join(f"{name} = f.{name}" for name in COUNTS)},
    s1_responded_on = f.s1_responded_on,
    s2_responded_on = f.s2_responded_on,
    s3_responded_on = f.s3_responded_on,
    s1_reached = f.s1_reached,
    s2_reached = f.s2_reached
FROM deadlines f LEFT JOIN events e USING (reference)
WHERE f.reference = c.reference
"""


RESPONDED = "num_nonnulls(s1_responded_on, s2_responded_on, s3_responded_on) > 0"
SPAN = f"""
SELECT min(first_contact_on),
       max(greatest(first_contact_on, s1_responded_on, s2_responded_on, s3_responded_on))
FROM complaints WHERE {RESPONDED}
"""
RANKS = """
CREATE TEMPORARY TABLE ranks ON COMMIT DROP AS
SELECT * FROM unnest(CAST(:days AS date[]), CAST(:ranks AS integer[])) AS r(day, rank)
"""
DAYS = """
UPDATE complaints c
SET s{n}_response_days = greatest(b.rank - a.rank, 0)
FROM ranks a, ranks b
WHERE a.day = c.first_contact_on AND b.day = c.s{n}_responded_on
"""


def _backfill_working_days() -> None:
    """Each stage's working days from first contact to its response, by the calendar
    reports count with (bank holidays, REDRESS_CLOSURES, the shipped overrides): every
    day of the span ranked by the working days before it, then one UPDATE per stage."""
    bind = op.get_bind()
    first, last = bind.execute(sa.text(SPAN)).one()
    if first is None:
        return
    cal = WorkingCalendar(
        build_snapshot(
            date(first.year, 1, 1),
            date(last.year, 12, 31),
            closures=Settings().closures,
            overrides=default_overrides(),
        )
    )
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    ranks = [cal.working_days_between(first, day) for day in days]
    bind.execute(sa.text(RANKS), {"days": days, "ranks": ranks})
    bind.execute(sa.text("CREATE UNIQUE INDEX ON ranks (day)"))
    for n in (1, 2, 3):
        bind.execute(sa.text(DAYS.format(n=n)))
    bind.execute(sa.text("DROP TABLE ranks"))


def upgrade() -> None:
    empty = sa.text("'{}'::text[]")
    columns: list[sa.Column] = [
        sa.Column("closed_as", sa.Text(), nullable=True),
        sa.Column("extensions", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "remedy_kinds", postgresql.ARRAY(sa.Text()), server_default=empty, nullable=False
        ),
        sa.Column(
            "ombudsman_determinations",
            postgresql.ARRAY(sa.Text()),
            server_default=empty,
            nullable=False,
        ),
        *(
            sa.Column(
                f"s{n}_reached", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
            for n in (1, 2)
        ),
        *(
            sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)
            for name in COUNTS
        ),
        *(sa.Column(f"s{n}_responded_on", sa.Date(), nullable=True) for n in (1, 2, 3)),
        *(sa.Column(f"s{n}_response_days", sa.Integer(), nullable=True) for n in (1, 2, 3)),
    ]
    for column in columns:
        op.add_column("complaints", column)
    op.execute(BACKFILL)
    _backfill_working_days()
    op.create_index(
        "ix_complaints_report_period",
        "complaints",
        ["first_contact_on"],
        postgresql_where=sa.text("kind = 'complaint'"),
    )
    op.create_index(
        "ix_complaints_report_organisation_period",
        "complaints",
        ["organisation", "first_contact_on"],
        postgresql_where=sa.text("kind = 'complaint'"),
    )


def downgrade() -> None:
    op.drop_index("ix_complaints_report_organisation_period", table_name="complaints")
    op.drop_index("ix_complaints_report_period", table_name="complaints")
    for name in (
        "closed_as",
        "extensions",
        "remedy_kinds",
        "ombudsman_determinations",
        "s1_reached",
        "s2_reached",
        *COUNTS,
        "s1_responded_on",
        "s2_responded_on",
        "s3_responded_on",
        "s1_response_days",
        "s2_response_days",
        "s3_response_days",
    ):
        op.drop_column("complaints", name)
