"""Retention (R-DP-3): once a complaint's record has been complete for the configured
period (``REDRESS_RETENTION_YEARS``, 6 by default), its personal data is erased.

A record is complete when its workflow ends: the workflow holds the complaint until its
own ``retain_until`` (12 months after the final response, for an ombudsman referral) and
then records the ``completed`` event. The period counts from that event, so nothing is
erased while the workflow could still act, and an open complaint is never touched.

For each complaint due, in one transaction with the complaint locked (as record writes
lock it): every table that holds the person is scrubbed (`dataprotection.scrub`), its
documents are deleted from the document store and their rows removed, its letters to post
leave the print queue, the messages the complaints mailbox kept for it lose their sender,
subject, body, attachments' names and the message itself, the resident's sign-in links
(which name the address they went to) and the guess counts kept under its reference are
deleted, and a ``retention_log`` row says when, under which period and how
many rows of each table changed. The event log's trigger admits the rewrite of an event's
text only inside such a transaction (``SET LOCAL redress.retention = 'on'``, migration
0009); its reference, number, kind and time stay.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dataprotection.scrub import ERASED, Scrubber, identifiers
from delivery.documents import DocumentStore, LocalDocumentStore, S3DocumentStore
from rules.calendar import add_months
from store.db import Sessionmaker, UnitOfWork
from store.record import lock_complaint
from store.tables import (
    Complaint,
    ComplaintEvent,
    ComplaintState,
    Delivery,
    Document,
    GuessAttempt,
    IntakeSubmission,
    LetterRecord,
    MailMessage,
    ResidentLink,
    RetentionRecord,
    StaffNotification,
    SupersededRecord,
)


@dataclass(frozen=True)
class Due:
    reference: str
    completed_at: datetime


def erase_after(completed_at: datetime, years: int) -> datetime:
    """When a record complete at ``completed_at`` is erased: ``years`` later, to the day."""
    day = add_months(completed_at.date(), 12 * years)
    return completed_at.replace(year=day.year, month=day.month, day=day.day)


async def due(session: AsyncSession, now: datetime, years: int) -> list[Due]:
    """The complaints complete for at least ``years`` at ``now`` and not yet erased."""
    statement = (
        select(ComplaintEvent.reference, ComplaintEvent.occurred_at)
        .join(Complaint, Complaint.reference == ComplaintEvent.reference)
        .where(
            ComplaintEvent.kind == "completed",
            Complaint.status == "completed",
            ComplaintEvent.reference.not_in(select(RetentionRecord.reference)),
        )
        .order_by(ComplaintEvent.occurred_at)
    )
    found = (await session.execute(statement)).all()
    return [Due(ref, at) for ref, at in found if erase_after(at, years) <= now]


async def erase_due(
    sessionmaker: Sessionmaker,
    store: DocumentStore,
    print_queue: Path,
    now: datetime,
    years: int,
    *,
    limit: int | None = None,
) -> list[str]:
    """Erase the complaints due at ``now`` (the ``limit`` longest complete), each in its own
    transaction; their references."""
    async with sessionmaker() as session:
        found = (await due(session, now, years))[:limit]
    erased = []
    for item in found:
        async with UnitOfWork(sessionmaker) as uow:
            await erase(uow.session, store, print_queue, item, years)
            await uow.commit()
        erased.append(item.reference)
    return erased


async def erase(
    session: AsyncSession, store: DocumentStore, print_queue: Path, item: Due, years: int
) -> dict[str, int]:
    """Erase one complaint's personal data (the caller commits); what changed, per table."""
    reference = item.reference
    await lock_complaint(session, reference)
    await session.execute(text("SET LOCAL redress.retention = 'on'"))
    scrub = Scrubber(await _identifiers(session, reference))
    changed = {
        "complaints": await _scrub_rows(session, scrub, Complaint, reference, _READ_MODEL),
        "complaint_states": await _scrub_rows(session, scrub, ComplaintState, reference, _STATE),
        "complaint_events": await _scrub_rows(session, scrub, ComplaintEvent, reference, _EVENT),
        "letters": await _scrub_rows(session, scrub, LetterRecord, reference, _LETTER),
        "staff_notifications": await _scrub_rows(
            session, scrub, StaffNotification, reference, _NOTICE
        ),
        "deliveries": await _scrub_rows(session, scrub, Delivery, reference, _DELIVERY),
        "superseded_records": await _scrub_rows(
            session, scrub, SupersededRecord, reference, _SUPERSEDED
        ),
        "intake_submissions": await _scrub_rows(
            session, scrub, IntakeSubmission, reference, _INTAKE
        ),
        "mail_messages": await _scrub_mail(session, scrub, reference),
        "resident_links": await _delete_rows(
            session, delete(ResidentLink).where(ResidentLink.reference == reference)
        ),
        # Staff sessions and guess counts hold staff emails and clients' network addresses,
        # never a resident's details; only the status page's count names the complaint.
        "guess_attempts": await _delete_rows(
            session, delete(GuessAttempt).where(GuessAttempt.key == f"reference:{reference}")
        ),
        "documents": await _delete_documents(session, store, reference),
        "print_queue": await asyncio.to_thread(_clear_print_queue, print_queue, reference),
    }
    await session.execute(text("SET LOCAL redress.retention = 'off'"))
    session.add(
        RetentionRecord(
            reference=reference,
            completed_at=item.completed_at,
            period_years=years,
            changed=changed,
        )
    )
    return changed


async def _identifiers(session: AsyncSession, reference: str) -> set[str]:
    state = await session.scalar(
        select(ComplaintState.state).where(ComplaintState.reference == reference)
    )
    row = await session.scalar(select(Complaint).where(Complaint.reference == reference))
    start = await session.scalar(
        select(IntakeSubmission.start).where(IntakeSubmission.reference == reference)
    )
    read_model = {"complainant_name": row.complainant_name, "parties": row.parties} if row else None
    # The corrections' old details (R-EDIT-1) are in their events as well as the state.
    corrected = (
        await session.scalars(
            select(ComplaintEvent.data).where(
                ComplaintEvent.reference == reference, ComplaintEvent.kind == "corrected"
            )
        )
    ).all()
    senders = (
        await session.execute(
            select(MailMessage.sender_name, MailMessage.sender_email).where(_mail_of(reference))
        )
    ).all()
    mail = [{"complainant": {"name": name, "email": email}} for name, email in senders]
    return identifiers(state, read_model, start, list(corrected), mail)


def _mail_of(reference: str) -> Any:
    return (MailMessage.reference == reference) | (MailMessage.thread_reference == reference)


async def _scrub_mail(session: AsyncSession, scrub: Scrubber, reference: str) -> int:
    """The mailbox's messages of the complaint keep their arrival, status and who handled
    them; who sent them, what they said and the message itself go."""
    rows = (await session.scalars(select(MailMessage).where(_mail_of(reference)))).all()
    for row in rows:
        names = Scrubber(item.get("name") or "" for item in row.attachments)
        await session.execute(
            update(MailMessage)
            .where(MailMessage.id == row.id)
            .values(
                sender_name=ERASED,
                sender_email=None,
                subject=ERASED,
                body=ERASED,
                raw=b"",
                attachments=[item | {"name": ERASED} for item in row.attachments],
                problems=[names.text(scrub.text(str(problem))) for problem in row.problems],
                reason=None if row.reason is None else ERASED,
            )
        )
    session.expunge_all()
    return len(rows)


async def _delete_rows(session: AsyncSession, statement: Any) -> int:
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# Per table: its text columns (identifiers replaced) and JSON columns (scrubbed).
_READ_MODEL = (("complainant_name",), ("parties", "issues", "remedies", "actions", "ombudsman"))
_STATE = ((), ("state",))
_EVENT = (("summary", "actor"), ("data", "changes"))
_LETTER = ((), ("recipients", "fields"))
_NOTICE = (("subject", "body"), ())
_DELIVERY = (("recipient",), ())
_SUPERSEDED = ((), ("row",))
_INTAKE = (("last_error",), ("start",))
# Contact columns of the read model and deliveries: emptied.
_EMPTIED = {Complaint: ("email", "postcode"), Delivery: ("address",)}


async def _scrub_rows(
    session: AsyncSession,
    scrub: Scrubber,
    table: Any,
    reference: str,
    columns: tuple[tuple[str, ...], tuple[str, ...]],
) -> int:
    """Scrub every row of ``table`` for the complaint; how many changed."""
    texts, documents = columns
    rows = (await session.scalars(select(table).where(table.reference == reference))).all()
    changed = 0
    for row in rows:
        values: dict[str, Any] = {}
        for name in texts:
            value = getattr(row, name)
            if isinstance(value, str) and scrub.text(value) != value:
                values[name] = scrub.text(value)
        for name in documents:
            value = getattr(row, name)
            if value is not None and scrub.json(value) != value:
                values[name] = scrub.json(value)
        for name in _EMPTIED.get(table, ()):
            if getattr(row, name) is not None:
                values[name] = None
        if table is Complaint and row.complainant_name != ERASED:
            values["complainant_name"] = ERASED
        if values:
            keys = [getattr(table, key.name) == getattr(row, key.name) for key in _keys(table)]
            await session.execute(update(table).where(*keys).values(**values))
            changed += 1
    session.expunge_all()  # the rows read above are stale now
    return changed


def _keys(table: Any) -> list[Any]:
    return list(table.__table__.primary_key.columns)


async def _delete_documents(session: AsyncSession, store: DocumentStore, reference: str) -> int:
    """Delete the complaint's documents from the store, then their rows."""
    rows = (await session.scalars(select(Document).where(Document.reference == reference))).all()
    for row in rows:
        await _delete_from_store(store, row.path)
    await session.execute(delete(Document).where(Document.reference == reference))
    return len(rows)


async def _delete_from_store(store: DocumentStore, key: str) -> None:
    if isinstance(store, LocalDocumentStore):
        target = store.folder / key
        await asyncio.to_thread(target.unlink, missing_ok=True)
        try:
            await asyncio.to_thread(target.parent.rmdir)  # the complaint's folder, once empty
        except OSError:
            pass
    elif isinstance(store, S3DocumentStore):
        await asyncio.to_thread(
            store.client.delete_object, Bucket=store.bucket, Key=store.prefix + key
        )
    else:
        raise TypeError(f"cannot delete from a {type(store).__name__}")


def _clear_print_queue(folder: Path, reference: str) -> int:
    """Letters to post still in the print queue (named ``<reference>-...pdf``)."""
    if not folder.is_dir():
        return 0
    found = list(folder.glob(f"{reference}-*.pdf"))
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)
