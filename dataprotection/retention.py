"""Retention (R-DP-3): once a complaint's record has been complete for the configured
period (``REDRESS_RETENTION_YEARS``, 6 by default), its personal data is erased; then the
hazards' whose period has passed (`dataprotection.hazard_retention`).

A record is complete when its workflow ends: the workflow holds the complaint until its
own ``retain_until`` (12 months after the final response, for an ombudsman referral) and
then records the ``completed`` event. The period counts from that event, so nothing is
erased while the workflow could still act, and an open complaint is never touched.

For each complaint due, in one transaction with the complaint locked (as record writes
lock it): every table that holds the person is scrubbed (`dataprotection.scrub`, with what
the hazards reported with it said, since its timeline repeats it), its documents are
deleted from the document store and their rows removed, its letters to post leave the
print queue (`dataprotection.erasure`), the messages the complaints mailbox kept for it
lose their sender, subject, body, attachments' names and the message itself, the
resident's sign-in links (which name the address they went to) and the guess counts kept
under its reference are deleted, and a ``retention_log`` row says when, under which period
and how many rows of each table changed. The event log's trigger admits the rewrite of an
event's text only inside such a transaction (``SET LOCAL redress.retention = 'on'``,
migration 0009); its reference, number, kind and time stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dataprotection.erasure import (
    READ_MODEL,
    delete_rows,
    erase_after,
    erase_record,
    scrub_record,
    scrub_rows,
)
from dataprotection.hazard_retention import erase_hazard, hazards_due, identifiers_of_hazards
from dataprotection.scrub import ERASED, Scrubber, identifiers
from delivery.documents import DocumentStore
from store.db import Sessionmaker, UnitOfWork
from store.tables import (
    Complaint,
    ComplaintEvent,
    ComplaintState,
    GuessAttempt,
    IntakeSubmission,
    MailMessage,
    ResidentLink,
    RetentionRecord,
)

__all__ = ["Due", "due", "erase", "erase_after", "erase_due", "hazards_due"]


@dataclass(frozen=True)
class Due:
    reference: str
    completed_at: datetime


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
    """Erase the complaints due at ``now``, then the hazards (the ``limit`` longest
    complete in all), each in its own transaction; their references."""
    async with sessionmaker() as session:
        found = (await due(session, now, years))[:limit]
    erased = []
    for item in found:
        async with UnitOfWork(sessionmaker) as uow:
            await erase(uow.session, store, print_queue, item, years)
            await uow.commit()
        erased.append(item.reference)
    left = None if limit is None else limit - len(erased)
    async with sessionmaker() as session:
        hazards = (await hazards_due(session, now, years))[:left]
    for reference, ended_at in hazards:
        async with UnitOfWork(sessionmaker) as uow:
            await erase_hazard(uow.session, store, print_queue, reference, ended_at, years)
            await uow.commit()
        erased.append(reference)
    return erased


async def erase(
    session: AsyncSession, store: DocumentStore, print_queue: Path, item: Due, years: int
) -> dict[str, int]:
    """Erase one complaint's personal data (the caller commits); what changed, per table."""
    reference = item.reference

    async def scrubbed() -> dict[str, int]:
        scrub = Scrubber(await _identifiers(session, reference))
        return {
            "complaints": await scrub_rows(session, scrub, Complaint, reference, READ_MODEL),
            **await scrub_record(session, scrub, reference),
            "mail_messages": await _scrub_mail(session, scrub, reference),
            "resident_links": await delete_rows(
                session, delete(ResidentLink).where(ResidentLink.reference == reference)
            ),
            # Staff sessions and guess counts hold staff emails and clients' network
            # addresses, never a resident's details; only the status page's count names
            # the complaint.
            "guess_attempts": await delete_rows(
                session, delete(GuessAttempt).where(GuessAttempt.key == f"reference:{reference}")
            ),
        }

    return await erase_record(
        session, store, print_queue, reference, item.completed_at, years, scrubbed
    )


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
    found = identifiers(state, read_model, start, list(corrected), mail)
    return found | await identifiers_of_hazards(session, reference)


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
