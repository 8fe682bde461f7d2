"""The forms of the response clock and the response (sections 4 and 6 of the Code): more
time with a reason (R-S1-3, R-S2-2) or with the resident's agreement, asked for and
answered (R-S1-4); an issue added, or logged as a new complaint (R-S1-5); and the stage
response (R-S1-6, R-S2-3), whose form is `web.response_form`'s.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from models.messages import (
    AddIssueInput,
    ExtendInput,
    RecordAgreementInput,
    RequestAgreementInput,
    SubmitResponseInput,
)
from rules import catalogue
from rules.catalogue import ActionEntry
from web.actions.form import TEXTAREA, Context, Form
from web.forms import Field, Reader
from web.response_form import build_response


def _extend(r: Reader, c: Context) -> BaseModel:
    new_due = r.date("new_due", "the new response date", required=True)
    reason = r.text("reason", "why the response needs more time", required=True)
    r.done()
    assert new_due is not None
    return ExtendInput(new_due=new_due, reason=reason)


def _request_agreement(r: Reader, c: Context) -> BaseModel:
    proposed = r.date("proposed_due", "the date proposed to the resident", required=True)
    reason = r.text("reason", "why more time is needed", required=True)
    r.done()
    assert proposed is not None
    return RequestAgreementInput(proposed_due=proposed, reason=reason)


def _record_agreement(r: Reader, c: Context) -> BaseModel:
    answer = r.choice("agreed", [("yes", "Yes"), ("no", "No")], "whether the resident agreed")
    agreed_due = r.date("agreed_due", "the agreed date")
    note = r.text("note")
    r.done()
    return RecordAgreementInput(agreed=answer == "yes", agreed_due=agreed_due, note=note)


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.EXTEND: Form(
        "Extend response date",
        _extend,
        (
            Field(
                "new_due",
                "New response date",
                "date",
                True,
                hint="A working day, for example 27 3 2027.",
            ),
            Field(
                "reason",
                "Why the response needs more time",
                TEXTAREA,
                True,
                hint="The resident is told this reason.",
            ),
        ),
    ),
    catalogue.REQUEST_AGREEMENT: Form(
        "Ask for agreement",
        _request_agreement,
        (
            Field("proposed_due", "Date proposed", "date", True),
            Field("reason", "Why more time is needed", TEXTAREA, True),
        ),
    ),
    catalogue.RECORD_AGREEMENT: Form(
        "Record answer",
        _record_agreement,
        (
            Field(
                "agreed",
                "Did the resident agree?",
                "radios",
                True,
                choices=[("yes", "Yes"), ("no", "No")],
            ),
            Field("agreed_due", "Agreed date", "date", hint="Leave blank for the date proposed."),
            Field("note", "Note", TEXTAREA),
        ),
    ),
    catalogue.ADD_ISSUE: Form(
        "Add issue",
        lambda r, c: AddIssueInput(
            summary=r.text("summary", "the issue", required=True),
            as_new_complaint=r.checked("as_new_complaint"),
        ),
        (
            Field("summary", "The additional issue", TEXTAREA, True),
            Field(
                "as_new_complaint",
                "Log it as a new, linked complaint",
                "checkbox",
                hint="When adding it would unreasonably delay the response.",
            ),
        ),
    ),
    catalogue.SUBMIT_RESPONSE: Form(
        "Send response",
        lambda r, c: SubmitResponseInput(response=build_response(r, c.state)),
        template="respond.html",
    ),
}
