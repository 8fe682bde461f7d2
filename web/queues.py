"""The work queues and the red, amber or green state of each row.

A target is a service standard (amber when missed) and a limit is the Code's (red when
missed): the row's colour comes from the next open deadline's target and due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Rag, Status
from rules.calendar import WorkingCalendar
from store import queries

DUE_SOON_WORKING_DAYS = 3


def rag(today: date, target: date | None, due: date | None) -> Rag | None:
    """Red past the limit (or extended due date), amber past the target, else green;
    None when nothing is due."""
    if due is None:
        return None
    if today > due:
        return Rag.RED
    if target is not None and today > target:
        return Rag.AMBER
    return Rag.GREEN


@lru_cache(maxsize=8)
def _calendar(today: date) -> WorkingCalendar:
    from starter.service import calendar_for  # the holidays package: loaded once a day

    return WorkingCalendar(calendar_for(today))


def working_days_after(today: date, days: int) -> date:
    return _calendar(today).add_working_days(today, days)


@dataclass(frozen=True)
class Queue:
    slug: str
    title: str
    description: str


QUEUES = (
    Queue(
        "awaiting-acceptance", "Awaiting acceptance", "Logged, waiting to be accepted or declined."
    ),
    Queue("to-acknowledge", "To acknowledge", "Accepted at Stage 1, waiting for acknowledgement."),
    Queue("mine", "My complaints", "Complaints you handle or review."),
    Queue(
        "due-soon",
        "Due in the next 3 working days",
        "Something falls due today or in the next 3 working days.",
    ),
    Queue("overdue", "Overdue", "The next date has passed."),
    Queue("escalations", "Escalation requests", "Residents who asked for Stage 2."),
    Queue("open-actions", "Open actions", "Remedies, actions and orders not yet completed."),
)
BY_SLUG = {queue.slug: queue for queue in QUEUES}


async def rows(db: AsyncSession, slug: str, today: date, staff_id: str) -> Sequence[Any]:
    """The complaints in one queue, soonest due first."""
    if slug == "awaiting-acceptance":
        return await queries.work_queue(db, statuses=[Status.RECEIVED.value])
    if slug == "to-acknowledge":
        return await queries.work_queue(db, statuses=[Status.ACCEPTED.value])
    if slug == "mine":
        return await queries.work_queue(db, staff_id=staff_id)
    if slug == "due-soon":
        end = working_days_after(today, DUE_SOON_WORKING_DAYS)
        return await queries.work_queue(db, due_from=today, due_to=end)
    if slug == "overdue":
        return await queries.work_queue(db, due_to=today - timedelta(days=1))
    if slug == "escalations":
        return await queries.work_queue(db, statuses=[Status.ESCALATION_REQUESTED.value])
    if slug == "open-actions":
        references = await queries.references_with_open_actions(db)
        return await queries.work_queue(db, references=references, include_finished=True)
    raise KeyError(slug)
