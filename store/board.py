"""What goes to the governing body, kept in versions: the self-assessment's runs
(R-GOV-3), the annual report (R-GOV-1, R-GOV-2) and the Ombudsman's letters uploaded for
it. Nothing is changed in place: each save is a new version, numbered after the last.
Writes take the session of a unit of work, which the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import AnnualReportVersion, OmbudsmanLetter, SelfAssessmentVersion

# -- the self-assessment ------------------------------------------------------------------


async def assessment_runs(session: AsyncSession) -> list[SelfAssessmentVersion]:
    """Each run's latest version, the newest run first."""
    latest = (
        select(SelfAssessmentVersion.run, func.max(SelfAssessmentVersion.version).label("v"))
        .group_by(SelfAssessmentVersion.run)
        .subquery()
    )
    statement = (
        select(SelfAssessmentVersion)
        .join(
            latest,
            (SelfAssessmentVersion.run == latest.c.run)
            & (SelfAssessmentVersion.version == latest.c.v),
        )
        .order_by(SelfAssessmentVersion.run.desc())
    )
    return list((await session.scalars(statement)).all())


async def assessment_versions(session: AsyncSession, run: int) -> list[SelfAssessmentVersion]:
    """A run's versions, the newest first."""
    statement = (
        select(SelfAssessmentVersion)
        .where(SelfAssessmentVersion.run == run)
        .order_by(SelfAssessmentVersion.version.desc())
    )
    return list((await session.scalars(statement)).all())


async def assessment(
    session: AsyncSession, run: int, version: int | None = None
) -> SelfAssessmentVersion | None:
    """A run's version, by default its latest."""
    versions = await assessment_versions(session, run)
    if version is None:
        return versions[0] if versions else None
    return next((v for v in versions if v.version == version), None)


async def approved_assessment(
    session: AsyncSession, start: date, end: date
) -> SelfAssessmentVersion | None:
    """The latest approved version of a run whose period ends within start..end, else the
    latest version of such a run (not yet approved), else None."""
    statement = (
        select(SelfAssessmentVersion)
        .where(SelfAssessmentVersion.period_end.between(start, end))
        .order_by(
            SelfAssessmentVersion.approved_on.is_not(None).desc(),
            SelfAssessmentVersion.run.desc(),
            SelfAssessmentVersion.version.desc(),
        )
        .limit(1)
    )
    return (await session.scalars(statement)).first()


async def new_run(session: AsyncSession) -> int:
    found = await session.scalar(select(func.max(SelfAssessmentVersion.run)))
    return (found or 0) + 1


async def save_assessment(
    session: AsyncSession,
    run: int,
    *,
    reason: str,
    edition: str,
    start: date,
    end: date,
    clauses: Sequence[dict[str, Any]],
    saved_by: str,
    approved_on: date | None = None,
    approved_by: str | None = None,
) -> int:
    """Keep a new version of the run, answering the Code's `edition`; its number."""
    last = await session.scalar(
        select(func.max(SelfAssessmentVersion.version)).where(SelfAssessmentVersion.run == run)
    )
    version = (last or 0) + 1
    session.add(
        SelfAssessmentVersion(
            run=run,
            version=version,
            reason=reason,
            edition=edition,
            period_start=start,
            period_end=end,
            clauses=list(clauses),
            saved_by=saved_by,
            approved_on=approved_on,
            approved_by=approved_by,
        )
    )
    await session.flush()
    return version


# -- the annual report --------------------------------------------------------------------


async def annual_versions(session: AsyncSession, year: int) -> list[AnnualReportVersion]:
    """The year's versions, the newest first."""
    statement = (
        select(AnnualReportVersion)
        .where(AnnualReportVersion.year == year)
        .order_by(AnnualReportVersion.version.desc())
    )
    return list((await session.scalars(statement)).all())


async def annual_version(
    session: AsyncSession, year: int, version: int
) -> AnnualReportVersion | None:
    return await session.get(AnnualReportVersion, (year, version))


async def latest_published(session: AsyncSession, year: int) -> AnnualReportVersion | None:
    statement = (
        select(AnnualReportVersion)
        .where(AnnualReportVersion.year == year, AnnualReportVersion.published.is_not(None))
        .order_by(AnnualReportVersion.version.desc())
        .limit(1)
    )
    return (await session.scalars(statement)).first()


async def save_annual(
    session: AsyncSession,
    year: int,
    *,
    written: dict[str, str],
    board_response: str,
    saved_by: str,
    published: dict[str, Any] | None = None,
    submitted_on: date | None = None,
) -> int:
    """Keep a new version of the year's report; its number."""
    last = await session.scalar(
        select(func.max(AnnualReportVersion.version)).where(AnnualReportVersion.year == year)
    )
    version = (last or 0) + 1
    session.add(
        AnnualReportVersion(
            year=year,
            version=version,
            written=dict(written),
            board_response=board_response,
            saved_by=saved_by,
            published=published,
            submitted_on=submitted_on,
        )
    )
    await session.flush()
    return version


# -- the Ombudsman's letters --------------------------------------------------------------


async def add_letter(
    session: AsyncSession,
    year: int,
    *,
    title: str,
    filename: str,
    content_type: str,
    content: bytes,
    uploaded_by: str,
) -> int:
    letter = OmbudsmanLetter(
        year=year,
        title=title,
        filename=filename,
        content_type=content_type,
        content=content,
        uploaded_by=uploaded_by,
    )
    session.add(letter)
    await session.flush()
    return letter.id


async def letters(session: AsyncSession, year: int) -> list[tuple[int, str, str]]:
    """The year's letters as (id, title, filename), oldest first, without their content."""
    statement = (
        select(OmbudsmanLetter.id, OmbudsmanLetter.title, OmbudsmanLetter.filename)
        .where(OmbudsmanLetter.year == year)
        .order_by(OmbudsmanLetter.id)
    )
    return [(i, t, f) for i, t, f in (await session.execute(statement)).all()]


async def letter(session: AsyncSession, letter_id: int) -> OmbudsmanLetter | None:
    return await session.get(OmbudsmanLetter, letter_id)
