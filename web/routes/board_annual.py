"""Governance's annual complaints performance and service improvement report (R-GOV-1,
R-GOV-2): the year's report drafted from the data, its figures aggregated in PostgreSQL,
with the written parts governance saves
as versions, publishing it with the governing body's response, recording its submission to
the Ombudsman, and each earlier version as it was saved.

Only governance may see or change it; the published bundle and the Ombudsman's letters are
served by ``web.routes.board_published``."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from reports import annual, assessment, sql, sql_governance
from rules.code_clauses import edition
from store import board
from store.db import UnitOfWork
from web.deps import AppSettings, Db, Sessions, StaffUser, Today
from web.edge import Key, Year
from web.forms import Reader
from web.render import page
from web.routes.board_common import governance_only, not_found, period_figures

router = APIRouter(include_in_schema=False)
REPORTS = "/governance/annual-report"
WRITTEN_LIMIT = 20_000


@router.get(REPORTS)
async def annual_latest(user: StaffUser, today: Today) -> Response:
    """The last whole financial year's report."""
    governance_only(user)
    return RedirectResponse(f"{REPORTS}/{annual.year_of(today) - 1}", 303)


async def draft(db: AsyncSession, settings: AppSettings, year: int) -> annual.AnnualReport:
    """The year's report from the figures aggregated in PostgreSQL, its latest approved
    self-assessment and the latest saved version of what governance wrote."""
    start, end = annual.financial_year(year)
    versions = await board.annual_versions(db, year)
    run = await board.approved_assessment(db, start, end)
    homes = settings.homes
    return annual.drafted(
        year,
        homes=homes,
        performance=await period_figures(db, start, end),
        satisfaction=await sql.tenant_satisfaction(db, start, end, homes) if homes > 0 else None,
        refused=await sql_governance.refused(db, start, end),
        findings=await sql_governance.findings(db, start, end),
        assessment=[assessment.AssessedClause(**c) for c in run.clauses] if run else [],
        assessment_edition=run.edition if run else "",
        letters=[title for _, title, _ in await board.letters(db, year)],
        written=versions[0].written if versions else {},
        board_response=versions[0].board_response if versions else "",
    )


@router.get(REPORTS + "/{year}")
async def annual_page(
    request: Request, user: StaffUser, db: Db, settings: AppSettings, today: Today, year: Year
) -> Response:
    governance_only(user)
    return await report_page(request, user, db, settings, today, year)


async def report_page(
    request: Request,
    user: StaffUser,
    db: AsyncSession,
    settings: AppSettings,
    today: date,
    year: int,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The report's page; after a refusal, with what was sent (`values`) in the form."""
    report = await draft(db, settings, year)
    versions = await board.annual_versions(db, year)
    submitted = next((v.submitted_on for v in versions if v.submitted_on), None)
    context = {
        "user": user,
        "r": report,
        "code": edition(report.assessment_edition) if report.assessment_edition else None,
        "versions": versions,
        "published": await board.latest_published(db, year),
        "letters": await board.letters(db, year),
        "reminder": annual.reminder(today, report.submission_due, submitted),
        "submitted_on": submitted,
        "parts": annual.WRITTEN_PARTS,
        "values": values or {**report.written, "board_response": report.board_response},
        "errors": errors or {},
    }
    return page(request, "board_annual.html", context, 422 if errors else 200)


@router.get(REPORTS + "/{year}/versions/{version}")
async def annual_version(
    request: Request, user: StaffUser, db: Db, year: Year, version: Key
) -> Response:
    """A version of the year's report as it was saved, to read: who saved it and when, the
    written parts and the governing body's response then, and whether it was published."""
    governance_only(user)
    found = await board.annual_version(db, year, version)
    if found is None:
        return not_found(request, user, "version of this report", f"{REPORTS}/{year}")
    context = {"user": user, "saved": found, "parts": annual.WRITTEN_PARTS}
    return page(request, "board_annual_version.html", context)


@router.post(REPORTS + "/{year}")
async def annual_save(
    request: Request,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    settings: AppSettings,
    today: Today,
    year: Year,
) -> Response:
    """Save the written parts and the board's response as a new version; with ``intent``
    "publish", keep the whole report as published; "submitted", the date it went to the
    Ombudsman."""
    governance_only(user)
    r = Reader(await request.form())
    written = {
        part: r.text(part, title.lower(), limit=WRITTEN_LIMIT)
        for part, title in annual.WRITTEN_PARTS.items()
    }
    response = r.text("board_response", "the governing body's response", limit=WRITTEN_LIMIT)
    intent = r.text("intent")
    if intent == "publish" and not response:
        r.errors["board_response"] = "Enter the governing body's response before publishing"
    if r.errors:
        sent = {**written, "board_response": response}
        return await report_page(request, user, db, settings, today, year, r.errors, sent)
    published = None
    if intent == "publish":
        report = await draft(db, settings, year)
        report = report.model_copy(update={"written": written, "board_response": response})
        published = report.model_dump(mode="json")
    async with UnitOfWork(sessions) as uow:
        version = await board.save_annual(
            uow.session,
            year,
            written=written,
            board_response=response,
            saved_by=user.staff_id,
            published=published,
            submitted_on=today if intent == "submitted" else None,
        )
        await uow.commit()
    said = {"publish": "published", "submitted": "recorded as submitted"}.get(intent, "saved")
    request.session["flash"] = f"Version {version} {said}."
    return RedirectResponse(f"{REPORTS}/{year}", status_code=303)
