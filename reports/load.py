"""Reading what the reports need from the store: read-model rows, extensions, lessons, and the
period report made in Python from the rows read here, whose figures the SQL report
(`reports.sql`) must give."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.effects import ComplaintSummary
from reports.period import PeriodReport, period_report
from rules.calendar import WorkingCalendar
from store import queries
from store.tables import Complaint, ComplaintEvent

FIELDS = tuple(ComplaintSummary.model_fields)


async def complaints(
    session: AsyncSession, start: date, end: date, references: Sequence[str] | None = None
) -> list[ComplaintSummary]:
    """The read model's complaints first received in the period, or closed in it; only
    those named, when `references` names some."""
    statement = select(Complaint).where(
        Complaint.kind == "complaint",
        ((Complaint.first_contact_on >= start) & (Complaint.first_contact_on <= end))
        | ((Complaint.closed_on >= start) & (Complaint.closed_on <= end)),
    )
    if references is not None:
        statement = statement.where(Complaint.reference.in_(references))
    rows = (await session.scalars(statement)).all()
    return [
        ComplaintSummary.model_validate({name: getattr(row, name) for name in FIELDS})
        for row in rows
    ]


async def extensions(session: AsyncSession, references: list[str]) -> dict[str, int]:
    """How many times each complaint's response date was extended (R-S1-3)."""
    statement = (
        select(ComplaintEvent.reference, func.count())
        .where(ComplaintEvent.kind == "extended", ComplaintEvent.reference.in_(references))
        .group_by(ComplaintEvent.reference)
    )
    return {reference: count for reference, count in (await session.execute(statement)).all()}


# The events that close a complaint without a response, and what reports call each.
CLOSING_EVENTS = {
    "declined": "declined",
    "withdrawn": "withdrawn",
    "linked_as_duplicate": "duplicate",
}
REOPENED = "withdrawal_reopened"  # R-WDR-1: a withdrawn complaint taken up again


async def closures(session: AsyncSession, references: list[str]) -> dict[str, str]:
    """Which complaints were declined, withdrawn (R-WDR-1) or linked as duplicates (R-DUP-1),
    from the event log: the read model's status says "completed" once the record is."""
    statement = (
        select(ComplaintEvent.reference, ComplaintEvent.kind)
        .where(
            ComplaintEvent.kind.in_([*CLOSING_EVENTS, REOPENED]),
            ComplaintEvent.reference.in_(references),
        )
        .order_by(ComplaintEvent.reference, ComplaintEvent.seq)
    )
    rows = (await session.execute(statement)).all()
    found: dict[str, str] = {}
    for reference, kind in rows:
        if kind == REOPENED:
            found.pop(reference, None)  # taken up again: no longer closed that way
        else:
            found[reference] = CLOSING_EVENTS[kind]
    return found


async def lessons(session: AsyncSession, start: date, end: date) -> list[str]:
    """The lessons recorded in the period (R-LRN-1), oldest first."""
    found = [
        event
        for event in await queries.lessons_log(session)
        if start <= event.occurred_at.date() <= end
    ]
    return [event.summary.removeprefix("Lesson learned: ") for event in reversed(found)]


async def period_report_of(
    session: AsyncSession,
    rows: list[ComplaintSummary],
    start: date,
    end: date,
    *,
    cal: WorkingCalendar,
) -> PeriodReport:
    """The period report made in Python from `rows` (as `complaints` reads them), with the
    complaints' extensions and how they were closed read from the store."""
    references = [r.reference for r in rows]
    return period_report(
        rows,
        start,
        end,
        cal=cal,
        extensions=await extensions(session, references),
        closures=await closures(session, references),
    )
