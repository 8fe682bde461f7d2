"""The table work retention does (R-DP-3) for one record, a complaint's or a hazard's, inside
the caller's transaction: scrub the rows kept under its reference, delete its documents from
the document store with their rows and its letters from the print queue, under the
record's lock, and record the act (`erase_record`).

A ``Scrubber`` (`dataprotection.scrub`) says what goes; each table's text columns have the
person's identifiers replaced and its JSON columns are scrubbed whole.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from dataprotection.scrub import ERASED, Scrubber
from delivery.documents import DocumentStore, LocalDocumentStore, S3DocumentStore
from rules.calendar import add_months
from store.record import lock_complaint
from store.tables import (
    Complaint,
    ComplaintEvent,
    ComplaintState,
    Delivery,
    Document,
    IntakeSubmission,
    LetterRecord,
    RetentionRecord,
    StaffNotification,
    SupersededRecord,
)

# Per table: its text columns (identifiers replaced) and JSON columns (scrubbed).
READ_MODEL = (("complainant_name",), ("parties", "issues", "remedies", "actions", "ombudsman"))
STATE = ((), ("state",))
EVENT = (("summary", "actor"), ("data", "changes"))
LETTER = ((), ("recipients", "fields"))
NOTICE = (("subject", "body"), ())
DELIVERY = (("recipient",), ())
SUPERSEDED = ((), ("row",))
INTAKE = (("last_error",), ("start",))
# Contact columns of the read model and deliveries: emptied.
_EMPTIED = {Complaint: ("email", "postcode"), Delivery: ("address",)}


def erase_after(completed_at: datetime, years: int) -> datetime:
    """When a record complete at ``completed_at`` is erased: ``years`` later, to the day."""
    day = add_months(completed_at.date(), 12 * years)
    return completed_at.replace(year=day.year, month=day.month, day=day.day)


async def erase_record(
    session: AsyncSession,
    store: DocumentStore,
    print_queue: Path,
    reference: str,
    completed_at: datetime,
    years: int,
    scrub: Callable[[], Awaitable[dict[str, int]]],
) -> dict[str, int]:
    """Erase one record, a complaint's or a hazard's (the caller commits): under its lock and
    marked as retention's work for the database's guards, ``scrub`` its rows, then delete its
    documents and its letters in the print queue, and record the act; what changed, per
    table."""
    await lock_complaint(session, reference)
    await session.execute(text("SET LOCAL redress.retention = 'on'"))
    changed = await scrub()
    changed["documents"] = await delete_documents(session, store, reference)
    changed["print_queue"] = await clear_print_queue(print_queue, reference)
    await session.execute(text("SET LOCAL redress.retention = 'off'"))
    session.add(
        RetentionRecord(
            reference=reference, completed_at=completed_at, period_years=years, changed=changed
        )
    )
    return changed


async def scrub_record(session: AsyncSession, scrub: Scrubber, reference: str) -> dict[str, int]:
    """Scrub the record kept under ``reference`` (its state, events, letters, notices,
    deliveries, superseded records and kept start input); what changed, per table."""
    return {
        "complaint_states": await scrub_rows(session, scrub, ComplaintState, reference, STATE),
        "complaint_events": await scrub_rows(session, scrub, ComplaintEvent, reference, EVENT),
        "letters": await scrub_rows(session, scrub, LetterRecord, reference, LETTER),
        "staff_notifications": await scrub_rows(
            session, scrub, StaffNotification, reference, NOTICE
        ),
        "deliveries": await scrub_rows(session, scrub, Delivery, reference, DELIVERY),
        "superseded_records": await scrub_rows(
            session, scrub, SupersededRecord, reference, SUPERSEDED
        ),
        "intake_submissions": await scrub_rows(session, scrub, IntakeSubmission, reference, INTAKE),
    }


async def scrub_rows(
    session: AsyncSession,
    scrub: Scrubber,
    table: Any,
    reference: str,
    columns: tuple[tuple[str, ...], tuple[str, ...]],
) -> int:
    """Scrub every row of ``table`` for the reference; how many changed."""
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


async def delete_rows(session: AsyncSession, statement: Any) -> int:
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def delete_documents(session: AsyncSession, store: DocumentStore, reference: str) -> int:
    """Delete the record's documents from the store, then their rows."""
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
            await asyncio.to_thread(target.parent.rmdir)  # the record's folder, once empty
        except OSError:
            pass
    elif isinstance(store, S3DocumentStore):
        await asyncio.to_thread(
            store.client.delete_object, Bucket=store.bucket, Key=store.prefix + key
        )
    else:
        raise TypeError(f"cannot delete from a {type(store).__name__}")


async def clear_print_queue(folder: Path, reference: str) -> int:
    """Letters to post still in the print queue (named ``<reference>-...pdf``)."""
    return await asyncio.to_thread(_clear_print_queue, folder, reference)


def _clear_print_queue(folder: Path, reference: str) -> int:
    if not folder.is_dir():
        return 0
    found = list(folder.glob(f"{reference}-*.pdf"))
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)
