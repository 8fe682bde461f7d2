"""Read-model queries: what the starter, the web app and the tests look at.

Each takes an ``AsyncSession`` and returns mapped rows; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Status
from store.tables import Complaint, ComplaintEvent, LetterRecord, StaffNotification

# Statuses with nothing left for the team to do at the current stage: not in work queues.
FINISHED = (
    Status.RESOLVED_EARLY,
    Status.DECLINED,
    Status.CLOSED,
    Status.RECORDED,
    Status.COMPLETED,
)


async def get_complaint(session: AsyncSession, reference: str) -> Complaint | None:
    """The complaint's read-model row, or None when nothing has been recorded for it."""
    return await session.get(Complaint, reference)


async def list_events(session: AsyncSession, reference: str) -> Sequence[ComplaintEvent]:
    """The complaint's history, oldest first (R-REC-1)."""
    statement = (
        select(ComplaintEvent)
        .where(ComplaintEvent.reference == reference)
        .order_by(ComplaintEvent.seq)
    )
    return (await session.scalars(statement)).all()


async def lessons_log(
    session: AsyncSession, service_area: str | None = None
) -> Sequence[ComplaintEvent]:
    """R-LRN-1: every lesson recorded with an upheld or partially upheld response, newest
    first, optionally for one service area."""
    statement = select(ComplaintEvent).where(ComplaintEvent.kind == "lesson_recorded")
    if service_area is not None:
        statement = statement.where(ComplaintEvent.data["service_area"].astext == service_area)
    return (await session.scalars(statement.order_by(ComplaintEvent.occurred_at.desc()))).all()


async def list_letters(session: AsyncSession, reference: str) -> Sequence[LetterRecord]:
    """Letters recorded for the complaint, in the order the workflow asked for them."""
    statement = (
        select(LetterRecord).where(LetterRecord.reference == reference).order_by(LetterRecord.seq)
    )
    return (await session.scalars(statement)).all()


async def list_notifications(session: AsyncSession, reference: str) -> Sequence[StaffNotification]:
    """Reminders and manager notices recorded for the complaint, oldest first."""
    statement = (
        select(StaffNotification)
        .where(StaffNotification.reference == reference)
        .order_by(StaffNotification.seq)
    )
    return (await session.scalars(statement)).all()


async def open_by_due(session: AsyncSession, limit: int = 50) -> Sequence[Complaint]:
    """The team's work queue: unfinished complaints, soonest due first.

    Complaints without a due date (e.g. awaiting a decision to accept) come last.
    """
    statement = (
        select(Complaint)
        .where(Complaint.status.not_in([s.value for s in FINISHED]))
        .order_by(Complaint.next_due.asc().nulls_last(), Complaint.reference)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()
