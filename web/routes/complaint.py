"""A complaint's page for staff: what the record holds, its deadlines met or missed,
the actions this user may take now, and the documents and letters kept with it.

Staff keep an upload or an email from the resident with the complaint here (R-REC-1), and
read each letter as it was sent. Every view is logged (R-DP-4).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape
from starlette.datastructures import UploadFile as StarletteUploadFile

from dataprotection import access_log
from delivery.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    attach_document,
    document_store,
    read_document,
    safe_file_name,
)
from letters.errors import LetterError
from letters.models import read_record
from letters.render import render_html
from models.complaint import ComplaintState
from models.text import WORD
from store import hazard_queries, queries
from web import queues
from web.actions import ACTIONS
from web.case_file import stage_outcomes
from web.deps import AppSettings, Db, Sessions, StaffUser, TemporalClient, Today
from web.edge import problem as text_refused
from web.engine import ComplaintNotFound, authorise, complaint_state, may
from web.render import page
from web.users import staff_names
from web.vulnerability import sees_vulnerability

router = APIRouter(include_in_schema=False)

# A letter's own page: its inline stylesheet and nothing else.
LETTER_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)


def temporal_link(settings: Any, reference: str) -> str:
    base = settings.temporal_ui_url.rstrip("/")
    return f"{base}/namespaces/{settings.temporal_namespace}/workflows/{reference}"


def deadline_rows(state: ComplaintState, today: Any) -> list[dict[str, Any]]:
    rows = []
    for deadline in sorted(state.deadlines.values(), key=lambda d: (d.basis, d.key)):
        if deadline.cancelled:
            outcome = "Cancelled"
        elif deadline.met_on is not None:
            late = deadline.met_on > deadline.due
            outcome = "Met late" if late else "Met"
        elif deadline.limit_missed or today > deadline.due:
            outcome = "Missed"
        elif deadline.target_missed or today > deadline.target:
            outcome = "Target missed"
        else:
            outcome = "Open"
        rows.append({"deadline": deadline, "outcome": outcome})
    return rows


@router.get("/complaints/{reference}")
async def complaint(
    request: Request,
    reference: str,
    user: StaffUser,
    db: Db,
    client: TemporalClient,
    settings: AppSettings,
    today: Today,
) -> Response:
    await access_log.page_viewed(request, db, user, reference)
    return await _complaint_page(request, reference, user, db, client, settings, today)


async def _complaint_page(
    request: Request,
    reference: str,
    user: Any,
    db: Any,
    client: Any,
    settings: Any,
    today: Any,
    *,
    upload_error: str | None = None,
) -> Response:
    state = await complaint_state(client, reference, db)
    events = await queries.list_events(db, reference)
    letters = await queries.list_letters(db, reference)
    documents = await queries.list_documents(db, reference)
    deliveries: dict[int, list[Any]] = {}
    for delivery in await queries.list_deliveries(db, reference):
        deliveries.setdefault(delivery.seq, []).append(delivery)
    offered = [a for a in ACTIONS if a.offered(state) and may(user, a.update, state)]
    return page(
        request,
        "complaint.html",
        {
            "user": user,
            "state": state,
            "events": events,
            "names": await staff_names(db, {event.actor for event in events}),
            "outcomes": stage_outcomes(state),
            "letters": letters,
            "documents": documents,
            "deliveries": deliveries,
            "hazards": await hazard_queries.of_complaint(db, reference),
            "may_upload": may(user, "attach_document", state),
            "sees_vulnerability": sees_vulnerability(
                user.roles,
                user.staff_id,
                handler_id=state.handler.id if state.handler else None,
                reviewer_id=state.reviewer.id if state.reviewer else None,
                stage_1_staff=state.stage_1_staff,
            ),
            "upload_error": upload_error,
            "errors": {"document": upload_error} if upload_error else {},
            "deadlines": deadline_rows(state, today),
            "actions": offered,
            "temporal_url": temporal_link(settings, reference),
            "rag": queues.rag(
                today,
                state.open_deadlines[0].target if state.open_deadlines else None,
                state.open_deadlines[0].due if state.open_deadlines else None,
            ),
            "today": today,
        },
        422 if upload_error else 200,
    )


@router.post("/complaints/{reference}/documents")
async def upload_document(
    request: Request,
    reference: str,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
    today: Today,
) -> Response:
    """Keep an upload or an email from the resident with the complaint (R-REC-1). An empty
    or oversized file is refused beside the form, and nothing is kept."""
    state = await complaint_state(client, reference, db)
    authorise(user, "attach_document", state)
    form = await request.form()
    upload = form.get("document")
    kept = ""
    if not isinstance(upload, StarletteUploadFile) or not upload.filename:
        problem: str | None = "Choose a file to keep"
    elif refused := text_refused("The file's name", upload.filename, WORD):
        problem = refused  # a NUL or a control character: nothing is read or kept
    else:
        kept = upload.filename
        content = await upload.read(MAX_DOCUMENT_BYTES + 1)
        email = form.get("inbound_email") == "yes" or upload.filename.lower().endswith(".eml")
        try:
            await attach_document(
                sessions,
                document_store(settings),
                reference=reference,
                name=upload.filename,
                content_type="message/rfc822"
                if email
                else upload.content_type or "application/octet-stream",
                content=content,
                source="inbound_email" if email else "upload",
            )
            problem = None
        except DocumentRefused as error:  # refused before anything is written
            problem = str(error)[0].upper() + str(error)[1:]
    if problem is not None:
        return await _complaint_page(
            request, reference, user, db, client, settings, today, upload_error=problem
        )
    request.session["flash"] = f"{kept} is kept with the complaint."
    return RedirectResponse(f"/complaints/{reference}#documents-heading", status_code=303)


@router.get("/complaints/{reference}/documents/{sha256}")
async def download_document(
    reference: str, sha256: str, user: StaffUser, db: Db, settings: AppSettings
) -> Response:
    found = await read_document(db, document_store(settings), reference, sha256)
    if found is None:
        raise ComplaintNotFound(f"{reference} document {sha256}")
    row, content = found
    await access_log.record(db, user, "document", reference, row.name)
    return Response(
        content,
        media_type=row.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe_file_name(row.name)}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/complaints/{reference}/letters/{seq}")
async def letter(reference: str, seq: int, user: StaffUser, db: Db) -> Response:
    record = next((r for r in await queries.list_letters(db, reference) if r.seq == seq), None)
    if record is None:
        raise ComplaintNotFound(f"{reference} letter {seq}")
    await access_log.record(db, user, "letter", reference, f"{record.letter} ({seq})")
    try:
        html = render_html(read_record(record, reference), large_print=record.large_print)
    except LetterError as error:
        html = (
            "<!DOCTYPE html><html lang='en'><head><title>Letter</title></head><body>"
            f"<h1>{escape(record.letter)}</h1><p>This letter cannot be shown: {escape(str(error))}"
            "</p></body></html>"
        )
    return HTMLResponse(html, headers={"Content-Security-Policy": LETTER_POLICY})
