"""The forms of the team's everyday casework (section 14 of the Code): a note or a record
of contact, which a later note may correct but never change (R-NOTE-1); the resident's
vulnerability and the adjustments agreed (R-VUL-1); and a hazard reported in the home
(R-HAZ-1, R-HAZ-7), whose form is `web.hazard_report_form`'s.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from pydantic import BaseModel

from models.casework import ADJUSTMENT_WORDS, CONTACT_WORDS, Adjustment
from models.messages import RecordContactInput, RecordVulnerabilityInput
from rules import catalogue
from rules.calendar import LONDON
from rules.catalogue import ActionEntry
from web.actions.form import TEXTAREA, Context, Form
from web.forms import Field, Reader
from web.hazard_report_form import FIELDS as HAZARD_FIELDS
from web.hazard_report_form import build_report_hazard

CONTACT_CHOICES = [(kind.value, words) for kind, words in CONTACT_WORDS.items()]


def _moment(r: Reader, c: Context) -> datetime | None:
    """When a contact took place, from a date and a 24-hour time (London); None: now."""
    on = r.date("happened_on", "the date of the contact")
    clock = r.text("happened_time", "the time of the contact", limit=5)
    if on is None and not clock:
        return None
    at: time | None = None
    if clock:
        try:
            at = time.fromisoformat(clock.replace(".", ":").zfill(5))
        except ValueError:
            r.errors["happened_time"] = "Enter the time like 14:30"
    elif on is not None:
        r.errors["happened_time"] = "Enter the time of the contact, like 14:30"
    if at is None or "happened_on" in r.errors:
        return None
    return datetime.combine(on or c.today, at, tzinfo=LONDON)


def _contact(r: Reader, c: Context) -> BaseModel:
    kind = r.choice("kind", CONTACT_CHOICES, "what kind of note or contact it is")
    summary = r.text("summary", "a summary of the note or contact", required=True)
    happened_at = _moment(r, c)
    corrects = r.text("corrects", limit=10)
    if corrects and not corrects.isdigit():
        r.errors["corrects"] = "Enter the number of the note it corrects, like 2"
    r.done()
    return RecordContactInput(
        kind=kind or "",
        summary=summary,
        happened_at=happened_at,
        corrects=int(corrects) if corrects else None,
        author=c.by_name,
    )


def _vulnerability(r: Reader, c: Context) -> BaseModel:
    circumstances = r.text("circumstances", "the resident's circumstances", required=True)
    adjustments = [a.value for a in Adjustment if r.checked(f"adjustment-{a.value}")]
    named = r.optional("named_contact")
    if Adjustment.ADVOCATE.value in adjustments and not named:
        r.errors["named_contact"] = "Enter the name of the advocate or contact"
    review_on = r.date("review_on", "the review date", required=True)
    other = r.text("other_adjustments")
    r.done()
    assert review_on is not None
    return RecordVulnerabilityInput(
        circumstances=circumstances,
        adjustments=adjustments,
        other_adjustments=other,
        named_contact=named,
        review_on=review_on,
        author=c.by_name,
    )


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.RECORD_CONTACT: Form(
        "Record note",
        _contact,
        (
            Field("kind", "What is it?", "radios", True, choices=CONTACT_CHOICES),
            Field(
                "summary",
                "Summary",
                TEXTAREA,
                True,
                hint="Who was spoken to and what was said or agreed. A note cannot be changed "
                "once recorded: to correct one, record a new note.",
            ),
            Field("happened_on", "Date of the contact", "date", hint="Leave blank for now."),
            Field("happened_time", "Time of the contact", hint="24-hour clock, like 14:30."),
            Field(
                "corrects",
                "It corrects note number",
                hint="Only for a correction: the number shown with the note on the timeline.",
            ),
        ),
    ),
    catalogue.RECORD_VULNERABILITY: Form(
        "Record vulnerability",
        _vulnerability,
        (
            Field(
                "circumstances",
                "The resident's circumstances",
                TEXTAREA,
                True,
                hint="Special category data: shown only to staff who work this complaint, "
                "managers and governance.",
            ),
        )
        + tuple(
            Field(f"adjustment-{a.value}", words, "checkbox")
            for a, words in ADJUSTMENT_WORDS.items()
        )
        + (
            Field("named_contact", "Name of the advocate or contact", hint="If there is one."),
            Field("other_adjustments", "Other adjustments agreed", TEXTAREA),
            Field("review_on", "Date to review them", "date", True),
        ),
    ),
    catalogue.REPORT_HAZARD: Form("Report hazard", build_report_hazard, HAZARD_FIELDS),
}
