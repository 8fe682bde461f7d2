"""The mailbox in PostgreSQL: the reader's position, each message kept once, and the
triage queue's conditional changes, so two officers never handle one message twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import MailboxPosition, MailMessage


async def position(session: AsyncSession, mailbox: str, uidvalidity: int) -> int:
    """The last UID read from ``mailbox``; 0 when never read or its UIDVALIDITY changed (the
    server renumbered it: read it all again, and the Message-IDs keep each message once)."""
    row = await session.get(MailboxPosition, mailbox)
    return row.last_uid if row is not None and row.uidvalidity == uidvalidity else 0


async def move_position(session: AsyncSession, mailbox: str, uidvalidity: int, uid: int) -> None:
    await session.execute(
        insert(MailboxPosition)
        .values(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=uid)
        .on_conflict_do_update(
            index_elements=["mailbox"],
            set_={"uidvalidity": uidvalidity, "last_uid": uid, "read_at": func.now()},
        )
    )


async def keep_message(session: AsyncSession, values: dict[str, Any]) -> int | None:
    """Keep a message once by its key; a second delivery only counts as a duplicate.
    The new row's id, or None for a duplicate."""
    inserted = await session.scalar(
        insert(MailMessage).values(**values).on_conflict_do_nothing().returning(MailMessage.id)
    )
    if inserted is None:
        await session.execute(
            update(MailMessage)
            .where(MailMessage.key == values["key"])
            .values(duplicates=MailMessage.duplicates + 1)
        )
    return inserted


async def new_mail(session: AsyncSession, limit: int = 200) -> list[MailMessage]:
    """The "New mail" queue, oldest first."""
    rows = await session.scalars(
        select(MailMessage)
        .where(MailMessage.status == "new")
        .order_by(MailMessage.received_at, MailMessage.id)
        .limit(limit)
    )
    return list(rows)


async def count_new(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).where(MailMessage.status == "new")) or 0)


async def claim(session: AsyncSession, mail_id: int) -> MailMessage | None:
    """The message, locked for this transaction, if it still waits in triage; None when
    someone else has handled it (or is handling it now: the lock is not waited for)."""
    return await session.scalar(
        select(MailMessage)
        .where(MailMessage.id == mail_id, MailMessage.status == "new")
        .with_for_update(skip_locked=True)
    )


async def finish(
    session: AsyncSession,
    mail_id: int,
    status: str,
    *,
    by: str,
    at: datetime,
    reference: str | None = None,
    reason: str | None = None,
) -> bool:
    """Mark a message handled, only if it still waits: whether this call did it."""
    done = await session.execute(
        update(MailMessage)
        .where(MailMessage.id == mail_id, MailMessage.status.in_(("new", "joining")))
        .values(status=status, handled_by=by, handled_at=at, reference=reference, reason=reason)
        .returning(MailMessage.id)
    )
    return done.first() is not None
