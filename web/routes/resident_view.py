"""The resident's own view of their complaint (R-RES-1), with no account: where it stands,
its letters (HTML and PDF), and the forms of what the resident may do now.

The resident signs in from the status page or with an emailed link
(`web.routes.resident_sign_in`). The view offers the forms to agree or refuse a later
response date (R-S1-4), ask for Stage 2 (R-ESC-1), answer the satisfaction survey
(R-SAT-1) (`web.routes.resident_actions`), and send more information and documents
(`web.routes.resident_information`), each only when the complaint's state says the
workflow would take it.

Nothing about staff or other residents is shown: the view reads the status row, the
complaint's own letters (as the resident received them) and what its state says may be
done now, never the timeline or names of staff.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from delivery.documents import safe_file_name
from letters.errors import LetterError
from letters.models import read_record
from letters.render import render_html, render_pdf
from models.complaint import ComplaintState
from rules import catalogue
from rules.handling.common import response_key
from rules.handling.self_service import SATISFACTION
from store import queries
from web.deps import Db, TemporalClient
from web.engine import ComplaintNotFound, complaint_state
from web.render import page
from web.routes.complaint import LETTER_POLICY
from web.routes.resident_sign_in import HOME, _reference, _SignIn

router = APIRouter(include_in_schema=False)

# What a resident may send with their information (R-RES-1): photos, PDFs, documents.
ACCEPTED = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
ACCEPTED_WORDS = "a photo (JPG, PNG, GIF or HEIC), a PDF, a Word or OpenDocument file or text"
# The choices of the forms for a later response date and for the survey.
AGREE = [("yes", "Yes, I agree to the later date"), ("no", "No, I do not agree")]
SURVEY = [(str(n), SATISFACTION[n].capitalize()) for n in sorted(SATISFACTION, reverse=True)]


def _offers(state: ComplaintState) -> dict[str, Any]:
    """What the resident may do now, as the complaint's state says (the workflow decides)."""
    record = state.stages.get(state.stage)
    deadline = state.deadlines.get(response_key(state.stage))
    proposed = record.agreement_requested if record else None
    answered = bool(
        record and (record.agreement_refused or (deadline and deadline.agreed_to == proposed))
    )
    return {
        "proposed": proposed
        if catalogue.RECORD_AGREEMENT.offered(state) and not answered
        else None,
        "escalate": catalogue.REQUEST_ESCALATION.offered(state),
        "inform": catalogue.SEND_INFORMATION.offered(state),
        "survey": catalogue.ANSWER_SURVEY.offered(state),
    }


async def _view(
    request: Request, db: Any, client: Any, reference: str, status: int = 200, **context: Any
) -> Response:
    row = await queries.status_for_resident(db, reference)
    if row is None:
        raise ComplaintNotFound(reference)
    state = await complaint_state(client, reference, db)
    letters = [
        {"seq": record.seq, "title": _letter_title(record.letter), "on": record.occurred_at}
        for record in await queries.list_letters(db, reference)
    ]
    flagged = any(r.agreement_refused and r.responded_on is None for r in state.stages.values())
    return page(
        request,
        "resident/view.html",
        {
            "row": row,
            "letters": letters,
            **_offers(state),
            "flagged": flagged,
            "agree_choices": AGREE,
            "survey_choices": SURVEY,
            "accepted": ACCEPTED_WORDS,
            **context,
        },
        status,
    )


def _letter_title(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


@router.get(HOME)
async def view(request: Request, db: Db, client: TemporalClient) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    return await _view(request, db, client, reference)


async def _letter(db: Any, reference: str, seq: int) -> tuple[Any, Any]:
    """The letter as the resident received it (their copy, not a representative's)."""
    record = next((r for r in await queries.list_letters(db, reference) if r.seq == seq), None)
    if record is None:
        raise ComplaintNotFound(f"{reference} letter {seq}")
    recipients = record.recipients or [{"name": ""}]
    recipient = next((r for r in recipients if r.get("role") == "complainant"), recipients[0])
    return record, read_record(record, reference, recipient=recipient)


@router.get(HOME + "/letters/{seq}")
async def letter(request: Request, seq: int, db: Db) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    try:
        record, built = await _letter(db, reference, seq)
        html = render_html(built, large_print=record.large_print)
    except LetterError as error:
        html = (
            "<!DOCTYPE html><html lang='en'><head><title>Letter</title></head><body>"
            f"<h1>Letter</h1><p>This letter cannot be shown: {escape(str(error))}</p></body></html>"
        )
    return HTMLResponse(html, headers={"Content-Security-Policy": LETTER_POLICY})


@router.get(HOME + "/letters/{seq}/pdf")
async def letter_pdf(request: Request, seq: int, db: Db) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    record, built = await _letter(db, reference, seq)
    pdf = await asyncio.to_thread(render_pdf, built, large_print=record.large_print)
    name = safe_file_name(f"{reference}-{record.letter}-{seq}.pdf")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
