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
    from intake.calendar import calendar_for  # the holidays package: loaded once a day

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
    Queue(
        "needs-attention",
        "Needs attention",
        "The complaint's record could not be written; the complaint carries on, but a manager "
        "or engineer should look.",
    ),
)
BY_SLUG = {queue.slug: queue for queue in QUEUES}


PAGE_SIZE = 50


async def criteria(db: AsyncSession, slug: str, today: date, staff_id: str) -> dict[str, Any]:
    """What puts a complaint in the queue: the filters of `queries.work_queue`."""
    if slug == "awaiting-acceptance":
        return {"statuses": [Status.RECEIVED.value]}
    if slug == "to-acknowledge":
        return {"statuses": [Status.ACCEPTED.value]}
    if slug == "mine":
        return {"staff_id": staff_id}
    if slug == "due-soon":
        return {"due_from": today, "due_to": working_days_after(today, DUE_SOON_WORKING_DAYS)}
    if slug == "overdue":
        return {"due_to": today - timedelta(days=1)}
    if slug == "escalations":
        return {"statuses": [Status.ESCALATION_REQUESTED.value]}
    if slug == "open-actions":
        references = await queries.references_with_open_actions(db)
        return {"references": references, "include_finished": True}
    if slug == "needs-attention":
        return {"needs_attention": True, "include_finished": True}
    raise KeyError(slug)


async def rows(
    db: AsyncSession,
    slug: str,
    today: date,
    staff_id: str,
    page: int = 1,
    only: dict[str, Any] | None = None,
) -> Sequence[Any]:
    """One page of the complaints in a queue, soonest due first; ``only`` narrows it (e.g.
    ``{"vulnerable": True}``, R-VUL-1)."""
    found = {**await criteria(db, slug, today, staff_id), **(only or {})}
    offset = (max(page, 1) - 1) * PAGE_SIZE
    return await queries.work_queue(db, **found, limit=PAGE_SIZE, offset=offset)


async def count(
    db: AsyncSession, slug: str, today: date, staff_id: str, only: dict[str, Any] | None = None
) -> int:
    """How many complaints are in a queue (narrowed by ``only``, as `rows`)."""
    found = {**await criteria(db, slug, today, staff_id), **(only or {})}
    return await queries.queue_count(db, **found)


async def counts(db: AsyncSession, today: date, staff_id: str) -> dict[str, int]:
    """How many complaints are in each queue, in one query."""
    found = {queue.slug: await criteria(db, queue.slug, today, staff_id) for queue in QUEUES}
    return await queries.queue_counts(db, found)
