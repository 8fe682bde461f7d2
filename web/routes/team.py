"""The team view for managers (R-TEAM-1): open complaints by handler, filtered and sorted,
and reassignment of one or many at once with a reason. Each reassignment is the complaint's
own `assign_handler` update through `web.engine.perform`, so the workflow decides, records
the reason and tells the resident who now deals with their complaint; a refusal for one
complaint is shown beside the others that went through."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Stage, Status
from models.messages import AssignHandlerInput
from rules import catalogue
from store import team as store_team
from store.tables import Complaint
from web import queues
from web.deps import Db, Forbidden, StaffUser, TemporalClient, Today
from web.edge import PATH_LIMIT, shown
from web.edge import problem as text_refused
from web.engine import (
    ActionRefused,
    ComplaintNotFound,
    authorise,
    complaint_state,
    perform,
    staff_by_role,
)
from web.render import STAGE_WORDS, STATUS_WORDS, humanise, page
from web.routes.api import MAX_PAGE
from web.users import Role, User

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
FILTERS = ("handler", "stage", "status", "service_area", "organisation", "rag")
MAX_REASON = 1_000  # a Summary (models.text)


def _manager(user: User) -> None:
    if Role.MANAGER.value not in user.roles:
        raise Forbidden("Only a manager sees the team view and reassigns complaints.")


def _filter(params: dict[str, str]) -> store_team.TeamFilter:
    return store_team.TeamFilter(
        **{name: params.get(name) or None for name in FILTERS},
        overdue=params.get("overdue") == "yes",
        vulnerable=params.get("vulnerable") == "yes",
    )


async def _context(
    request: Request, user: User, db: AsyncSession, today: Any, params: dict[str, str]
) -> dict[str, Any]:
    sort = params.get("sort") if params.get("sort") in store_team.SORTS else "due"
    try:
        asked = max(int(params.get("page") or 1), 1)
    except ValueError:
        asked = 1
    found = _filter(params)
    rows, total = await store_team.team(
        db, found, today, sort=sort or "due", limit=PAGE_SIZE, offset=(asked - 1) * PAGE_SIZE
    )
    handlers = await staff_by_role(db, Role.HANDLER)
    handlers_sorted = sorted(handlers.values(), key=lambda staff: staff.name)
    return {
        "user": user,
        "values": {**params, "sort": sort},
        "rows": [
            {"row": row, "rag": queues.rag(today, row.next_target, row.next_due)} for row in rows
        ],
        "total": total,
        "page": asked,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "loads": await store_team.handler_loads(db, today),
        "handlers": handlers_sorted,
        "stage_options": [(stage.value, STAGE_WORDS[stage]) for stage in Stage],
        "status_options": [(status.value, STATUS_WORDS[status]) for status in Status],
        "service_area_options": [
            (value, humanise(value))
            for value in await store_team.options(db, Complaint.service_area)
        ],
        "organisation_options": [
            (value, value) for value in await store_team.options(db, Complaint.organisation)
        ],
        "reassign_options": [(staff.id, staff.name) for staff in handlers_sorted],
        "query": urlencode({k: v for k, v in params.items() if k != "page" and v}),
        "sorts": {key: words for key, (words, _) in store_team.SORTS.items()},
        "may_filter_vulnerable": hasattr(Complaint, "vulnerable"),
        "today": today,
    }


@router.get("/manager/team")
async def team_view(
    request: Request,
    user: StaffUser,
    db: Db,
    today: Today,
    asked: Annotated[int, Query(alias="page", le=MAX_PAGE)] = 1,
) -> Response:
    _manager(user)
    params = {key: value for key, value in request.query_params.items() if key != "page"}
    params["page"] = str(asked)
    return page(request, "team.html", await _context(request, user, db, today, params))


def _bad_reference(reference: str) -> str | None:
    return text_refused("A ticked complaint's reference", reference, PATH_LIMIT)


@router.post("/manager/team/reassign")
async def reassign(
    request: Request, user: StaffUser, db: Db, client: TemporalClient, today: Today
) -> Response:
    """Reassign every ticked complaint to one handler, with the reason; each through its
    workflow. Nothing ticked, no handler or no reason is refused beside the form (422)."""
    _manager(user)
    form = await request.form()
    references = [str(value) for value in form.getlist("reference")]
    handler_id = str(form.get("handler_to") or "")
    reason = str(form.get("reason") or "").strip()
    handlers = await staff_by_role(db, Role.HANDLER)
    errors: dict[str, str] = {}
    if not references:
        errors["reference"] = "Tick the complaints to reassign"
    elif refused := next(filter(None, (_bad_reference(ref) for ref in references)), None):
        errors["reference"] = refused
    if handler_id not in handlers:
        errors["handler_to"] = "Choose the handler to reassign them to"
    if not reason:
        errors["reason"] = "Say why the complaints are reassigned"
    elif refused := text_refused("The reason", reason, MAX_REASON):
        errors["reason"] = refused
    # The list's filters come back with the form only to show it again: what no filter can
    # hold is dropped, as the address refuses it (web.edge).
    params = {
        key: shown(str(form.get(key) or "")) for key in (*FILTERS, "sort", "overdue", "vulnerable")
    }
    if errors:
        context = await _context(request, user, db, today, params)
        context["values"] |= {"handler_to": handler_id, "reason": reason}
        context["errors"] = errors
        context["ticked"] = set(references)
        return page(request, "team.html", context, 422)
    handler = handlers[handler_id]
    done: list[str] = []
    refusals: dict[str, str] = {}
    for reference in references:
        try:
            state = await complaint_state(client, reference, db)
            authorise(user, catalogue.ASSIGN_HANDLER.name, state)
            inp = AssignHandlerInput(by=user.staff_id, handler=handler, reason=reason)
            await perform(client, reference, catalogue.ASSIGN_HANDLER, inp)
            done.append(reference)
        except (ActionRefused, Forbidden) as error:
            refusals[reference] = f"{reference}: {error}"
        except ComplaintNotFound:
            refusals[reference] = f"{reference}: there is no such complaint"
    count = f"{len(done)} complaint{'' if len(done) == 1 else 's'}"
    if not refusals:
        request.session["flash"] = f"{count} reassigned to {handler.name}: {', '.join(done)}."
        return RedirectResponse("/manager/team", status_code=303)
    context = await _context(request, user, db, today, params)
    context["errors"] = {f"row-{reference}": message for reference, message in refusals.items()}
    context["flash"] = f"{count} reassigned to {handler.name}." if done else None
    return page(request, "team.html", context, 409 if not done else 200)
