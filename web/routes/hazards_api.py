"""The JSON API of hazards under Awaab's Law (R-HAZ-1..7): the hazards queue, a hazard's
state, and one route per step of `rules.hazard_catalogue`, each its `HazardWorkflow`
update, with the same roles and refusals as the pages."""

# No `from __future__ import annotations`: each step's route is made in a loop, and
# FastAPI reads its body model from the annotation object itself.

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from models.hazard_state import (
    HazardState,
)
from rules import hazard_catalogue
from rules.hazard_catalogue import HazardActionEntry
from store import hazard_queries
from web.deps import Db, StaffUser, TemporalClient
from web.engine import ActionRefused
from web.hazard_engine import (
    HazardNotFound,
    authorise,
    hazard_state,
    perform,
    rag,
    shown_to,
    vulnerable_rows,
)
from web.routes.api import MAX_PAGE, problems

router = APIRouter(prefix="/api", tags=["hazards"])


class HazardRow(BaseModel):
    reference: str
    complaint_reference: str | None
    hazard: str
    hazard_words: str
    location: str
    kind: str | None
    step: str
    aware_at: datetime
    next_due: datetime | None
    next_due_label: str | None
    breached: bool
    vulnerable: bool
    rag: str | None = Field(description="red past a step's time, amber within a day, else green")


def _missing(reference: str) -> JSONResponse:
    return JSONResponse({"detail": f"There is no hazard {reference}."}, status_code=404)


PAGE_HEADERS = {
    "X-Total-Count": ("How many hazards are open, on every page", "integer", True),
    "X-Breached-Count": ("How many of them have missed a statutory step", "integer", True),
    "Link": ('The next and previous pages, as rel="next" and rel="prev"', "string", False),
}
LISTED = {
    200: {
        "description": "One page of the open hazards",
        "headers": {
            name: {"description": words, "schema": {"type": kind}, "required": required}
            for name, (words, kind, required) in PAGE_HEADERS.items()
        },
    },
    **problems(401, 403),
}


def _links(page: int, pages: int) -> str:
    """The Link header's next and previous pages (RFC 8288); empty on the only page."""
    links = [(page + 1, "next")] if page < pages else []
    links += [(min(page - 1, pages), "prev")] if page > 1 else []
    return ", ".join(f'</api/hazards?page={number}>; rel="{rel}"' for number, rel in links)


@router.get("/hazards", response_model=list[HazardRow], responses=LISTED)
async def hazards(
    request: Request,
    response: Response,
    user: StaffUser,
    db: Db,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Any:
    """One page (50 rows) of the open hazards: emergencies first, then by when the next step
    is due; ``page`` counts from 1, and a page beyond the last is empty. ``X-Total-Count``
    says how many are open, ``X-Breached-Count`` how many of them are breached, and
    ``Link`` the next and previous pages."""
    now = await request.app.state.clock()
    total, breached = await hazard_queries.open_counts(db)
    found = await hazard_queries.open_hazards(db, page)
    vulnerable = await vulnerable_rows(db, user, found)
    response.headers["X-Total-Count"] = str(total)
    response.headers["X-Breached-Count"] = str(breached)
    links = _links(page, max(1, -(-total // hazard_queries.PAGE_SIZE)))
    if links:
        response.headers["Link"] = links
    shown = ("rag", "vulnerable")
    return [
        HazardRow(
            **{name: getattr(row, name) for name in HazardRow.model_fields if name not in shown},
            vulnerable=row.reference in vulnerable,
            rag=rag(now, row.next_due, row.breached),
        )
        for row in found
    ]


@router.get("/hazards/{reference}", response_model=HazardState, responses=problems(401, 403, 404))
async def hazard(reference: str, user: StaffUser, db: Db, client: TemporalClient) -> Any:
    """The whole hazard as its workflow last recorded it: steps, deadlines, late reasons;
    its vulnerability only for the staff who may see it (R-VUL-1)."""
    try:
        state = await hazard_state(client, reference, db)
    except HazardNotFound:
        return _missing(reference)
    return await shown_to(db, user, state)


def _step_route(action: HazardActionEntry[Any]) -> None:
    model = action.model

    async def record(
        reference: str,
        user: StaffUser,
        client: TemporalClient,
        db: Db,
        body: model,  # type: ignore[valid-type]
    ) -> Any:
        try:
            state = await hazard_state(client, reference, db)
        except HazardNotFound:
            return _missing(reference)
        await authorise(db, user, state)
        inp = BaseModel.model_copy(body, update={"by": user.staff_id})
        try:
            done = await perform(client, reference, action, inp)
        except ActionRefused as refusal:
            return JSONResponse({"detail": str(refusal)}, status_code=409)
        return await shown_to(db, user, done)

    router.add_api_route(
        f"/hazards/{{reference}}/{action.name}",
        record,
        methods=["POST"],
        response_model=HazardState,
        name=f"hazard_{action.name}",
        summary=f"{action.title} ({action.rule_ids})",
        description=(
            f"Sends the hazard workflow's update `{action.name}`. `by` is set to the signed-in "
            "user. 403: your role may not; 409: the law's steps do not allow it now (nothing "
            "changed)."
        ),
        responses=problems(400, 401, 403, 404, 409),
    )


for _action in hazard_catalogue.ACTIONS:
    _step_route(_action)
