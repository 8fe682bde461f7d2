"""The staff directory (``staff``) that reminders and missed-deadline notices are emailed
to (R-S1-2). The caller's unit of work commits."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import StaffRecord


async def put_staff(
    session: AsyncSession, *, id: str, name: str, email: str, manager_id: str | None
) -> None:
    """Add a member of staff, or change their name, address and manager."""
    statement = insert(StaffRecord).values(id=id, name=name, email=email, manager_id=manager_id)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[StaffRecord.id],
            set_={k: statement.excluded[k] for k in ("name", "email", "manager_id")},
        )
    )
