"""The residents' forms, with no sign-in: a complaint (also for a representative, with the
resident's consent) and a compliment or comment, each ending on a confirmation page.

Each form gives a reference at once (R-INT-1): the policy profile, organisation and
calendar are settled first, and every field's text is checked (its length, and no control
characters), so a refused form takes no number. The submission is kept in PostgreSQL with
its reference before its workflow is started, so when Temporal is down the resident still
gets the reference and the worker starts the workflow later (`intake.service.receive`).
The complaint form's questions are read in `web.complaint_form`; the status page is in
`web.routes.resident_status`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from temporalio.client import Client

from intake.hazards import form_report, open_from_form
from intake.service import Received, receive
from models.complaint import LogComplaintInput
from models.enums import Kind
from models.parties import Complainant
from models.text import DESCRIPTION, WORD
from settings import Settings
from store.db import Sessionmaker
from web.complaint_form import CHOICES, PLACEHOLDER, _check_text, _complaint, _hazard_answers
from web.deps import AppSettings, Sessions, TemporalClient, Today
from web.forms import FormErrors, Reader, validation_errors
from web.render import page

router = APIRouter(include_in_schema=False)

# The feedback form's free text, checked as the complaint form's is (web.complaint_form).
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


@router.get("/")
async def home(request: Request) -> Response:
    return page(request, "home.html")


@router.get("/complain")
async def complaint_form(request: Request) -> Response:
    return page(request, "complain.html", {"choices": CHOICES, "values": {"acting_for": "no"}})


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
            sessions,
            client,
            settings.task_queue,
            intake,
            received.reference,
            report,
            now,
            settings.hazard_duty_contact,
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
