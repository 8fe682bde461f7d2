"""The JSON API: the same reads and handler actions as the pages, described by FastAPI's
OpenAPI document at ``/api/openapi.json``.

Authentication is the page's own session cookie; every POST and DELETE carries the
session's CSRF token in ``X-CSRF-Token`` (from ``GET /api/session``). One mechanism for the
pages and the API means one thing to secure and no long-lived tokens to leak or revoke;
scripts that drive complaints without a browser use ``redress-starter``.
"""

# No `from __future__ import annotations`: each action's route is made in a loop, and
# FastAPI reads its body model from the annotation object itself.

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from models.complaint import ComplaintState
from models.messages import ActionResult
from models.text import Summary, Word
from rules import catalogue
from rules.catalogue import ActionEntry
from store import queries
from web import queues
from web.deps import Db, MaybeUser, StaffUser, TemporalClient, Today
from web.engine import ActionRefused, authorise, complaint_state, perform
from web.limits import AttemptLimiter, too_many
from web.security import csrf_token, sign_in, sign_out
from web.users import authenticate
from web.vulnerability import shown_to

router = APIRouter(prefix="/api", tags=["api"])
MAX_PAGE = 10_000  # 500,000 rows: beyond any queue, and within PostgreSQL's OFFSET


class Me(BaseModel):
    staff_id: str
    name: str
    email: str
    roles: list[str]


class SessionOut(BaseModel):
    signed_in: bool
    user: Me | None = None
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every POST and DELETE.")


class SignIn(BaseModel):
    email: Word
    password: Summary


class QueueRow(BaseModel):
    reference: str
    stage: str
    status: str
    complainant_name: str
    handler_id: str | None
    reviewer_id: str | None
    next_due: date | None
    next_due_label: str | None
    next_target: date | None
    breached: bool
    flagged: bool
    rag: str | None = Field(description="red past the limit, amber past the target, else green")


class Refusal(BaseModel):
    """Every refusal and error of the API: one sentence."""

    detail: str


PROBLEMS = {
    400: "The body is not JSON (or not UTF-8)",
    401: "Not signed in (or a wrong email address or password)",
    403: "Your role may not, or the CSRF token is missing or wrong",
    404: "No such complaint or queue",
    409: "The Code does not allow it now; nothing changed",
    422: "A field is missing or wrong, or holds text that cannot be kept; the sentence names it",
    429: "Too many attempts; the sentence says how long to wait",
    503: "Temporal or the database is not answering; try again in a few minutes",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` for the statuses a route answers besides success (every
    route may answer 422 for bad text in its address, and 503 in an outage)."""
    return {
        status: {"model": Refusal, "description": PROBLEMS[status]}
        for status in sorted({*statuses, 422, 503})
    }


class EventOut(BaseModel):
    seq: int
    kind: str
    summary: str
    actor: str
    occurred_at: Any


class LetterOut(BaseModel):
    seq: int
    letter: str
    channel: str
    occurred_at: Any
    problem: str | None


def _me(user: Any) -> Me:
    return Me(staff_id=user.staff_id, name=user.name, email=user.email, roles=list(user.roles))


@router.get("/session", response_model=SessionOut, responses=problems())
async def session(request: Request, user: MaybeUser) -> SessionOut:
    """Who is signed in, and the CSRF token to send with changes."""
    return SessionOut(
        signed_in=user is not None,
        user=_me(user) if user else None,
        csrf_token=csrf_token(request),
    )


@router.post("/session", response_model=SessionOut, responses=problems(400, 401, 403, 429))
async def start_session(request: Request, db: Db, body: SignIn) -> Any:
    """Sign in; the answer carries the new session's CSRF token. Wrong passwords count
    against the email address as on the sign-in page."""
    limiter: AttemptLimiter = request.app.state.sign_in_limiter
    key = f"email:{body.email.strip().lower()}"
    wait = await limiter.attempt(key)  # counts as a failure until the password is right
    if wait is not None:  # refused before the password is even checked
        return JSONResponse({"detail": too_many(wait)}, status_code=429)
    user = await authenticate(db, body.email, body.password)
    if user is None:
        return JSONResponse({"detail": "Wrong email address or password."}, status_code=401)
    await limiter.succeeded(key)
    await sign_in(request, db, user)
    return SessionOut(signed_in=True, user=_me(user), csrf_token=csrf_token(request))


@router.delete("/session", status_code=204, responses=problems(401, 403))
async def end_session(request: Request, db: Db) -> None:
    """Sign out: the session ends at once, in every web process; its cookie is then
    worth nothing."""
    await sign_out(request, db)


@router.get("/queues", response_model=list[dict[str, str]], responses=problems(401, 403))
async def list_queues(user: StaffUser) -> list[dict[str, str]]:
    return [{"slug": q.slug, "title": q.title, "description": q.description} for q in queues.QUEUES]


@router.get("/queues/{slug}", response_model=list[QueueRow], responses=problems(401, 403, 404))
async def queue(
    slug: str,
    user: StaffUser,
    db: Db,
    today: Today,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Any:
    """One page (50 rows) of a queue, soonest due first; ``page`` counts from 1."""
    if slug not in queues.BY_SLUG:
        return JSONResponse({"detail": f"There is no queue {slug}."}, status_code=404)
    rows = await queues.rows(db, slug, today, user.staff_id, page)
    return [
        QueueRow(
            **{name: getattr(row, name) for name in QueueRow.model_fields if name != "rag"},
            rag=queues.rag(today, row.next_target, row.next_due),
        )
        for row in rows
    ]


@router.get(
    "/complaints/{reference}", response_model=ComplaintState, responses=problems(401, 403, 404)
)
async def complaint(
    reference: str, user: StaffUser, client: TemporalClient, db: Db
) -> ComplaintState:
    """The whole complaint as its workflow last recorded it; its vulnerability only for the
    staff who may see it (R-VUL-1)."""
    state = await complaint_state(client, reference, db)
    return shown_to(state, user.roles, user.staff_id)


@router.get(
    "/complaints/{reference}/events", response_model=list[EventOut], responses=problems(401, 403)
)
async def events(reference: str, user: StaffUser, db: Db) -> list[EventOut]:
    """The complaint's record, oldest first (R-REC-1)."""
    rows = await queries.list_events(db, reference)
    return [EventOut.model_validate(row, from_attributes=True) for row in rows]


@router.get(
    "/complaints/{reference}/letters", response_model=list[LetterOut], responses=problems(401, 403)
)
async def letters(reference: str, user: StaffUser, db: Db) -> list[LetterOut]:
    rows = await queries.list_letters(db, reference)
    return [LetterOut.model_validate(row, from_attributes=True) for row in rows]


def _action_route(action: ActionEntry[Any]) -> None:
    model = action.model

    async def take(
        reference: str,
        user: StaffUser,
        client: TemporalClient,
        db: Db,
        body: model,  # type: ignore[valid-type]
    ) -> Any:
        state = await complaint_state(client, reference, db)
        authorise(user, action.name, state)
        inp = BaseModel.model_copy(body, update={"by": user.staff_id})
        try:
            return await perform(client, reference, action, inp)
        except ActionRefused as refusal:
            return JSONResponse({"detail": str(refusal)}, status_code=409)

    router.add_api_route(
        f"/complaints/{{reference}}/{action.name}",
        take,
        methods=["POST"],
        response_model=ActionResult,
        name=action.name,
        summary=f"{action.title} ({action.rule_ids})",
        description=(
            f"Sends the workflow update `{action.name}`. `by` is set to the signed-in user. "
            "403: your role may not; 409: the Code does not allow it now (nothing changed)."
        ),
        responses=problems(400, 401, 403, 404, 409),
    )


# One route per action of the catalogue.
for _action in catalogue.ACTIONS:
    _action_route(_action)
