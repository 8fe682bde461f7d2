"""Staff log a complaint made by phone, in person, by email, letter or social media, or
through an MP or councillor (R-STAFF-1): with the channel, who made it, the date and time of
first contact (which may be earlier than today, with the reason) and who logged it.

The resident's details are read exactly as on the residents' form, then the staff's own
fields are laid over them, and the complaint goes in through the one intake service
(`intake.service.receive`), so a staff entry gets its reference, its kept submission and
its workflow the same way as a resident's. The deadlines count from the date of first
contact, not the day it was keyed in (R-TIME-2: that day itself never counts, whatever the
hour).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from intake.service import receive
from models.complaint import LogComplaintInput
from models.enums import Channel
from models.text import SUMMARY
from rules.calendar import LONDON
from web.complaint_form import CHOICES, _complaint
from web.deps import AppSettings, Sessions, StaffUser, TemporalClient
from web.forms import FormErrors, Reader, validation_errors
from web.render import page
from web.users import Role

router = APIRouter(include_in_schema=False)

# Who keys in a complaint for a caller: the team, not governance or an administrator.
MAY_LOG = frozenset({Role.OFFICER, Role.HANDLER, Role.REVIEWER, Role.MANAGER})
CHANNELS = [
    (Channel.TELEPHONE.value, "Phone"),
    (Channel.IN_PERSON.value, "In person"),
    (Channel.EMAIL.value, "Email"),
    (Channel.LETTER.value, "Letter"),
    (Channel.SOCIAL_MEDIA.value, "Social media (moved to a private channel)"),
    (Channel.COUNCILLOR_OR_MP.value, "Through a councillor or MP"),
    (Channel.THIRD_PARTY.value, "Through another third party"),
    (Channel.WEB_FORM.value, "Web form, filled in for the resident"),
]
STAFF_CHOICES = {**CHOICES, "channel": CHANNELS}
CLOCK = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def may_log(user: Any) -> bool:
    return any(role in MAY_LOG for role in user.roles)


def _refused(request: Request, user: Any) -> Response:
    context = {
        "user": user,
        "title": "You cannot log complaints",
        "message": "Your role lets you read complaints but not log them.",
        "back": "/staff",
    }
    return page(request, "problem.html", context, 403)


def first_contact(r: Reader, now: datetime) -> tuple[date | None, time | None, str]:
    """The date and time of first contact and, when that is before today, why it is logged
    only now; each refused beside its field. It cannot be later than now."""
    today = now.astimezone(LONDON).date()
    day = r.date("first_contact_on", "the date of first contact", required=True)
    text = r.text("first_contact_at", "the time of first contact", required=True)
    at = None
    if text:
        found = CLOCK.match(text)
        if found:
            at = time(int(found.group(1)), int(found.group(2)))
        else:
            r.errors["first_contact_at"] = "Enter the time of first contact like 16:40"
    note = r.text(
        "first_contact_note", "why it is logged after the day of first contact", limit=SUMMARY
    )
    if day is not None:
        if day > today or (at is not None and datetime.combine(day, at, tzinfo=LONDON) > now):
            r.errors["first_contact_on"] = "The first contact cannot be in the future"
        elif day < today and not note:
            r.errors["first_contact_note"] = (
                "Enter why the complaint is logged after the day of first contact"
            )
    return day, at, note


@router.get("/staff/log")
async def log_form(request: Request, user: StaffUser) -> Response:
    if not may_log(user):
        return _refused(request, user)
    values = {"acting_for": "no"}
    return page(
        request, "staff_intake.html", {"user": user, "choices": STAFF_CHOICES, "values": values}
    )


@router.post("/staff/log")
async def log_complaint(
    request: Request,
    user: StaffUser,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
) -> Response:
    """Log the complaint for the caller; a refused form shows each problem beside its field,
    and takes no reference."""
    if not may_log(user):
        return _refused(request, user)
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    r = Reader(form)
    now = await request.app.state.clock()
    channel = r.choice("channel", CHANNELS, "how the complaint was made")
    day, at, note = first_contact(r, now)
    try:
        # The residents' form reads the rest, and raises with every error found so far.
        intake = _complaint(r, day or now.astimezone(LONDON).date())
        intake = intake.model_copy(
            update={
                "channel": Channel(channel or ""),
                "first_contact_on": day,
                "first_contact_at": at,
                "first_contact_note": note,
                "logged_by": user.staff_id,
                "policy_profile": settings.policy_profile,
            }
        )
        intake = LogComplaintInput.model_validate(intake.model_dump())
    except FormErrors as error:
        return _again(request, user, values, error.errors)
    except ValidationError as error:
        return _again(request, user, values, validation_errors(error).errors)
    received = await receive(sessions, client, intake, settings.task_queue)
    if not received.started:  # kept; the worker's retrier starts it (Temporal is down)
        request.session["flash"] = (
            f"Complaint {received.reference} is kept and will be started in a few minutes."
        )
        return RedirectResponse("/staff", status_code=303)
    request.session["flash"] = f"Complaint {received.reference} is logged."
    return RedirectResponse(f"/complaints/{received.reference}", status_code=303)


def _again(request: Request, user: Any, values: dict[str, str], errors: dict[str, str]):
    context = {"user": user, "choices": STAFF_CHOICES, "values": values, "errors": errors}
    return page(request, "staff_intake.html", context, 422)
