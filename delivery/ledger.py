"""The ``deliveries`` table, which makes delivery exactly once per recipient.

Each (record, recipient) has a row in ``deliveries``, keyed ``<reference>:<seq>:<n>``.
Before an email goes to the mail server the row says ``sending``; once the server accepts
it, ``sent``. A retried delivery (after a lost worker, say) skips every recipient already
``sent`` or ``queued`` (or ``undeliverable``: see `DONE`). Only a worker lost in the
instant between the server's acceptance and the ``sent`` mark can send a message twice,
and then with the same Message-ID, by which mail systems recognise a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from delivery.mail import Mailer
from store.db import Sessionmaker, UnitOfWork
from store.tables import Delivery

# A recipient whose delivery has one of these statuses is not tried again.
DONE = ("sent", "queued", "undeliverable")


class DeliveryLedger:
    """The deliveries table's rows for `Deliverer`, and the email sent between two marks."""

    sessionmaker: Sessionmaker
    mailer: Mailer
    heartbeat: Callable[..., None]

    async def _send(
        self,
        reference: str,
        seq: int,
        number: int,
        what: str,
        name: str,
        to: str | None,
        msgid: str,
        message: Any,
        *,
        document: str | None = None,
    ) -> None:
        mark = partial(
            self._mark,
            reference,
            seq,
            number,
            what,
            "email",
            name,
            to,
            message_id=msgid,
            document=document,
        )
        await mark(status="sending", attempt=True)
        self.heartbeat(f"sending to {name}")
        await self.mailer.send(message)
        await mark(status="sent")
        self.heartbeat(f"sent to {name}")

    async def _existing(self, reference: str, seq: int, number: int) -> str | None:
        """The delivery's status so far, or None when it was never tried."""
        async with UnitOfWork(self.sessionmaker) as uow:
            return await uow.session.scalar(
                select(Delivery.status).where(Delivery.key == f"{reference}:{seq}:{number}")
            )

    async def _mark(
        self,
        reference: str,
        seq: int,
        number: int,
        what: str,
        channel: str,
        recipient: str,
        address: str | None,
        *,
        status: str,
        problem: str | None = None,
        message_id: str | None = None,
        document: str | None = None,
        attempt: bool = False,
    ) -> None:
        values = {
            "key": f"{reference}:{seq}:{number}",
            "reference": reference,
            "seq": seq,
            "what": what,
            "channel": channel,
            "recipient": recipient,
            "address": address,
            "message_id": message_id,
            "status": status,
            "problem": problem,
            "document_sha256": document,
            "attempts": 1 if attempt else 0,
        }
        statement = insert(Delivery).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[Delivery.key],
            set_={
                "status": status,
                "problem": problem,
                "address": address,
                "message_id": message_id,
                "document_sha256": document,
                "attempts": Delivery.attempts + (1 if attempt else 0),
                "updated_at": func.now(),
            },
        )
        async with UnitOfWork(self.sessionmaker) as uow:
            await uow.session.execute(statement)
            await uow.commit()


async def recorded(uow: UnitOfWork, table: Any, reference: str, seq: int, what: str) -> Any:
    """The recorded letter or notice as a read-only mapping (it outlives the session)."""
    row = (
        await uow.session.execute(
            table.__table__.select().where(table.reference == reference, table.seq == seq)
        )
    ).first()
    if row is None:
        raise LookupError(f"no {what} recorded for {reference} at {seq}")
    return row._mapping
