"""The quality sample's one activity (R-RPT-3): draw a tenth of a month's closed complaints
(``reports.sql_governance.qa_sample``, seeded by the month, as ``reports.figures.qa_sample``
draws it from every row) and keep them for their reviewers.

Only the references of the month's closed complaints and the drawn complaints' rows are
read, not every row of the month.

Idempotent: the same month draws the same complaints, and one already kept stays as it is,
with any review it has."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio import activity

from models.qa import DrawQaSampleInput, QaSampleResult
from reports import sql_governance
from rules.calendar import local_date
from store import governance
from store.db import Sessionmaker, UnitOfWork
from store.tables import Complaint


def last_month(today: date) -> str:
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year:04d}-{month:02d}"


async def organisations_of(session: AsyncSession, references: Sequence[str]) -> dict[str, str]:
    """The organisation each of the complaints named belongs to (R-ORG-1)."""
    statement = select(Complaint.reference, Complaint.organisation).where(
        Complaint.reference.in_(references)
    )
    return {reference: name for reference, name in await session.execute(statement)}


class QaActivities:
    def __init__(self, sessionmaker: Sessionmaker) -> None:
        self.sessionmaker = sessionmaker

    @activity.defn(name="draw_qa_sample")
    async def draw_qa_sample(self, inp: DrawQaSampleInput) -> QaSampleResult:
        month = inp.month or last_month(local_date(inp.now))
        year, number = (int(part) for part in month.split("-"))
        async with UnitOfWork(self.sessionmaker) as uow:
            sample = await sql_governance.qa_sample(uow.session, year, number)
            references = [checked.reference for checked in sample.sampled]
            organisation = await organisations_of(uow.session, references)
            drawn = [(reference, organisation[reference]) for reference in references]
            new = await governance.keep_sample(uow.session, month, drawn)
            await uow.commit()
        activity.logger.info(
            "quality sample for %s: %d of %d drawn", month, len(drawn), sample.closed
        )
        return QaSampleResult(month=month, closed=sample.closed, sampled=references, new=new)
