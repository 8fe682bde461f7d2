"""The annual report as published for the landlord's website (R-GOV-2), a web page and a
PDF with the governing body's response, and the Ombudsman's letters and reports uploaded
for the year (R-GOV-1). Only governance may see or change them."""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from reports import annual, publish
from store import board
from store.db import UnitOfWork
from web.deps import AppSettings, Db, Sessions, StaffUser, Today
from web.edge import Key, Year
from web.forms import Reader
from web.routes.board_annual import REPORTS, report_page
from web.routes.board_common import governance_only, landlord, not_found

router = APIRouter(include_in_schema=False)
LETTER_BYTES = 10 * 2**20  # an Ombudsman letter or report, as uploaded


async def _published(db: AsyncSession, year: int) -> annual.AnnualReport | None:
    found = await board.latest_published(db, year)
    return annual.AnnualReport(**found.published) if found and found.published else None


@router.get(REPORTS + "/{year}/published.html")
async def published_html(request: Request, user: StaffUser, db: Db, year: Year) -> Response:
    """The published report and the board's response as one page for the website."""
    governance_only(user)
    report = await _published(db, year)
    if report is None:
        return not_found(request, user, "published report for this year", f"{REPORTS}/{year}")
    return HTMLResponse(publish.annual_html(report, landlord()))


@router.get(REPORTS + "/{year}/published.pdf")
async def published_pdf(request: Request, user: StaffUser, db: Db, year: Year) -> Response:
    governance_only(user)
    report = await _published(db, year)
    if report is None:
        return not_found(request, user, "published report for this year", f"{REPORTS}/{year}")
    name = f"complaints-annual-report-{year}-{(year + 1) % 100:02d}.pdf"
    return Response(
        publish.annual_pdf(report, landlord()),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(REPORTS + "/{year}/letters")
async def upload_letter(
    request: Request,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    settings: AppSettings,
    today: Today,
    year: Year,
) -> Response:
    """The Ombudsman's annual letter or another of its reports, kept for the year."""
    governance_only(user)
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
        return await report_page(request, user, db, settings, today, year, r.errors)
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
    return RedirectResponse(f"{REPORTS}/{year}", status_code=303)


@router.get("/governance/letters/{letter_id}")
async def letter_file(request: Request, user: StaffUser, db: Db, letter_id: Key) -> Response:
    governance_only(user)
    found = await board.letter(db, letter_id)
    if found is None:
        return not_found(request, user, "letter or report of the Ombudsman", REPORTS)
    return Response(
        found.content,
        media_type=found.content_type,
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )
