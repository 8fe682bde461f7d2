"""The quality sample's one activity (R-RPT-3): draw a tenth of a month's closed complaints
(``reports.figures.qa_sample``, seeded by the month) and keep them for their reviewers.

Idempotent: the same month draws the same complaints, and one already kept stays as it is,
with any review it has."""

from __future__ import annotations

from datetime import date

from temporalio import activity

from models.qa import DrawQaSampleInput, QaSampleResult
from reports import figures, load
from rules.calendar import local_date
from store import governance
from store.db import Sessionmaker, UnitOfWork


def last_month(today: date) -> str:
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year:04d}-{month:02d}"


class QaActivities:
    def __init__(self, sessionmaker: Sessionmaker) -> None:
        self.sessionmaker = sessionmaker

    @activity.defn(name="draw_qa_sample")
    async def draw_qa_sample(self, inp: DrawQaSampleInput) -> QaSampleResult:
        month = inp.month or last_month(local_date(inp.now))
        year, number = (int(part) for part in month.split("-"))
        start = date(year, number, 1)
        end = date(year + number // 12, number % 12 + 1, 1)
        async with UnitOfWork(self.sessionmaker) as uow:
            rows = await load.complaints(uow.session, start, end)
            sample = figures.qa_sample(rows, year, number)
            organisation = {r.reference: r.organisation for r in rows}
            drawn = [(c.reference, organisation[c.reference]) for c in sample.sampled]
            new = await governance.keep_sample(uow.session, month, drawn)
            await uow.commit()
        activity.logger.info(
            "quality sample for %s: %d of %d drawn", month, len(drawn), sample.closed
        )
        return QaSampleResult(
            month=month, closed=sample.closed, sampled=[r for r, _ in drawn], new=new
        )
