"""The lessons log (R-GOV-5): every lesson learned, searchable, each with an owner, an
action and a due date tracked to completion. Governance and managers read and keep it."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from reports import governance as gov
from store import governance as store_gov
from store.db import UnitOfWork
from web.deps import Db, Sessions, StaffUser, Today
from web.forms import Reader
from web.render import page
from web.routes.reports import governance_reader

router = APIRouter(include_in_schema=False)
STATE_TAGS = {
    "no action yet": "govuk-tag--grey",
    "in progress": "govuk-tag--blue",
    "overdue": "govuk-tag--red",
    "done": "govuk-tag--green",
}


@router.get("/lessons")
async def lessons_log(request: Request, user: StaffUser, db: Db, today: Today) -> Response:
    governance_reader(user)
    words = request.query_params.get("q", "").strip()[:200]
    found = gov.search_lessons(await store_gov.lessons(db), words)
    rows = [(lesson, gov.lesson_state(lesson, today)) for lesson in found]
    context = {"user": user, "rows": rows, "values": {"q": words}, "tags": STATE_TAGS}
    return page(request, "lessons.html", context)


async def _lesson(db: Db, event_id: int) -> gov.LessonRow | None:
    return next((x for x in await store_gov.lessons(db) if x.event_id == event_id), None)


@router.get("/lessons/{event_id}")
async def lesson_form(request: Request, event_id: int, user: StaffUser, db: Db) -> Response:
    governance_reader(user)
    lesson = await _lesson(db, event_id)
    if lesson is None:
        return page(request, "problem.html", {"user": user, "title": "Page not found"}, 404)
    values = {
        "owner": lesson.owner or "",
        "action": lesson.action or "",
        "outcome": lesson.outcome,
        "due": lesson.due_on.isoformat() if lesson.due_on else "",
        "completed": lesson.completed_on.isoformat() if lesson.completed_on else "",
    }
    return page(request, "lesson.html", {"user": user, "lesson": lesson, "values": values})


def _day(reader: Reader, name: str, label: str, required: bool) -> date | None:
    value = reader.text(name, label, required=required, limit=10)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        reader.errors[name] = f"{label[:1].upper()}{label[1:]} must be a real date, like 2027-01-31"
        return None


@router.post("/lessons/{event_id}")
async def lesson_save(
    request: Request, event_id: int, user: StaffUser, db: Db, sessions: Sessions
) -> Response:
    """Who owns the lesson's action, what it is, when it is due, and once done, when and
    what changed: the improvement the reports show."""
    governance_reader(user)
    lesson = await _lesson(db, event_id)
    if lesson is None:
        return page(request, "problem.html", {"user": user, "title": "Page not found"}, 404)
    form = await request.form()
    r = Reader(form)
    owner = r.text("owner", "the owner", required=True, limit=200)
    action = r.text("action", "the action", required=True, limit=2_000)
    due = _day(r, "due", "the due date", True)
    completed = _day(r, "completed", "the date it was done", False)
    outcome = r.text("outcome", "what changed", required=completed is not None, limit=2_000)
    if r.errors or due is None:
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        context = {"user": user, "lesson": lesson, "values": values, "errors": r.errors}
        return page(request, "lesson.html", context, 422)
    async with UnitOfWork(sessions) as uow:
        await store_gov.set_action(
            uow.session,
            event_id,
            owner=owner,
            action=action,
            due_on=due,
            completed_on=completed,
            outcome=outcome,
            by=user.staff_id,
        )
        await uow.commit()
    request.session["flash"] = "The lesson's action is saved."
    return RedirectResponse("/lessons", status_code=303)
