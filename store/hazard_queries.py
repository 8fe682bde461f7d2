"""Reading the ``hazards`` read model: the hazards queue, a complaint's hazards, one
hazard's recorded state, and the rows the reports count."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.hazard_state import (
    HazardSummary,
)
from store.tables import Complaint, ComplaintState, Hazard, IntakeSubmission

PAGE_SIZE = 50  # as the work queues: a page stays quick however many hazards are open


def _emergency_first() -> Any:
    return case((Hazard.kind == "emergency", 0), else_=1)


async def open_hazards(session: AsyncSession, page: int = 1) -> Sequence[Hazard]:
    """One page (`PAGE_SIZE` rows, ``page`` counting from 1) of the open hazards,
    emergencies first, then by when their next step is due (soonest first; nothing due
    last), then by reference, so every open hazard is on exactly one page."""
    statement = (
        select(Hazard)
        .where(Hazard.is_open)
        .order_by(_emergency_first(), Hazard.next_due.asc().nulls_last(), Hazard.reference.asc())
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    return (await session.scalars(statement)).all()


async def open_counts(session: AsyncSession) -> tuple[int, int]:
    """How many hazards are open, and how many of them have missed a step, in one query."""
    statement = (
        select(func.count(), func.count().filter(Hazard.breached))
        .select_from(Hazard)
        .where(Hazard.is_open)
    )
    total, breached = (await session.execute(statement)).one()
    return int(total), int(breached)


async def of_complaint(session: AsyncSession, reference: str) -> Sequence[Hazard]:
    """The hazards reported in a complaint, oldest first."""
    statement = (
        select(Hazard)
        .where(Hazard.complaint_reference == reference)
        .order_by(Hazard.aware_at, Hazard.reference)
    )
    return (await session.scalars(statement)).all()


async def hazard(session: AsyncSession, reference: str) -> Hazard | None:
    return await session.get(Hazard, reference)


async def complaint_owners(
    session: AsyncSession, complaint_reference: str | None
) -> tuple[str | None, str | None]:
    """The handler and reviewer of the hazard's complaint (who may record its steps)."""
    if complaint_reference is None:
        return None, None
    row = (
        await session.execute(
            select(Complaint.handler_id, Complaint.reviewer_id).where(
                Complaint.reference == complaint_reference
            )
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)


async def stage_1_staff(session: AsyncSession, complaint_reference: str | None) -> list[str]:
    """Everyone who handled Stage 1 of the hazard's complaint (they see its vulnerability)."""
    if complaint_reference is None:
        return []
    state = await session.scalar(
        select(ComplaintState.state).where(ComplaintState.reference == complaint_reference)
    )
    return [str(staff) for staff in (state or {}).get("stage_1_staff", [])]


async def owners_of(
    session: AsyncSession, complaint_references: Sequence[str | None]
) -> dict[str, tuple[str | None, str | None]]:
    """The handler and reviewer of each of these complaints, by reference (the queue's)."""
    wanted = {reference for reference in complaint_references if reference}
    if not wanted:
        return {}
    rows = await session.execute(
        select(Complaint.reference, Complaint.handler_id, Complaint.reviewer_id).where(
            Complaint.reference.in_(wanted)
        )
    )
    return {reference: (handler, reviewer) for reference, handler, reviewer in rows}


async def reported_between(
    session: AsyncSession, start: datetime, end: datetime
) -> Sequence[Hazard]:
    """Hazards the landlord became aware of in the period (the reports' rows)."""
    statement = (
        select(Hazard)
        .where(Hazard.aware_at >= start, Hazard.aware_at < end)
        .order_by(Hazard.aware_at, Hazard.reference)
    )
    return (await session.scalars(statement)).all()


async def summaries_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[HazardSummary]:
    """The rows of `reported_between` as the reports read them."""
    fields = tuple(HazardSummary.model_fields)
    return [
        HazardSummary.model_validate({name: getattr(row, name) for name in fields})
        for row in await reported_between(session, start, end)
    ]


async def kept_start(session: AsyncSession, reference: str) -> dict[str, Any] | None:
    """The start input kept for a hazard reported on the complaint form, if it was kept."""
    return await session.scalar(
        select(IntakeSubmission.start).where(IntakeSubmission.reference == reference)
    )
