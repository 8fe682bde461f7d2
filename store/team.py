"""The team view's queries (R-TEAM-1): open complaints with their handler, filtered by
handler, stage, status, service, organisation, red/amber/green state, overdue and (once the
read model records it, R-VUL-1) vulnerability, sorted, a page at a time; and how many each
handler holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import Complaint

UNASSIGNED = "none"  # the handler filter's value for complaints no one holds yet
SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "due": ("Next due, soonest first", (Complaint.next_due.asc().nulls_last(),)),
    "handler": ("Handler", (Complaint.handler_name.asc().nulls_first(), Complaint.next_due)),
    "logged": ("Logged, oldest first", (Complaint.logged_at.asc(),)),
    "reference": ("Reference", ()),
}


@dataclass(frozen=True)
class TeamFilter:
    """What the manager narrowed the view to; None (or False) is everything."""

    handler: str | None = None  # a staff id, or UNASSIGNED
    stage: str | None = None
    status: str | None = None
    service_area: str | None = None
    organisation: str | None = None
    rag: str | None = None  # red | amber | green, as the queues colour them
    overdue: bool = False
    vulnerable: bool = False


@dataclass(frozen=True)
class HandlerLoad:
    handler_id: str | None
    handler_name: str | None
    open: int
    overdue: int


def _rag(colour: str, today: date) -> ColumnElement[bool]:
    """The queues' colours (`web.queues.rag`) as a condition: red past the due date, amber
    past the target, green otherwise; nothing due is no colour."""
    due, target = Complaint.next_due, Complaint.next_target
    if colour == "red":
        return due < today
    if colour == "amber":
        return and_(due >= today, target < today)
    return and_(due >= today, or_(target.is_(None), target >= today))


def conditions(found: TeamFilter, today: date) -> list[ColumnElement[bool]]:
    wanted: list[ColumnElement[bool]] = [Complaint.is_open.is_(True), Complaint.kind == "complaint"]
    if found.handler == UNASSIGNED:
        wanted.append(Complaint.handler_id.is_(None))
    elif found.handler:
        wanted.append(Complaint.handler_id == found.handler)
    for column, value in (
        (Complaint.stage, found.stage),
        (Complaint.status, found.status),
        (Complaint.service_area, found.service_area),
        (Complaint.organisation, found.organisation),
    ):
        if value:
            wanted.append(column == value)
    if found.rag in ("red", "amber", "green"):
        wanted.append(_rag(found.rag, today))
    if found.overdue:
        wanted.append(Complaint.next_due < today)
    vulnerable = getattr(Complaint, "vulnerable", None)  # R-VUL-1's column, where it exists
    if found.vulnerable and vulnerable is not None:
        wanted.append(vulnerable.is_(True))
    return wanted


def _listing(found: TeamFilter, today: date) -> Select[Complaint]:
    return select(Complaint).where(*conditions(found, today))


async def team(
    session: AsyncSession,
    found: TeamFilter,
    today: date,
    *,
    sort: str = "due",
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Complaint], int]:
    """One page of the open complaints `found` admits, sorted, and how many there are."""
    order = SORTS.get(sort, SORTS["due"])[1]
    statement = (
        _listing(found, today).order_by(*order, Complaint.reference).limit(limit).offset(offset)
    )
    rows = (await session.scalars(statement)).all()
    total = await session.scalar(
        select(func.count()).select_from(Complaint).where(*conditions(found, today))
    )
    return rows, int(total or 0)


async def handler_loads(session: AsyncSession, today: date) -> list[HandlerLoad]:
    """Each handler's open complaints and how many are overdue, most first; unassigned
    complaints as a handler of None."""
    overdue = func.count().filter(Complaint.next_due < today)
    statement = (
        select(Complaint.handler_id, Complaint.handler_name, func.count(), overdue)
        .where(*conditions(TeamFilter(), today))
        .group_by(Complaint.handler_id, Complaint.handler_name)
        .order_by(func.count().desc(), Complaint.handler_name)
    )
    return [HandlerLoad(*row) for row in (await session.execute(statement)).all()]


async def options(session: AsyncSession, column: Any) -> list[str]:
    """The values an open complaint has in `column`: a filter's choices."""
    statement = select(column).where(Complaint.is_open).distinct().order_by(column)
    return [value for value in (await session.scalars(statement)).all() if value]
