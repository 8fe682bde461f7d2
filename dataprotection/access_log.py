"""The staff access log (R-DP-4): every view of a complaint's page, one of its letters or
one of its documents, with who and when. Written in its own short transaction, so a view
is logged even when the page then fails; managers read it on the complaint page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from store.references import REFERENCE_PATTERN
from store.tables import AccessLogEntry

What = Literal["complaint", "letter", "document"]
SHOWN = 50  # the latest views on the complaint page


class Viewer(Protocol):
    staff_id: str
    name: str
    roles: list[str]


def may_read(viewer: Viewer) -> bool:
    """Only managers see who has looked at a complaint."""
    return "manager" in viewer.roles


async def page_viewed(
    request: Request, session: AsyncSession, viewer: Viewer, reference: str
) -> None:
    """Log a view of the complaint's page; for a manager, keep the latest views in
    ``request.state.access_log`` for the page's "Who has looked at this complaint"."""
    if not REFERENCE_PATTERN.match(reference):
        return  # no such complaint: the page says so, and there is nothing to log
    await record(session, viewer, "complaint", reference)
    if may_read(viewer):
        request.state.access_log = await views(session, reference)


async def record(
    session: AsyncSession, viewer: Viewer, what: What, reference: str, item: str | None = None
) -> None:
    """Log that ``viewer`` looked at ``what`` of the complaint ``reference`` (and commit)."""
    await session.execute(
        insert(AccessLogEntry).values(
            reference=reference,
            what=what,
            item=item,
            staff_id=viewer.staff_id,
            staff_name=viewer.name,
        )
    )
    await session.commit()


async def views(
    session: AsyncSession, reference: str, limit: int = SHOWN
) -> Sequence[AccessLogEntry]:
    """The latest views of a complaint, newest first."""
    statement = (
        select(AccessLogEntry)
        .where(AccessLogEntry.reference == reference)
        .order_by(AccessLogEntry.viewed_at.desc(), AccessLogEntry.id.desc())
        .limit(limit)
    )
    return (await session.scalars(statement)).all()
