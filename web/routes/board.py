"""Governance's pages for what goes to the governing body: the self-assessment against
every clause of the Code (R-GOV-3) and the annual report (R-GOV-1, R-GOV-2).

Pages read the read model and the saved versions; each save is a new version, kept
through a unit of work (``store.board``). Only governance may see or change them."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from intake.calendar import calendar_for
from reports import annual, assessment, load, publish
from reports.figures import PeriodReport, period_report
from rules.calendar import WorkingCalendar
from rules.organisations import organisations
from store import board
from store.db import UnitOfWork
from web.deps import AppSettings, Db, Forbidden, Sessions, StaffUser, Today
from web.forms import Reader
from web.render import page

router = APIRouter(include_in_schema=False)
LETTER_BYTES = 10 * 2**20  # an Ombudsman letter or report, as uploaded
WRITTEN_LIMIT = 20_000


def _governance(user: StaffUser) -> None:
    if "governance" not in user.roles:
        raise Forbidden("Only governance can see the self-assessment and the annual report.")


def _no_run(request: Request, user: StaffUser) -> Response:
    context = {"user": user, "title": "Page not found", "message": "There is no such run."}
    return page(request, "problem.html", context, 404)


def _key(clause: str) -> str:
    return "c" + clause.replace(".", "_")


async def _period(db: AsyncSession, start: date, end: date) -> tuple[PeriodReport, list]:
    rows = await load.complaints(db, start, end)
    references = [r.reference for r in rows]
    report = period_report(
        rows,
        start,
        end,
        cal=WorkingCalendar(calendar_for(start)),
        extensions=await load.extensions(db, references),
        lessons=await load.lessons(db, start, end),
        closures=await load.closures(db, references),
    )
    return report, rows


# -- the self-assessment ------------------------------------------------------------------


@router.get("/governance/self-assessment")
async def assessment_runs(request: Request, user: StaffUser, db: Db, today: Today) -> Response:
    _governance(user)
    context = {
        "user": user,
        "runs": await board.assessment_runs(db),
        "reasons": list(assessment.REASONS.items()),
        "year": annual.year_of(today),
    }
    return page(request, "board_assessments.html", context)


@router.post("/governance/self-assessment")
async def start_run(
    request: Request, user: StaffUser, db: Db, sessions: Sessions, today: Today
) -> Response:
    """A new run for the financial year so far, drafted from the data; the last run's
    answers and written evidence carried over (Code 8.1, 8.2)."""
    _governance(user)
    r = Reader(await request.form())
    reason = r.choice("reason", list(assessment.REASONS.items()), "why the run is needed")
    if reason is None:
        context = {
            "user": user,
            "runs": await board.assessment_runs(db),
            "reasons": list(assessment.REASONS.items()),
            "errors": r.errors,
        }
        return page(request, "board_assessments.html", context, 422)
    start, end = annual.financial_year(annual.year_of(today))
    report, _ = await _period(db, start, min(end, today))
    runs = await board.assessment_runs(db)
    previous = [assessment.AssessedClause(**c) for c in runs[0].clauses] if runs else []
    drafted = assessment.draft(report, reason, previous)
    async with UnitOfWork(sessions) as uow:
        run = await board.new_run(uow.session)
        await board.save_assessment(
            uow.session,
            run,
            reason=reason,
            start=drafted.start,
            end=drafted.end,
            clauses=[c.model_dump(mode="json") for c in drafted.clauses],
            saved_by=user.staff_id,
        )
        await uow.commit()
    request.session["flash"] = f"Self-assessment {run} drafted from the data."
    return RedirectResponse(f"/governance/self-assessment/{run}", status_code=303)


async def _run_page(
    request: Request, user: StaffUser, db: AsyncSession, run: int, **extra: object
) -> Response:
    versions = await board.assessment_versions(db, run)
    if not versions:
        return _no_run(request, user)
    latest = versions[0]
    clauses = [assessment.AssessedClause(**c) for c in latest.clauses]
    context = {"user": user, "latest": latest, "versions": versions, "clauses": clauses}
    context.update({"key": _key, **extra})
    return page(request, "board_assessment.html", context, 422 if extra.get("errors") else 200)


@router.get("/governance/self-assessment/{run}")
async def assessment_page(request: Request, user: StaffUser, db: Db, run: int) -> Response:
    _governance(user)
    return await _run_page(request, user, db, run)


def _answers(r: Reader, clauses: list[assessment.AssessedClause]) -> dict[str, dict[str, str]]:
    found = {}
    for c in clauses:
        k = _key(c.clause)
        found[c.clause] = {
            "comply": r.text(f"{k}-comply", limit=3),
            "evidence": r.text(f"{k}-evidence", f"the evidence for {c.clause}", limit=4_000),
            "explanation": r.text(
                f"{k}-explanation", f"the explanation for {c.clause}", limit=4_000
            ),
        }
    return found


@router.post("/governance/self-assessment/{run}")
async def save_answers(
    request: Request, user: StaffUser, db: Db, sessions: Sessions, run: int
) -> Response:
    """Each save is a new version of the run; an approval is refused until every clause is
    answered, with evidence, and explained where not met."""
    _governance(user)
    latest = await board.assessment(db, run)
    if latest is None:
        return _no_run(request, user)
    r = Reader(await request.form())
    clauses = [assessment.AssessedClause(**c) for c in latest.clauses]
    answered = assessment.answered(clauses, _answers(r, clauses))
    approve = r.text("intent") == "approve"
    approved_on = approved_by = None
    if approve:
        approved_on = r.date("approved_on", "the date the governing body approved it", True)
        approved_by = r.text("approved_by", "the body and its minute", True, limit=500)
        refusals = assessment.not_ready_for_approval(answered)
        if refusals:
            r.errors["approved_on"] = refusals[0] + (
                f" ({len(refusals) - 1} more)" if len(refusals) > 1 else ""
            )
    if r.errors:
        return await _run_page(request, user, db, run, errors=r.errors, clauses=answered)
    async with UnitOfWork(sessions) as uow:
        version = await board.save_assessment(
            uow.session,
            run,
            reason=latest.reason,
            start=latest.period_start,
            end=latest.period_end,
            clauses=[c.model_dump(mode="json") for c in answered],
            saved_by=user.staff_id,
            approved_on=approved_on,
            approved_by=approved_by or None,
        )
        await uow.commit()
    said = "approved by the governing body" if approve else "saved"
    request.session["flash"] = f"Version {version} {said}."
    return RedirectResponse(f"/governance/self-assessment/{run}", status_code=303)


# -- the annual report --------------------------------------------------------------------


@router.get("/governance/annual-report")
async def annual_latest(user: StaffUser, today: Today) -> Response:
    """The last whole financial year's report."""
    _governance(user)
    return RedirectResponse(f"/governance/annual-report/{annual.year_of(today) - 1}", 303)


async def _annual(db: AsyncSession, settings: AppSettings, year: int) -> annual.AnnualReport:
    start, end = annual.financial_year(year)
    rows = await load.complaints(db, start, end)
    references = [r.reference for r in rows]
    versions = await board.annual_versions(db, year)
    run = await board.approved_assessment(db, start, end)
    return annual.annual_report(
        rows,
        year,
        cal=WorkingCalendar(calendar_for(start)),
        homes=settings.homes,
        extensions=await load.extensions(db, references),
        lessons=await load.lessons(db, start, end),
        closures=await load.closures(db, references),
        assessment=[assessment.AssessedClause(**c) for c in run.clauses] if run else [],
        letters=[title for _, title, _ in await board.letters(db, year)],
        written=versions[0].written if versions else {},
        board_response=versions[0].board_response if versions else "",
    )


@router.get("/governance/annual-report/{year}")
async def annual_page(
    request: Request, user: StaffUser, db: Db, settings: AppSettings, today: Today, year: int
) -> Response:
    _governance(user)
    return await _annual_page(request, user, db, settings, today, year)


async def _annual_page(
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
    report = await _annual(db, settings, year)
    versions = await board.annual_versions(db, year)
    submitted = next((v.submitted_on for v in versions if v.submitted_on), None)
    context = {
        "user": user,
        "r": report,
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


@router.post("/governance/annual-report/{year}")
async def annual_save(
    request: Request,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    settings: AppSettings,
    today: Today,
    year: int,
) -> Response:
    """Save the written parts and the board's response as a new version; with ``intent``
    "publish", keep the whole report as published; "submitted", the date it went to the
    Ombudsman."""
    _governance(user)
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
        return await _annual_page(request, user, db, settings, today, year, r.errors, sent)
    published = None
    if intent == "publish":
        report = await _annual(db, settings, year)
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
    return RedirectResponse(f"/governance/annual-report/{year}", status_code=303)


def _landlord() -> str:
    return " and ".join(o.name for o in organisations().values())


async def _published(db: AsyncSession, year: int) -> annual.AnnualReport | None:
    found = await board.latest_published(db, year)
    return annual.AnnualReport(**found.published) if found and found.published else None


@router.get("/governance/annual-report/{year}/published.html")
async def published_html(user: StaffUser, db: Db, year: int) -> Response:
    """The published report and the board's response as one page for the website."""
    _governance(user)
    report = await _published(db, year)
    if report is None:
        return HTMLResponse("The report for this year has not been published.", 404)
    return HTMLResponse(publish.annual_html(report, _landlord()))


@router.get("/governance/annual-report/{year}/published.pdf")
async def published_pdf(user: StaffUser, db: Db, year: int) -> Response:
    _governance(user)
    report = await _published(db, year)
    if report is None:
        return HTMLResponse("The report for this year has not been published.", 404)
    name = f"complaints-annual-report-{year}-{(year + 1) % 100:02d}.pdf"
    return Response(
        publish.annual_pdf(report, _landlord()),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/governance/annual-report/{year}/letters")
async def upload_letter(
    request: Request,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    settings: AppSettings,
    today: Today,
    year: int,
) -> Response:
    """The Ombudsman's annual letter or another of its reports, kept for the year."""
    _governance(user)
    form = await request.form()
    r = Reader(form)
    title = r.text("title", "the letter's title", True, limit=300)
    upload = form.get("letter")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    if not content:
        r.errors["letter"] = "Choose the letter or report to upload"
    elif len(content) > LETTER_BYTES:
        r.errors["letter"] = "The file must be smaller than 10 MB"
    if r.errors or not isinstance(upload, UploadFile):
        return await _annual_page(request, user, db, settings, today, year, r.errors)
    async with UnitOfWork(sessions) as uow:
        await board.add_letter(
            uow.session,
            year,
            title=title,
            filename=upload.filename or "letter",
            content_type=upload.content_type or "application/octet-stream",
            content=content,
            uploaded_by=user.staff_id,
        )
        await uow.commit()
    request.session["flash"] = f"{title} uploaded."
    return RedirectResponse(f"/governance/annual-report/{year}", status_code=303)


@router.get("/governance/letters/{letter_id}")
async def letter_file(user: StaffUser, db: Db, letter_id: int) -> Response:
    _governance(user)
    found = await board.letter(db, letter_id)
    if found is None:
        return HTMLResponse("No such letter.", 404)
    return Response(
        found.content,
        media_type=found.content_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )
