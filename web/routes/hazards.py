"""Hazards under Awaab's Law (R-HAZ-1..7) for staff: the hazards queue, a hazard's page and
the form for each of its steps, each sent to its `HazardWorkflow` as an update."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from models.hazard_state import (
    HazardState,
)
from store import hazard_queries
from web.deps import AppSettings, Db, StaffUser, TemporalClient
from web.edge import shown
from web.engine import ActionRefused
from web.forms import FormErrors
from web.hazard_engine import (
    HazardNotFound,
    authorise,
    hazard_state,
    perform,
    rag,
    refusal,
    shown_to,
    vulnerable_rows,
)
from web.hazard_forms import BY_UPDATE, FORMS, HazardForm
from web.hazard_inputs import HazardContext
from web.render import page
from web.routes.complaint import temporal_link
from web.users import User

router = APIRouter(include_in_schema=False)


def not_found(request: Request, user: User, what: str) -> Response:
    context = {
        "user": user,
        "title": "Hazard not found",
        "message": f"There is no hazard {shown(what)}.",
        "back": "/hazards",
    }
    return page(request, "problem.html", context, 404)


async def _now(request: Request) -> datetime:
    now: datetime = await request.app.state.clock()
    return now


@router.get("/hazards")
async def hazards_queue(
    request: Request,
    user: StaffUser,
    db: Db,
    asked: Annotated[int, Query(alias="page")] = 1,
) -> Response:
    """One page of the open hazards: emergencies first, then by when the next step is due;
    ``?page=`` below the first shows the first, beyond the last shows the last."""
    now = await _now(request)
    total, breached = await hazard_queries.open_counts(db)
    pages = max(1, -(-total // hazard_queries.PAGE_SIZE))
    number = min(max(asked, 1), pages)
    found = await hazard_queries.open_hazards(db, number)
    vulnerable = await vulnerable_rows(db, user, found)
    rows = [
        {
            "row": row,
            "rag": rag(now, row.next_due, row.breached),
            "vulnerable": row.reference in vulnerable,
        }
        for row in found
    ]
    first = (number - 1) * hazard_queries.PAGE_SIZE
    context = {
        "user": user,
        "rows": rows,
        "total": total,
        "breached": breached,
        "page": number,
        "pages": pages,
        "shown_from": first + 1 if rows else 0,
        "shown_to": first + len(rows),
    }
    return page(request, "hazards_queue.html", context)


def step_rows(state: HazardState, now: datetime) -> list[dict[str, Any]]:
    """Each statutory step's deadline: met (on time or late), missed, or open with its
    red, amber or green state."""
    found = []
    for deadline in sorted(state.deadlines, key=lambda d: d.due):
        if deadline.gave_way_at is not None:
            outcome, colour = "Gave way to the 12-week clock", None
        elif deadline.met_at is not None:
            outcome = "Met late" if deadline.met_at > deadline.due else "Met"
            colour = None
        elif deadline.breached or now > deadline.due:
            outcome, colour = "Missed", rag(now, deadline.due, True)
        else:
            outcome, colour = "Open", rag(now, deadline.due)
        found.append({"deadline": deadline, "outcome": outcome, "rag": colour})
    return found


@router.get("/hazards/{reference}")
async def hazard_page(
    request: Request,
    reference: str,
    user: StaffUser,
    db: Db,
    client: TemporalClient,
    settings: AppSettings,
) -> Response:
    try:
        state = await hazard_state(client, reference, db)
    except HazardNotFound:
        return not_found(request, user, reference)
    now = await _now(request)
    may_act = await refusal(db, user, state) is None
    state = await shown_to(db, user, state)
    return page(
        request,
        "hazard.html",
        {
            "user": user,
            "state": state,
            "steps": step_rows(state, now),
            "actions": [f for f in FORMS if may_act and f.offered(state)],
            "temporal_url": temporal_link(settings, reference),
            "now": now,
        },
    )


def _form(update: str) -> HazardForm | None:
    return BY_UPDATE.get(update)


def _render(
    request: Request,
    form: HazardForm,
    context: HazardContext,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    refused: str | None = None,
    status: int = 200,
) -> Response:
    return page(
        request,
        "hazard_action.html",
        {
            "user": user,
            "action": form,
            "state": context.state,
            "context": context,
            "values": values,
            "errors": errors or {},
            "refused": refused,
        },
        status,
    )


async def _prepare(
    request: Request, reference: str, update: str, user: User, db: Any, client: Any
) -> tuple[HazardForm, HazardContext] | Response:
    form = _form(update)
    if form is None:
        return not_found(request, user, f"{reference} step {update}")
    try:
        state = await hazard_state(client, reference, db)
    except HazardNotFound:
        return not_found(request, user, reference)
    await authorise(db, user, state)
    return form, HazardContext(state=state, now=await _now(request), by=user.staff_id)


@router.get("/hazards/{reference}/actions/{update}")
async def hazard_form(
    request: Request, reference: str, update: str, user: StaffUser, db: Db, client: TemporalClient
) -> Response:
    prepared = await _prepare(request, reference, update, user, db, client)
    if isinstance(prepared, Response):
        return prepared
    form, context = prepared
    return _render(request, form, context, user, {})


@router.post("/hazards/{reference}/actions/{update}")
async def record_step(
    request: Request, reference: str, update: str, user: StaffUser, db: Db, client: TemporalClient
) -> Response:
    prepared = await _prepare(request, reference, update, user, db, client)
    if isinstance(prepared, Response):
        return prepared
    form, context = prepared
    submitted = await request.form()
    values = {key: shown(value) for key, value in submitted.items() if isinstance(value, str)}
    try:
        inp = form.input_from(submitted, context)
    except FormErrors as error:
        return _render(request, form, context, user, values, errors=error.errors, status=422)
    try:
        await perform(client, reference, form.action, inp)
    except ActionRefused as refused:
        return _render(request, form, context, user, values, refused=str(refused), status=409)
    request.session["flash"] = form.action.done
    return RedirectResponse(f"/hazards/{reference}", status_code=303)
