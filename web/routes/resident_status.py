"""The residents' status page, with no sign-in: where a complaint stands, for its
reference with the postcode or email address on it, and the resident's request for
Stage 2 (R-ESC-1) once Stage 1 has closed.

It says the same "not found" for an unknown reference as for a wrong postcode, so it
tells a stranger nothing; look-ups that find nothing count against a limit by the
client's address and by the reference, and the limit's answer is the same whether or not
the reference exists. A reference that is found also opens the resident's own view of
the complaint (R-RES-1, `web.routes.resident_view`).
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Stage, Status
from models.messages import RequestEscalationInput
from models.text import DESCRIPTION, WORD
from store import queries
from web import resident_links
from web.deps import Db, TemporalClient
from web.engine import ActionRefused, complaint_state, perform
from web.forms import FormErrors, Reader, validation_errors
from web.limits import AttemptLimiter, too_many
from web.render import page

router = APIRouter(include_in_schema=False)

NOT_FOUND = (
    "We could not find a complaint with those details. Check the reference and the postcode "
    "or email address you gave us."
)


def _normal(value: str | None) -> str:
    """Postcodes without spaces in capitals; email addresses in lower case."""
    text = (value or "").strip()
    return text.lower() if "@" in text else text.replace(" ", "").upper()


def _matches(row, given: str) -> bool:  # type: ignore[no-untyped-def]
    wanted = _normal(given).encode()
    # Both compared, in constant time, whichever was given.
    by_postcode = hmac.compare_digest(_normal(row.postcode).encode() or b"\0", wanted)
    by_email = hmac.compare_digest(_normal(row.email).encode() or b"\0", wanted)
    return bool(wanted) and (by_postcode or by_email)


async def _verified(db: AsyncSession, reference: str, given: str):  # type: ignore[no-untyped-def]
    row = await queries.status_for_resident(db, reference)
    if row is None or not _matches(row, given):
        return None
    return row


def _status_page(request: Request, row, status: int = 200, **context: object) -> Response:  # type: ignore[no-untyped-def]
    can_escalate = row.stage == Stage.STAGE_1.value and row.status == Status.CLOSED.value
    return page(
        request,
        "status_result.html",
        {"row": row, "can_escalate": can_escalate, **context},
        status,
    )


@router.get("/status")
async def status_form(request: Request) -> Response:
    return page(request, "status.html")


@router.post("/status")
async def check_status(request: Request, db: Db) -> Response:
    form = await request.form()
    r = Reader(form)
    reference = r.text("reference", "your reference", required=True, limit=WORD).upper()
    given = r.text(
        "contact", "the postcode or email address you gave us", required=True, limit=WORD
    )
    values = {"reference": reference, "contact": given}
    if r.errors:
        return page(request, "status.html", {"values": values, "errors": r.errors}, 422)
    limiter: AttemptLimiter = request.app.state.status_limiter
    client = request.client.host if request.client else "unknown"
    keys = (f"client:{client}", f"reference:{reference}")
    wait = await limiter.wait_minutes(*keys)
    if wait is not None:  # the same answer whether or not the reference exists
        errors = {"reference": too_many(wait)}
        return page(request, "status.html", {"values": values, "errors": errors}, 429)
    row = await _verified(db, reference, given)
    if row is None:
        await limiter.failed(*keys)
        errors = {"reference": NOT_FOUND}
        return page(request, "status.html", {"values": values, "errors": errors}, 404)
    request.session["resident_reference"] = row.reference
    # The resident's own view of this complaint opens from here too (R-RES-1).
    resident_links.start(request.session, row.reference, await request.app.state.clock())
    return _status_page(request, row)


@router.post("/status/escalate")
async def escalate(request: Request, db: Db, client: TemporalClient) -> Response:
    """R-ESC-1: the resident asks for Stage 2, from the status page they opened."""
    form = await request.form()
    reference = str(form.get("reference") or "")
    if not reference or request.session.get("resident_reference") != reference:
        return page(request, "status.html", {"errors": {"reference": NOT_FOUND}}, 404)
    row = await queries.status_for_resident(db, reference)
    if row is None:
        return page(request, "status.html", {"errors": {"reference": NOT_FOUND}}, 404)
    r = Reader(form)
    reasons = r.text("reasons", "why you are unhappy with our response", limit=DESCRIPTION)
    if not reasons and "reasons" not in r.errors:
        # Code 2024 6.12: where the policy asks for reasons, an empty request is refused here,
        # beside the field, before anything reaches the complaint.
        state = await complaint_state(client, reference, db)
        if state.profile.escalation_requires_reasons:
            r.errors["reasons"] = (
                "Tell us why you are unhappy with our response, so that the review can look at it"
            )
    try:
        r.done()
        inp = RequestEscalationInput(reasons=reasons)
    except FormErrors as error:  # text that cannot be kept: refused beside the field
        return _status_page(
            request, row, errors=error.errors, values={"reasons": reasons}, status=422
        )
    except ValidationError as error:
        errors = validation_errors(error, {"reasons": "reasons"}).errors
        return _status_page(request, row, errors=errors, values={"reasons": reasons}, status=422)
    try:
        result = await perform(client, reference, "request_escalation", inp)
    except ActionRefused as refusal:
        return _status_page(request, row, refused=str(refusal), values={"reasons": reasons})
    return _status_page(
        request, row, escalated=result, next_due=result.next_due, can_escalate=False
    )
