"""Retention of hazards (R-DP-3 with section 10): once a hazard's record has been complete
for the retention period, the tenant's personal data in it is erased, as a complaint's is
(`dataprotection.retention`).

A hazard's record is complete when its workflow ends: the works complete, or closed at
triage as not in scope or on a finding of no hazard; the step that ends it is the last
event of its record, and the period counts from that event. Each hazard runs on its own
clock, except that a hazard reported with a complaint waits until its complaint has been
erased (complaints are erased first in each run): the complaint's record repeats the
hazard's words (where in the home, on its timeline) and its erasure finds them through the
hazard's row. So once both are due, both are erased in the same run.

For each hazard due, in one transaction with its reference locked: its row in ``hazards``
(where in the home, its state), its record (events, letters, notices, deliveries,
superseded records) and its kept start input are scrubbed (`dataprotection.hazard_scrub`),
its documents and letters to post are deleted, and a ``retention_log`` row records the act.
The hazard reports' figures (``reports.hazard_figures``) read only what stays.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dataprotection.erasure import erase_after, erase_record, scrub_record
from dataprotection.hazard_scrub import (
    WORDS_AFTER_COLON,
    HazardScrubber,
    hazard_identifiers,
    works_erased,
)
from dataprotection.scrub import ERASED
from delivery.documents import DocumentStore
from store.tables import (
    Complaint,
    ComplaintEvent,
    Hazard,
    IntakeSubmission,
    LetterRecord,
    RetentionRecord,
)


async def hazards_due(
    session: AsyncSession, now: datetime, years: int
) -> list[tuple[str, datetime]]:
    """The hazards whose record has been complete for at least ``years`` at ``now``, not yet
    erased, and whose complaint (if any) has been erased: each with when it ended."""
    ended = (
        select(ComplaintEvent.reference, func.max(ComplaintEvent.occurred_at).label("at"))
        .join(Hazard, Hazard.reference == ComplaintEvent.reference)
        .group_by(ComplaintEvent.reference)
        .subquery()
    )
    erased = select(RetentionRecord.reference)
    kept_complaints = select(Complaint.reference).where(Complaint.reference.not_in(erased))
    statement = (
        select(Hazard.reference, ended.c.at)
        .join(ended, ended.c.reference == Hazard.reference)
        .where(
            Hazard.is_open.is_(False),
            Hazard.reference.not_in(erased),
            or_(
                Hazard.complaint_reference.is_(None),
                Hazard.complaint_reference.not_in(kept_complaints),
            ),
        )
        .order_by(ended.c.at, Hazard.reference)
    )
    found = (await session.execute(statement)).all()
    return [(ref, at) for ref, at in found if erase_after(at, years) <= now]


async def erase_hazard(
    session: AsyncSession,
    store: DocumentStore,
    print_queue: Path,
    reference: str,
    ended_at: datetime,
    years: int,
) -> dict[str, int]:
    """Erase one hazard's personal data (the caller commits); what changed, per table."""

    async def scrubbed() -> dict[str, int]:
        scrub = HazardScrubber(await identifiers_of_hazard(session, reference))
        return {
            "hazards": await _scrub_hazard(session, scrub, reference),
            "works_done": await _erase_works_done(session, reference),
            **await scrub_record(session, scrub, reference),
        }

    return await erase_record(session, store, print_queue, reference, ended_at, years, scrubbed)


async def identifiers_of_hazard(session: AsyncSession, reference: str) -> set[str]:
    """The tenant's details and the hazard's free text: from its state, its kept start
    input and its letters' recipients."""
    state = await session.scalar(select(Hazard.state).where(Hazard.reference == reference))
    start = await session.scalar(
        select(IntakeSubmission.start).where(IntakeSubmission.reference == reference)
    )
    recipients = (
        await session.scalars(
            select(LetterRecord.recipients).where(LetterRecord.reference == reference)
        )
    ).all()
    return hazard_identifiers(state, start, {"recipients": list(recipients)})


async def identifiers_of_hazards(session: AsyncSession, complaint_reference: str) -> set[str]:
    """What the hazards reported with a complaint said (its record repeats their words)."""
    states = (
        await session.scalars(
            select(Hazard.state).where(Hazard.complaint_reference == complaint_reference)
        )
    ).all()
    return hazard_identifiers(*states)


async def _scrub_hazard(session: AsyncSession, scrub: HazardScrubber, reference: str) -> int:
    """The hazard's row: where in the home and its state go; what the reports count stays."""
    row = await session.get(Hazard, reference)
    if row is None:
        return 0
    values: dict[str, Any] = {
        "location": ERASED,
        "state": scrub.json(row.state),
        "deadlines": scrub.json(row.deadlines),
        "late_reasons": scrub.json(row.late_reasons, "late_reasons"),
        "accommodation": scrub.json(row.accommodation, "accommodation"),
    }
    await session.execute(update(Hazard).where(Hazard.reference == reference).values(**values))
    session.expunge_all()
    return 1


async def _erase_works_done(session: AsyncSession, reference: str) -> int:
    """The events that end with what was done in the home lose those words."""
    rows = (
        await session.execute(
            select(ComplaintEvent.seq, ComplaintEvent.kind, ComplaintEvent.summary).where(
                ComplaintEvent.reference == reference,
                ComplaintEvent.kind.in_(WORDS_AFTER_COLON),
            )
        )
    ).all()
    changed = 0
    for seq, kind, summary in rows:
        if works_erased(kind, summary) != summary:
            await session.execute(
                update(ComplaintEvent)
                .where(ComplaintEvent.reference == reference, ComplaintEvent.seq == seq)
                .values(summary=works_erased(kind, summary))
            )
            changed += 1
    return changed
