"""The forms of withdrawal and corrections (section 14 of the Code): the resident's
withdrawal, however they told us (R-WDR-1); and a correction of the resident's contact
details, which may send again the letters that could not be delivered, or of the
complaint's service area and organisation (R-EDIT-1).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from letters.errors import letter_name
from models.enums import ServiceArea
from models.messages import CorrectContactInput, CorrectServiceInput, WithdrawInput
from rules import catalogue
from rules.calendar import format_due
from rules.catalogue import ActionEntry
from rules.handling.withdrawal import HOW_WORDS
from rules.organisations import organisations
from web.actions.form import TEXTAREA, Context, Form, words
from web.forms import Choices, Field, Reader

# R-WDR-1: how the resident told us they withdraw.
WITHDRAW_HOW = [(how.value, words[:1].upper() + words[1:]) for how, words in HOW_WORDS.items()]


def _withdraw(r: Reader, c: Context) -> BaseModel:
    how = r.choice("how", WITHDRAW_HOW, "how the resident told us")
    withdrawn_on = r.date("withdrawn_on", "the day the resident withdrew", required=True)
    reason = r.text("reason")
    r.done()
    assert withdrawn_on is not None
    return WithdrawInput(how=how or "", withdrawn_on=withdrawn_on, reason=reason)


def _undelivered_choices(c: Context) -> Choices:
    """R-EDIT-1: the letters that could not be delivered and have not been sent again."""
    return [
        (
            str(letter.seq),
            f"Letter {letter.seq}, the {letter_name(letter.letter)} letter of "
            f"{format_due(letter.recorded_on)}: {letter.problem}",
        )
        for letter in c.undelivered
        if letter.seq not in c.state.resent
    ]


def _correct_contact(r: Reader, c: Context) -> BaseModel:
    details = {name: r.optional(name) for name in ("name", "email", "phone", "address", "postcode")}
    reason = r.text("reason", "the reason for the correction", required=True)
    offered = {key for key, _ in _undelivered_choices(c)}
    getlist = getattr(r.form, "getlist", None)  # a form sends each ticked box apart
    sent: Any = getlist("resend") if getlist else r.form.get("resend") or []
    chosen = [str(seq) for seq in ([sent] if isinstance(sent, str | int) else sent)]
    if any(seq not in offered for seq in chosen):
        r.errors["resend"] = "Select letters to send again from the list"
    r.done()
    resend = sorted(int(seq) for seq in chosen)
    return CorrectContactInput(**details, reason=reason, resend=resend)  # type: ignore[arg-type]


def _organisation_choices(c: Context) -> Choices:
    return [(o.id, o.name) for o in organisations().values()]


def _correct_service(r: Reader, c: Context) -> BaseModel:
    service = r.choice("service_area", words(ServiceArea), "the service area")
    organisation = r.choice("organisation", _organisation_choices(c), "the organisation")
    reason = r.text("reason", "the reason for the correction", required=True)
    r.done()
    return CorrectServiceInput(service_area=service, organisation=organisation, reason=reason)


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.WITHDRAW: Form(
        "Record withdrawal",
        _withdraw,
        (
            Field("how", "How the resident told us", "radios", True, choices=WITHDRAW_HOW),
            Field("withdrawn_on", "The day the resident withdrew", "date", True),
            Field(
                "reason",
                "The resident's reason, if they gave one",
                TEXTAREA,
                hint="The deadlines stop and the resident is sent a letter confirming it.",
            ),
        ),
    ),
    catalogue.CORRECT_CONTACT: Form(
        "Correct contact details",
        _correct_contact,
        (
            Field("name", "Name"),
            Field("email", "Email", "email"),
            Field("phone", "Phone"),
            Field("address", "Address", TEXTAREA),
            Field("postcode", "Postcode"),
            Field("reason", "Reason for the correction", TEXTAREA, True),
            Field(
                "resend",
                "Letters that could not be delivered",
                "checkboxes",
                hint="Those you tick are sent again to the corrected details.",
                choices=_undelivered_choices,
            ),
        ),
    ),
    catalogue.CORRECT_SERVICE: Form(
        "Correct service",
        _correct_service,
        (
            Field(
                "service_area",
                "Service area",
                "select",
                True,
                choices=words(ServiceArea),
                default=lambda c: c.state.intake.service_area.value,
            ),
            Field(
                "organisation",
                "Organisation",
                "select",
                True,
                choices=_organisation_choices,
                default=lambda c: c.state.intake.organisation,
            ),
            Field("reason", "Reason for the correction", TEXTAREA, True),
        ),
    ),
}
