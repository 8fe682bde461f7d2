"""The forms of aftercare and the ombudsman (sections 5 and 7 of the Code): progress on an
action a response promised or an ombudsman ordered (R-REM-3); and an ombudsman's case,
its enquiries and their answers, and its determination with the orders it makes
(R-EXT-2).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from models.enums import Determination, Ombudsman
from models.messages import (
    AnswerEnquiryInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordProgressInput,
)
from rules import catalogue
from rules.catalogue import ActionEntry
from web.actions.form import TEXTAREA, Context, Form, words
from web.forms import Choices, Field, Reader


def _progress(r: Reader, c: Context) -> BaseModel:
    open_items = [(i.id, i.what) for i in c.state.tracked.values() if i.completed_on is None]
    item = r.choice("item_id", open_items, "the action")
    note = r.text("note", "what progress was made", required=True)
    completed = r.checked("completed")
    r.done()
    return RecordProgressInput(item_id=item or "", note=note, completed=completed)


def _ombudsman_case(r: Reader, c: Context) -> BaseModel:
    ombudsman = r.choice("ombudsman", words(Ombudsman), "the ombudsman")
    case_reference = r.text("case_reference", "the ombudsman's case reference", required=True)
    referred_on = r.date("referred_on", "the date of referral") or c.today
    r.done()
    return RecordOmbudsmanCaseInput(
        ombudsman=ombudsman or "", case_reference=case_reference, referred_on=referred_on
    )


def _case_choices(c: Context) -> Choices:
    return [(str(case.id), f"{case.case_reference}") for case in c.state.ombudsman_cases]


def _enquiry(r: Reader, c: Context) -> BaseModel:
    case = r.choice("case_id", _case_choices(c), "the ombudsman case")
    due = r.date("due", "the date the answer is due", required=True)
    r.done()
    return RecordEnquiryInput(case_id=int(case or 0), due=due)  # type: ignore[arg-type]


def _enquiry_choices(c: Context) -> Choices:
    return [
        (f"{case.id}:{enquiry.id}", f"{case.case_reference}, enquiry {enquiry.id}")
        for case in c.state.ombudsman_cases
        for enquiry in case.enquiries
        if enquiry.answered_on is None
    ]


def _answer(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("enquiry", _enquiry_choices(c), "the enquiry")
    r.done()
    case_id, enquiry_id = (int(part) for part in (chosen or "0:0").split(":"))
    return AnswerEnquiryInput(case_id=case_id, enquiry_id=enquiry_id)


ORDER_ROWS = 3


def _determination(r: Reader, c: Context) -> BaseModel:
    case = r.choice("case_id", _case_choices(c), "the ombudsman case")
    determination = r.choice("determination", words(Determination), "the determination")
    orders = []
    for n in range(1, ORDER_ROWS + 1):
        what = r.text(f"order-{n}-what")
        due = r.date(f"order-{n}-due", f"the due date of order {n}")
        if what and due is None:
            r.errors[f"order-{n}-due"] = f"Enter the due date of order {n}"
        if what and due:
            orders.append({"what": what, "due": due})
    r.done()
    return RecordDeterminationInput(
        case_id=int(case or 0), determination=determination or "", orders=orders
    )  # type: ignore[arg-type]


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.RECORD_PROGRESS: Form(
        "Record progress",
        _progress,
        (
            Field(
                "item_id",
                "Action",
                "select",
                True,
                choices=lambda c: [
                    (i.id, f"{i.what} (due {i.due:%d %b %Y})")
                    for i in c.state.tracked.values()
                    if i.completed_on is None
                ],
            ),
            Field("note", "Progress", TEXTAREA, True),
            Field("completed", "The action is complete", "checkbox"),
        ),
    ),
    catalogue.RECORD_OMBUDSMAN_CASE: Form(
        "Record case",
        _ombudsman_case,
        (
            Field("ombudsman", "Ombudsman", "radios", True, choices=words(Ombudsman)),
            Field("case_reference", "Ombudsman's case reference", required=True),
            Field("referred_on", "Date referred", "date", hint="Leave blank for today."),
        ),
    ),
    catalogue.RECORD_ENQUIRY: Form(
        "Record enquiry",
        _enquiry,
        (
            Field("case_id", "Ombudsman case", "select", True, choices=_case_choices),
            Field("due", "Answer due", "date", True),
        ),
    ),
    catalogue.ANSWER_ENQUIRY: Form(
        "Record answer",
        _answer,
        (Field("enquiry", "Enquiry", "select", True, choices=_enquiry_choices),),
    ),
    catalogue.RECORD_DETERMINATION: Form(
        "Record determination",
        _determination,
        (
            Field("case_id", "Ombudsman case", "select", True, choices=_case_choices),
            Field("determination", "Determination", "radios", True, choices=words(Determination)),
        )
        + tuple(
            item
            for n in range(1, ORDER_ROWS + 1)
            for item in (
                Field(f"order-{n}-what", f"Order {n}: what", hint="Leave blank if none."),
                Field(f"order-{n}-due", f"Order {n}: due", "date"),
            )
        ),
    ),
}
