"""The staff home and the work queues: each queue a page at a time, with the red, amber
or green of its soonest deadline, and a complaint found by its reference.

A complaint's own page, its documents and its letters are in ``web.routes.complaint``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from store import queries
from store.references import REFERENCE_PATTERN
from web import queues
from web.deps import Db, StaffUser, Today
from web.render import page
from web.routes.staff_intake import may_log
from web.vulnerability import ALWAYS, sees_vulnerability

router = APIRouter(include_in_schema=False)


@router.get("/staff")
async def staff_home(request: Request, user: StaffUser, db: Db, today: Today) -> Response:
    counts = await queues.counts(db, today, user.staff_id)
    return page(
        request,
        "staff_home.html",
        {
            "user": user,
            "queues": queues.QUEUES,
            "counts": counts,
            "today": today,
            "may_log": may_log(user),
        },
    )


@router.get("/queues/{slug}")
async def queue(
    request: Request,
    slug: str,
    user: StaffUser,
    db: Db,
    today: Today,
    asked: Annotated[int, Query(alias="page")] = 1,
    vulnerable: bool = False,
) -> Response:
    """One page of a queue; ``?page=`` beyond the last shows the last. ``?vulnerable=yes``
    keeps the complaints with a vulnerability recorded (R-VUL-1): all of them for those
    who may see every one, else only the user's own."""
    found = queues.BY_SLUG.get(slug)
    if found is None:
        message = f"There is no work queue called {slug}."
        context = {"user": user, "title": "Queue not found", "message": message, "back": "/staff"}
        return page(request, "problem.html", context, 404)
    only: dict[str, Any] = {}
    if vulnerable:
        only = {"vulnerable": True}
        if not set(user.roles) & ALWAYS:
            only["staff_id"] = user.staff_id
    total = await queues.count(db, slug, today, user.staff_id, only)
    pages = max(1, -(-total // queues.PAGE_SIZE))
    number = min(max(asked, 1), pages)
    rows = await queues.rows(db, slug, today, user.staff_id, number, only)
    # The "Open actions" queue is about the actions: each row says when its soonest is due.
    action_dues = (
        await queries.open_action_dues(db, [row.reference for row in rows])
        if slug == "open-actions"
        else {}
    )
    listed = [
        {
            "row": row,
            "action_due": action_dues.get(row.reference),
            "rag": queues.rag(today, None, action_dues[row.reference])
            if row.reference in action_dues
            else queues.rag(today, row.next_target, row.next_due),
            "vulnerable": row.vulnerable
            and sees_vulnerability(
                user.roles, user.staff_id, handler_id=row.handler_id, reviewer_id=row.reviewer_id
            ),
        }
        for row in rows
    ]
    first = (number - 1) * queues.PAGE_SIZE
    return page(
        request,
        "queue.html",
        {
            "user": user,
            "queue": found,
            "rows": listed,
            "queues": queues.QUEUES,
            "today": today,
            "total": total,
            "page": number,
            "pages": pages,
            "shown_from": first + 1 if rows else 0,
            "shown_to": first + len(rows),
            "vulnerable": vulnerable,
        },
    )


@router.get("/complaints")
async def find(request: Request, user: StaffUser, reference: str = "") -> Response:
    reference = reference.strip().upper()
    if not REFERENCE_PATTERN.match(reference):
        return page(
            request,
            "problem.html",
            {
                "user": user,
                "title": "Complaint not found",
                "message": "Enter a reference like CMP-2026-000123.",
                "back": "/staff",
            },
            404,
        )
    return RedirectResponse(f"/complaints/{reference}", status_code=303)
