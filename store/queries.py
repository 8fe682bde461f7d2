"""Read-model queries: what the starter, the web app and the tests look at.

Each takes an ``AsyncSession`` and returns mapped rows; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import (
    Complaint,
    ComplaintEvent,
    Delivery,
    Document,
    LetterRecord,
    StaffNotification,
)
from store.tables import ComplaintState as ComplaintStateRow


async def get_complaint(session: AsyncSession, reference: str) -> Complaint | None:
    """The complaint's read-model row, or None when nothing has been recorded for it."""
    return await session.get(Complaint, reference)


async def recorded_state(session: AsyncSession, reference: str) -> dict[str, Any] | None:
    """The complaint's whole state as its workflow last recorded it (JSON), or None."""
    row = await session.get(ComplaintStateRow, reference)
    return row.state if row is not None else None


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
        .where(Complaint.is_open)
        .order_by(Complaint.next_due.asc().nulls_last(), Complaint.reference)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def list_deliveries(session: AsyncSession, reference: str) -> Sequence[Delivery]:
    """Each letter and notice per recipient, and what became of it, in the workflow's order."""
    statement = (
        select(Delivery).where(Delivery.reference == reference).order_by(Delivery.seq, Delivery.key)
    )
    return (await session.scalars(statement)).all()


async def list_documents(session: AsyncSession, reference: str) -> Sequence[Document]:
    """Documents kept with the complaint, oldest first."""
    statement = select(Document).where(Document.reference == reference).order_by(Document.id)
    return (await session.scalars(statement)).all()


# -- work queues and the resident's status page (the web app) ------------------------------

# The columns a work queue shows: named one by one, so the queues read only what they need.
QUEUE_COLUMNS = (
    Complaint.reference,
    Complaint.kind,
    Complaint.stage,
    Complaint.status,
    Complaint.complainant_name,
    Complaint.handler_id,
    Complaint.handler_name,
    Complaint.reviewer_id,
    Complaint.next_due,
    Complaint.next_due_label,
    Complaint.next_target,
    Complaint.breached,
    Complaint.flagged,
    Complaint.needs_attention,
    Complaint.vulnerable,
)


async def work_queue(
    session: AsyncSession,
    *,
    statuses: Sequence[str] | None = None,
    staff_id: str | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    references: Sequence[str] | None = None,
    include_finished: bool = False,
    needs_attention: bool = False,
    vulnerable: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> Sequence[Row[Any]]:
    """One page of a work queue, soonest due first (those without a due date last).

    ``statuses`` keeps those statuses only; otherwise only open complaints (``is_open``)
    unless ``include_finished``. ``staff_id`` keeps the complaints that person handles or
    reviews; ``due_from``/``due_to`` bound the next due date (inclusive); ``references``
    keeps only those complaints; ``needs_attention`` those whose record is behind.
    """
    statement = _queue_filter(
        select(*QUEUE_COLUMNS),
        statuses=statuses,
        staff_id=staff_id,
        due_from=due_from,
        due_to=due_to,
        references=references,
        include_finished=include_finished,
        needs_attention=needs_attention,
        vulnerable=vulnerable,
    )
    statement = (
        statement.order_by(Complaint.next_due.asc().nulls_last(), Complaint.reference)
        .limit(limit)
        .offset(offset)
    )
    rows: Sequence[Row[Any]] = (await session.execute(statement)).all()  # type: ignore[assignment]
    return rows


async def queue_count(session: AsyncSession, **criteria: Any) -> int:
    """How many complaints a work queue holds (the criteria of `work_queue`)."""
    statement = _queue_filter(select(func.count()).select_from(Complaint), **criteria)
    return int(await session.scalar(statement) or 0)


async def queue_counts(session: AsyncSession, queues: dict[str, dict[str, Any]]) -> dict[str, int]:
    """How many complaints each of several work queues holds, in one query (the criteria of
    `work_queue` per queue name)."""
    if not queues:
        return {}
    columns = []
    for name, criteria in queues.items():
        condition = _queue_filter(None, **criteria)
        columns.append(func.count().filter(condition).label(name))
    row = (await session.execute(select(*columns).select_from(Complaint))).one()
    return {name: int(getattr(row, name)) for name in queues}


def _queue_filter(
    statement: Any,
    *,
    statuses: Sequence[str] | None = None,
    staff_id: str | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    references: Sequence[str] | None = None,
    include_finished: bool = False,
    needs_attention: bool = False,
    vulnerable: bool = False,
) -> Any:
    """`statement` with the queue's conditions; with no statement, the condition alone."""
    conditions: list[Any] = [Complaint.kind == "complaint"]
    if statuses is not None:
        conditions.append(Complaint.status.in_(list(statuses)))
    elif not include_finished:
        conditions.append(Complaint.is_open)
    if staff_id is not None:
        conditions.append(or_(Complaint.handler_id == staff_id, Complaint.reviewer_id == staff_id))
    if due_from is not None:
        conditions.append(Complaint.next_due >= due_from)
    if due_to is not None:
        conditions.append(Complaint.next_due <= due_to)
    if references is not None:
        conditions.append(Complaint.reference.in_(list(references)))
    if needs_attention:
        conditions.append(Complaint.needs_attention.is_not(None))
    if vulnerable:  # R-VUL-1: a vulnerability or adjustments are recorded
        conditions.append(Complaint.vulnerable)
    if statement is None:
        return and_(*conditions)
    return statement.where(*conditions)


async def references_with_open_actions(session: AsyncSession) -> list[str]:
    """R-REM-3: complaints with a remedy, action or order whose tracking started and which
    has not been completed, from the complaints' records."""
    item = ComplaintEvent.data["item_id"].astext
    started = select(ComplaintEvent.reference, item.label("item_id")).where(
        ComplaintEvent.kind == "tracking_started"
    )
    completed = select(ComplaintEvent.reference, item.label("item_id")).where(
        ComplaintEvent.kind == "action_completed"
    )
    statement = select(started.except_(completed).subquery().c.reference).distinct()
    return sorted((await session.scalars(statement)).all())


async def open_action_dues(session: AsyncSession, references: Sequence[str]) -> dict[str, date]:
    """R-REM-3: for each of ``references``, when its soonest open remedy, action or order is
    due, from the complaint's recorded state (the "Open actions" queue shows it)."""
    if not references:
        return {}
    statement = select(ComplaintStateRow.reference, ComplaintStateRow.state["tracked"]).where(
        ComplaintStateRow.reference.in_(references)
    )
    dues: dict[str, date] = {}
    for reference, tracked in (await session.execute(statement)).all():
        open_dues = [
            date.fromisoformat(item["due"])
            for item in (tracked or {}).values()
            if item.get("due") and not item.get("completed_on")
        ]
        if open_dues:
            dues[reference] = min(open_dues)
    return dues


async def status_for_resident(session: AsyncSession, reference: str) -> Row[Any] | None:
    """What the resident's status page needs, and the details it is checked against."""
    statement = select(
        Complaint.reference,
        Complaint.kind,
        Complaint.stage,
        Complaint.status,
        Complaint.postcode,
        Complaint.email,
        Complaint.next_due,
        Complaint.next_due_label,
        Complaint.closed_on,
    ).where(Complaint.reference == reference)
    row: Row[Any] | None = (await session.execute(statement)).first()  # type: ignore[assignment]
    return row
