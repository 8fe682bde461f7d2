"""One record at a time, for the activities that write a single row: the event, letter
and notice of an action tracker started before trackers wrote through ``store.record``
(their histories still call them), and the needs-attention mark. Each is keyed by the
complaint's reference and sequence number, so a retry writes nothing twice. The caller's
unit of work commits."""

from __future__ import annotations

from pydantic_core import to_jsonable_python
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models.effects import NotifyInput, RecordEventInput, SendLetterInput
from store.read_model import advance_read_model
from store.tables import Complaint, ComplaintEvent, LetterRecord, StaffNotification


async def append_event(session: AsyncSession, input: RecordEventInput) -> None:
    """Append the event and, when it carries a summary, bring the read model up to it (only
    forward: a late retry never undoes a newer state)."""
    event = input.event
    await session.execute(
        insert(ComplaintEvent)
        .values(
            reference=input.reference,
            seq=input.seq,
            kind=event.kind,
            summary=event.summary,
            actor=event.actor,
            occurred_at=input.occurred_at,
            data=to_jsonable_python(event.data),
            changes=input.changes,
        )
        .on_conflict_do_nothing(index_elements=["reference", "seq"])
    )
    if input.summary is not None:
        await session.execute(*advance_read_model(input.summary, input.seq, kinds={event.kind}))


async def record_letter(session: AsyncSession, input: SendLetterInput, problem: str | None) -> None:
    """The letter to send, with why it cannot go as asked (or None); rendering and delivery
    read it from there."""
    await session.execute(
        insert(LetterRecord)
        .values(
            reference=input.reference,
            seq=input.seq,
            letter=input.letter,
            organisation=input.organisation,
            channel=input.channel,
            large_print=input.large_print,
            recipients=[r.model_dump(mode="json") for r in input.recipients],
            fields=to_jsonable_python(input.fields),
            problem=problem,
            occurred_at=input.occurred_at,
        )
        .on_conflict_do_nothing(index_elements=["reference", "seq"])
    )


async def record_notice(session: AsyncSession, input: NotifyInput) -> None:
    """A reminder or a manager's notice (R-S1-2); delivery reads it from there."""
    await session.execute(
        insert(StaffNotification)
        .values(**input.model_dump())
        .on_conflict_do_nothing(index_elements=["reference", "seq"])
    )


async def mark_attention(session: AsyncSession, reference: str, reason: str | None) -> None:
    """Mark the complaint's read-model row as needing attention, or clear the mark."""
    await session.execute(
        update(Complaint).where(Complaint.reference == reference).values(needs_attention=reason)
    )
