"""The residents' side, with no sign-in: a complaint form (also for a representative, with
the resident's consent), a compliment and comment form, and a status page.

Each form gives a reference at once (R-INT-1): the policy profile, organisation and
calendar are settled first, and every field's text is checked (its length, and no control
characters), so a refused form takes no number. The submission is kept in PostgreSQL with
its reference before its workflow is started, so when Temporal is down the resident still
gets the reference and the worker starts the workflow later (`intake.service.receive`).

The status page answers only a reference with its postcode or email address, and says the
same "not found" for an unknown reference as for a wrong postcode, so it tells a stranger
nothing.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from intake.hazards import form_report, open_from_form
from intake.service import Received, receive
from models.complaint import LogComplaintInput
from models.enums import Kind, Relationship, RepresentativeKind, ServiceArea, Stage, Status, Tenure
from models.messages import RequestEscalationInput
from models.parties import Complainant, ContactPreferences, Representative
from models.text import ADDRESS, DESCRIPTION, SUMMARY, WORD, text_problem, too_long
from settings import Settings
from store import queries
from store.db import Sessionmaker
from web import resident_links
from web.actions import words
from web.deps import AppSettings, Db, Sessions, TemporalClient, Today
from web.engine import ActionRefused, complaint_state, perform
from web.forms import FormErrors, Reader, validation_errors
from web.limits import AttemptLimiter, too_many
from web.render import page

router = APIRouter(include_in_schema=False)

PLACEHOLDER = {Kind.COMPLAINT: "CMP-0000-000000", Kind.COMPLIMENT: "CPL-0000-000000"}
NOT_FOUND = (
    "We could not find a complaint with those details. Check the reference and the postcode "
    "or email address you gave us."
)
REPRESENTATIVES = [c for c in words(RepresentativeKind) if c[0] != "legal_representative"]
CHOICES = {
    "relationship": words(Relationship),
    "tenure": words(Tenure),
    "service_area": words(ServiceArea),
    "rep_kind": REPRESENTATIVES,
    "contact_by": [("email", "Email"), ("post", "Post")],
    "acting_for": [("no", "No, it is about me"), ("yes", "Yes, I am acting for someone else")],
    "kind": [("compliment", "A compliment"), ("comment", "A comment or suggestion")],
    # R-HAZ-1: damp, mould or danger in the home starts a hazard beside the complaint.
    "hazard": [
        ("no", "No"),
        ("damp_or_mould", "Yes, damp or mould"),
        ("danger", "Yes, something else dangerous"),
    ],
}


@router.get("/")
async def home(request: Request) -> Response:
    return page(request, "home.html")


@router.get("/complain")
async def complaint_form(request: Request) -> Response:
    return page(request, "complain.html", {"choices": CHOICES, "values": {"acting_for": "no"}})


# Each free-text field of the residents' forms: what the error calls it, and its bound
# (the same as the model's, models/text.py), checked before the models see the text.
COMPLAINT_TEXT = {
    "rep_name": ("Your name", WORD),
    "rep_email": ("Your email address", WORD),
    "name": ("The resident's name", WORD),
    "email": ("The email address", WORD),
    "phone": ("The phone number", WORD),
    "address": ("The address", ADDRESS),
    "postcode": ("The postcode", WORD),
    "description": ("What went wrong", DESCRIPTION),
    "outcomes_sought": ("What you would like us to do", DESCRIPTION),
    "hazard_where": ("Where in the home", SUMMARY),
    "hazard_who": ("Who lives there", SUMMARY),
}
FEEDBACK_TEXT = {
    "name": ("Your name", WORD),
    "email": ("The email address", WORD),
    "postcode": ("The postcode", WORD),
    "description": ("Your message", DESCRIPTION),
}
FEEDBACK_FIELDS = {
    "complainant.name": "name",
    "complainant.email": "email",
    "complainant.postcode": "postcode",
}


def _check_text(r: Reader, fields: dict[str, tuple[str, int]]) -> None:
    """Refuse, beside the field, text that is too long or holds control characters, before
    anything is kept or a reference taken (issue 8: a 900 KB field once gave a 500)."""
    for name, (label, limit) in fields.items():
        value = str(r.form.get(name) or "").strip()
        problem = text_problem(value) or too_long(value, limit)
        if problem:
            r.errors[name] = f"{label} {problem}"


def _complaint(r: Reader, today) -> LogComplaintInput:  # type: ignore[no-untyped-def]
    _check_text(r, COMPLAINT_TEXT)
    name = r.text("name", "the resident's full name", required=True)
    email = r.optional("email")
    postcode = r.optional("postcode")
    if not email and not postcode:
        r.errors["email"] = "Enter an email address or a postcode, so we can find your complaint"
    description = r.text("description", "what went wrong", required=True)
    acting_for = r.choice("acting_for", CHOICES["acting_for"], "whether you are acting for someone")
    rep_name = rep_kind = None
    if acting_for == "yes":
        rep_name = r.text("rep_name", "your name", required=True)
        rep_kind = r.choice("rep_kind", REPRESENTATIVES, "who you are to the resident")
        if not r.checked("consent"):
            r.errors["consent"] = "Confirm that the resident has agreed you can act for them"
    relationship = r.choice(
        "relationship", CHOICES["relationship"], "how the resident is connected"
    )
    tenure = r.choice("tenure", CHOICES["tenure"], "the resident's tenancy")
    area = r.choice("service_area", CHOICES["service_area"], "the service it is about")
    contact_by = r.choice("contact_by", CHOICES["contact_by"], "how we should write", False)
    issue_date = r.date("issue_date", "when it happened")
    _hazard_answers(r)
    r.done()
    representative = None
    if acting_for == "yes":
        try:
            representative = Representative(
                name=rep_name or "",
                kind=RepresentativeKind(rep_kind or ""),
                email=r.optional("rep_email"),
                consent_recorded_on=today,
            )
        except ValidationError as error:
            raise validation_errors(error, {"email": "rep_email", "name": "rep_name"}) from None
    try:
        complainant = Complainant(
            name=name,
            relationship=Relationship(relationship or ""),
            tenure=Tenure(tenure or ""),
            email=email,
            phone=r.optional("phone"),
            address=r.optional("address"),
            postcode=postcode,
            preferences=ContactPreferences(
                channel=contact_by or "email", large_print=r.checked("large_print")
            ),
        )
    except ValidationError as error:
        raise validation_errors(error) from None
    return LogComplaintInput(
        reference=PLACEHOLDER[Kind.COMPLAINT],
        first_contact_on=today,
        complainant=complainant,
        representative=representative,
        description=description,
        outcomes_sought=r.text("outcomes_sought"),
        issue_date=issue_date,
        service_area=ServiceArea(area or ""),
        logged_by="representative" if representative else "resident",
    )


def _hazard_answers(r: Reader) -> tuple[str, str, str] | None:
    """R-HAZ-1: the damp, mould or danger question; where and who when the answer is yes."""
    answer = r.choice(
        "hazard", CHOICES["hazard"], "whether there is damp, mould or danger", required=False
    )
    if answer in (None, "no"):
        return None
    where = r.text("hazard_where", "where in the home it is", required=True, limit=SUMMARY)
    who = r.text("hazard_who", "who lives there", required=True, limit=SUMMARY)
    return answer or "", where, who


async def _file(
    sessions: Sessionmaker, client: Client, settings: Settings, intake: LogComplaintInput
) -> Received:
    """Settle the profile, organisation and calendar, keep the submission with its new
    reference, then start its workflow (or leave that to the worker's retrier)."""
    intake = intake.model_copy(update={"policy_profile": settings.policy_profile})
    return await receive(sessions, client, intake, settings.task_queue)


def _filed(request: Request, received: Received, kind: str) -> Response:
    request.session["filed"] = {
        "reference": received.reference,
        "kind": kind,
        "started": received.started,
    }
    return RedirectResponse("/confirmation", status_code=303)


@router.post("/complain")
async def file_complaint(
    request: Request,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
    today: Today,
) -> Response:
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        intake = _complaint(Reader(form), today)
    except FormErrors as error:
        context = {"choices": CHOICES, "values": values, "errors": error.errors}
        return page(request, "complain.html", context, 422)
    except ValidationError as error:
        context = {"choices": CHOICES, "values": values, "errors": validation_errors(error).errors}
        return page(request, "complain.html", context, 422)
    hazard = _hazard_answers(Reader(form))
    received = await _file(sessions, client, settings, intake)
    if hazard is not None:  # its own clock, at once, beside the complaint (R-HAZ-7)
        now = await request.app.state.clock()
        report = form_report(intake, *hazard, aware_at=now)
        await open_from_form(
            sessions, client, settings.task_queue, intake, received.reference, report, now
        )
    return _filed(request, received, "complaint")


@router.get("/feedback")
async def feedback_form(request: Request) -> Response:
    return page(request, "feedback.html", {"choices": CHOICES})


@router.post("/feedback")
async def give_feedback(
    request: Request,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
    today: Today,
) -> Response:
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    r = Reader(form)
    kind = r.choice("kind", CHOICES["kind"], "a compliment or a comment")
    name = r.text("name", "your name", required=True)
    message = r.text("description", "your message", required=True)
    if message and len(message) < 3:
        r.errors["description"] = "Your message must be at least 3 characters"
    _check_text(r, FEEDBACK_TEXT)
    try:
        r.done()
        intake = LogComplaintInput(
            reference=PLACEHOLDER.get(Kind(kind or ""), "CMT-0000-000000"),
            kind=Kind(kind or ""),
            first_contact_on=today,
            complainant=Complainant(
                name=name, email=r.optional("email"), postcode=r.optional("postcode")
            ),
            description=message,
            logged_by="resident",
        )
    except FormErrors as error:
        context = {"choices": CHOICES, "values": values, "errors": error.errors}
        return page(request, "feedback.html", context, 422)
    except ValidationError as error:
        errors = validation_errors(error, FEEDBACK_FIELDS).errors
        context = {"choices": CHOICES, "values": values, "errors": errors}
        return page(request, "feedback.html", context, 422)
    return _filed(request, await _file(sessions, client, settings, intake), intake.kind.value)


@router.get("/confirmation")
async def confirmation(request: Request) -> Response:
    filed = request.session.get("filed")
    if not filed:
        return RedirectResponse("/", status_code=303)
    return page(request, "confirmation.html", {"filed": filed})


# -- the status page -------------------------------------------------------------------------


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
