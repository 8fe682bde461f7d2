"""The period report and the TSMs in PostgreSQL (``reports.sql``) give exactly the figures
of the Python report (``reports.figures``) on the same data (R-RPT-1, R-RPT-2): on fixed,
table-driven rows written through the store's writer, and on a store the time-skipping
workflow has filled. Declined, withdrawn and duplicates count as the event log says
(R-ACC-2, R-WDR-1, R-DUP-1), per organisation (R-ORG-1)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from intake.calendar import calendar_for
from models.effects import ComplaintSummary, Event, RecordEventInput
from reports import figures, load, sql
from rules.calendar import WorkingCalendar
from rules.read_model import as_record
from store.db import Sessionmaker, UnitOfWork
from store.rebuild import differences
from store.rows import append_event
from store.tables import Complaint
from tests.harness import Complaints
from tests.reports.test_report_surfaces_sql import fill
from tests.unit.test_reports import AT_STAGE_2, COMPLIMENT, LAST_YEAR, LATE, MISSED, ON_TIME, Q4
from tests.unit.test_reports import deadline as due
from tests.unit.test_reports import row as base_row

ORGANISATION = "Figures Test Homes"
NOT_COMPARED = {"lessons", "hazards"}  # text from the log, and hazards: reports.figures only


def row(n: int, **changes: Any) -> ComplaintSummary:
    return base_row(n, reference=f"RPT-2026-{n:06d}", organisation=ORGANISATION, **changes)


def like(source: ComplaintSummary, n: int) -> ComplaintSummary:
    return source.model_copy(
        update={"reference": f"RPT-2026-{n:06d}", "organisation": ORGANISATION}
    )


AT_STAGE_3 = row(
    31,
    stage="stage_3",
    outcome="upheld",
    compensation_total=75.5,
    remedies=[{"kind": "financial"}, {"kind": "financial"}],
    ombudsman=[
        {"id": 1, "determination": None},
        {"id": 2, "determination": "no_maladministration"},
    ],
    deadlines=[
        due("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-09"),
        due("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-12"),
        due("escalation_decision_1", "2026-11-20", "2026-11-20", "2026-11-23"),
        due("escalation_decision_2", "2026-11-27", "2026-11-27", "2026-11-26"),
        due("stage_2_response", "2026-12-11", "2026-12-18", "2026-12-17"),
        due("stage_3_response", "2026-12-30", "2026-12-30", "2026-12-30"),
    ],
)
# Met, then cancelled: not counted in the timeliness, but its day still counts in the average.
CANCELLED = row(
    32,
    deadlines=[due("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-10", cancelled=True)],
)
# (row, the events after it was logged)
FIXED: list[tuple[ComplaintSummary, list[str]]] = [
    (like(ON_TIME, 1), []),
    (like(LATE, 2), ["extended", "extended"]),
    (like(AT_STAGE_2, 3), ["extended"]),
    (like(MISSED, 4), []),
    (like(LAST_YEAR, 5), []),
    (like(COMPLIMENT, 6), []),
    (AT_STAGE_3, []),
    (CANCELLED, []),
    # The record is complete, so the row says so; the log says how it ended.
    (row(33, status="completed", closed_on=date(2026, 11, 5)), ["withdrawn"]),
    (row(34, status="completed", channel="telephone"), ["linked_as_duplicate"]),
    (row(35, status="declined"), ["declined"]),
    # Withdrawn, then taken up again: counted as neither.
    (row(36, status="open"), ["withdrawn", "withdrawal_reopened"]),
    # Declined after a withdrawal was taken up again: declined.
    (row(37, status="completed"), ["withdrawn", "withdrawal_reopened", "declined"]),
    # No event says so, but the row does (written before the log knew).
    (row(38, status="withdrawn"), []),
]


async def write_fixed(sessionmaker: Sessionmaker) -> None:
    await write_log(
        sessionmaker,
        [(kind, summary) for summary, kinds in FIXED for kind in ["logged", *kinds]],
    )


async def write_log(sessionmaker: Sessionmaker, log: list[tuple[str, ComplaintSummary]]) -> None:
    """Each (kind, row) written to its complaint's log with the row as it then stood, in one
    transaction: numbered from 1 for each complaint, a minute apart from 2 Nov 2026 10:00."""
    at = datetime(2026, 11, 2, 10, tzinfo=UTC)
    numbers: Counter[str] = Counter()
    async with UnitOfWork(sessionmaker) as uow:
        for kind, summary in log:
            numbers[summary.reference] += 1
            seq = numbers[summary.reference]
            await append_event(
                uow.session,
                RecordEventInput(
                    reference=summary.reference,
                    seq=seq,
                    occurred_at=at + timedelta(minutes=seq),
                    event=Event(kind=kind, summary=f"{kind} (fixed figures)"),
                    summary=summary,
                    changes=as_record(summary),
                ),
            )
        await uow.commit()


async def both(
    sessionmaker: Sessionmaker, start: date, end: date, organisation: str | None = None
) -> tuple[figures.PeriodReport, figures.PeriodReport]:
    """The Python report, read as the web app reads it, and the SQL one."""
    cal = WorkingCalendar(calendar_for(start))
    async with sessionmaker() as session:
        rows = await load.complaints(session, start, end)
        rows = [r for r in rows if organisation is None or r.organisation == organisation]
        python = await load.period_report_of(session, rows, start, end, cal=cal)
        in_sql = await sql.period_counts(session, start, end, organisation=organisation)
    return python, in_sql


async def both_tsm(
    sessionmaker: Sessionmaker, start: date, end: date, organisation: str | None = None
) -> tuple[figures.TenantSatisfaction, figures.TenantSatisfaction]:
    async with sessionmaker() as session:
        rows = await load.complaints(session, start, end)
        rows = [r for r in rows if organisation is None or r.organisation == organisation]
        closures = await load.closures(session, [r.reference for r in rows])
        python = figures.tenant_satisfaction(rows, start, end, 1000, closures)
        in_sql = await sql.tenant_satisfaction(session, start, end, 1000, organisation=organisation)
    return python, in_sql


async def test_r_rpt_1_the_sql_report_gives_the_python_figures_on_fixed_rows(
    complaints: Complaints,
) -> None:
    await write_fixed(complaints.sessionmaker)
    python, in_sql = await both(complaints.sessionmaker, *Q4, organisation=ORGANISATION)

    assert in_sql.model_dump(exclude=NOT_COMPARED) == python.model_dump(exclude=NOT_COMPARED)
    # And the figures are the ones the rows and the log say, not merely the same twice.
    assert (in_sql.complaints, in_sql.declined, in_sql.withdrawn, in_sql.duplicates) == (
        11,
        2,
        2,
        1,
    )
    assert in_sql.extensions == 3
    assert in_sql.responded["stage_1"] == figures.Timeliness(
        counted=4, within_target=2, within_limit=3
    )
    assert in_sql.responded["stage_3"] == figures.Timeliness(
        counted=1, within_target=1, within_limit=1
    )
    assert in_sql.acknowledged["stage_2"] == figures.Timeliness(
        counted=3, within_target=2, within_limit=2
    )
    assert set(in_sql.average_working_days_to_response) == {"stage_1", "stage_2", "stage_3"}
    assert in_sql.remedies == {"apology": 1, "financial": 3}
    assert in_sql.compensation_total == 225.5
    assert (in_sql.ombudsman_cases, in_sql.ombudsman_determinations) == (
        3,
        {"maladministration": 1, "no_maladministration": 1},
    )
    assert in_sql.by_channel == {"web_form": 10, "telephone": 1}  # not the duplicate


async def test_r_rpt_2_the_sql_tsms_give_the_python_figures_on_fixed_rows(
    complaints: Complaints,
) -> None:
    await write_fixed(complaints.sessionmaker)  # written once: a second write changes nothing
    python, in_sql = await both_tsm(complaints.sessionmaker, *Q4, organisation=ORGANISATION)

    assert in_sql == python
    assert in_sql.complaints == {"stage_1": 5, "stage_2": 2}


async def test_r_org_1_the_sql_report_splits_by_organisation(complaints: Complaints) -> None:
    await write_fixed(complaints.sessionmaker)
    async with complaints.sessionmaker() as session:
        ours = await sql.period_counts(session, *Q4, organisation=ORGANISATION)
        none = await sql.period_counts(session, *Q4, organisation="No Such Organisation")
        group = await sql.period_counts(session, *Q4)
    assert ours.complaints == 11 and none.complaints == 0
    assert group.complaints >= ours.complaints


async def test_the_rebuilt_read_model_has_the_same_report_columns(complaints: Complaints) -> None:
    await write_fixed(complaints.sessionmaker)
    references = [summary.reference for summary, _ in FIXED]
    assert await differences(complaints.sessionmaker, references) == []


async def test_r_rpt_1_the_sql_report_gives_the_python_figures_after_real_lifecycles(
    complaints: Complaints,
) -> None:
    """Complaints handled by the time-skipping workflow, as for the report pages: answered
    after an extension with a survey answer, declined, withdrawn, withdrawn and taken up
    again, and a second contact linked as a duplicate."""
    start, end, _ = await fill(complaints)

    python, in_sql = await both(complaints.sessionmaker, start, end)
    assert in_sql.model_dump(exclude=NOT_COMPARED) == python.model_dump(exclude=NOT_COMPARED)
    assert in_sql.declined >= 1 and in_sql.withdrawn >= 1 and in_sql.duplicates >= 1
    assert in_sql.extensions >= 1 and "stage_1" in in_sql.average_working_days_to_response
    python_tsm, sql_tsm = await both_tsm(complaints.sessionmaker, start, end)
    assert sql_tsm == python_tsm


async def test_r_acc_2_a_declined_complaint_stays_declined_once_its_record_is_complete(
    complaints: Complaints,
) -> None:
    """A later write without a closing event keeps what the log said (the row now says
    "completed"), and a row's report columns are written even from sparse deadlines."""

    def apart(**changes: Any) -> ComplaintSummary:  # not among the fixed rows' figures
        return row(41, **changes).model_copy(update={"organisation": "Figures Test Declines"})

    opened, declined = apart(status="open"), apart(status="declined")
    completed = apart(
        status="completed", deadlines=[{"key": "stage_1_response", "due": "2026-11-17"}]
    )
    await write_log(
        complaints.sessionmaker,
        [("logged", opened), ("declined", declined), ("completed", completed)],
    )
    async with complaints.sessionmaker() as session:
        found = await session.get(Complaint, completed.reference)
    assert found is not None
    assert (found.status, found.closed_as, found.s1_reached) == ("completed", "declined", True)
    assert await differences(complaints.sessionmaker, [completed.reference]) == []
