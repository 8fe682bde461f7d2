"""The case file: the whole complaint as one PDF, from a link on its page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dataprotection import access_log
from store import queries
from web.case_file import case_file_pdf
from web.deps import Db, StaffUser, TemporalClient, Today
from web.engine import complaint_state
from web.routes.complaint import deadline_rows
from web.users import staff_names
from web.vulnerability import sees_vulnerability

router = APIRouter(include_in_schema=False)


@router.get("/complaints/{reference}/case-file.pdf")
async def case_file(
    request: Request, reference: str, user: StaffUser, db: Db, client: TemporalClient, today: Today
) -> Response:
    """The case file as the record holds it now. Logged as a view of the complaint
    (R-DP-4): it holds everything the page does."""
    state = await complaint_state(client, reference, db)
    await access_log.record(db, user, "complaint", reference, "case file (PDF)")
    events = await queries.list_events(db, reference)
    pdf = case_file_pdf(
        state,
        events=events,
        names=await staff_names(db, {event.actor for event in events}),
        letters=await queries.list_letters(db, reference),
        documents=await queries.list_documents(db, reference),
        deadlines=deadline_rows(state, today),
        made_at=await request.app.state.clock(),
        made_by=f"{user.name} ({user.staff_id})",
        with_vulnerability=sees_vulnerability(
            user.roles,
            user.staff_id,
            handler_id=state.handler.id if state.handler else None,
            reviewer_id=state.reviewer.id if state.reviewer else None,
            stage_1_staff=state.stage_1_staff,
        ),
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}-case-file.pdf"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
