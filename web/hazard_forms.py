"""Every step of a hazard (`rules.hazard_catalogue`) as a form: its fields, its button and
the builder (`web.hazard_inputs`) that makes the `HazardWorkflow` update's input from the
submitted values. A moment's fields are a date and a 24-hour time, blank for now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from models.hazard_state import HazardState
from models.hazard_steps import MakeSafeInput, SafetyWorksInput
from rules import hazard_catalogue as catalogue
from rules.hazard_catalogue import HazardActionEntry
from web import hazard_inputs as inputs
from web.forms import Field, Reader, input_from
from web.hazard_inputs import (
    ANSWER_CHOICES,
    FINDING_CHOICES,
    KIND_CHOICES,
    LATE_REASONS,
    STAGE_CHOICES,
    STEPS,
    WORKS_ROWS,
    HazardContext,
)

TEXTAREA = "textarea"


def _moment_fields(name: str, label: str) -> tuple[Field, ...]:
    return (
        Field(name, f"Date of {label}", "date", hint="Leave the date and time blank for now."),
        Field(f"{name}_time", f"Time of {label}", hint="24-hour clock, like 14:30."),
    )


@dataclass(frozen=True)
class HazardForm:
    action: HazardActionEntry[Any]
    button: str
    build: Callable[[Reader, HazardContext], BaseModel]
    fields: tuple[Field, ...]

    @property
    def update(self) -> str:
        return self.action.name

    @property
    def title(self) -> str:
        return self.action.title

    @property
    def rule(self) -> str:
        return self.action.rule_ids

    def offered(self, state: HazardState) -> bool:
        return self.action.offered(state)

    def input_from(self, form: Any, context: HazardContext) -> BaseModel:
        """The update's input from a submitted form; raises FormErrors."""
        return input_from(form, lambda r: self.build(r, context), self.fields, context.by)


FORMS: tuple[HazardForm, ...] = (
    HazardForm(
        catalogue.TRIAGE,
        "Record triage",
        inputs.triage,
        (
            Field("kind", "How is the hazard triaged?", "radios", True, choices=KIND_CHOICES),
            Field("reason", "Why it is not in scope", TEXTAREA, hint="Only when not in scope."),
        ),
    ),
    HazardForm(
        catalogue.RECORD_FINDING,
        "Record finding",
        inputs.finding,
        (
            Field(
                "finding",
                "What did the investigation find?",
                "radios",
                True,
                choices=FINDING_CHOICES,
            ),
            *_moment_fields("concluded", "the conclusion"),
            Field("what_was_found", "What was found", TEXTAREA, True),
            Field("risk", "The hazard and its risk to health or safety", TEXTAREA, True),
        ),
    ),
    HazardForm(
        catalogue.MAKE_SAFE,
        "Record made safe",
        inputs.done(MakeSafeInput, "making it safe"),
        (
            *_moment_fields("done", "making it safe"),
            Field("what_was_done", "What was done", TEXTAREA, True),
        ),
    ),
    HazardForm(
        catalogue.SEND_SUMMARY,
        "Send summary",
        inputs.summary,
        (
            Field("what_was_found", "What was found", TEXTAREA, True),
            Field("hazard_and_risk", "The hazard and its risk", TEXTAREA, True),
            *(
                item
                for n in range(1, WORKS_ROWS + 1)
                for item in (
                    Field(f"work-{n}-what", f"Planned work {n}", hint="Leave blank if none."),
                    Field(f"work-{n}-by", f"Planned work {n}: by", "date"),
                )
            ),
            Field(
                "no_works_reason",
                "Why no works are needed",
                TEXTAREA,
                hint="Only when no works are planned.",
            ),
            Field(
                "contact",
                "How to contact us",
                TEXTAREA,
                True,
                hint="For example, call 0113 496 0000 and quote the hazard's reference.",
            ),
        ),
    ),
    HazardForm(
        catalogue.SAFETY_WORKS_DONE,
        "Record safety works",
        inputs.done(SafetyWorksInput, "the safety works"),
        (
            *_moment_fields("done", "the safety works"),
            Field("what_was_done", "What was done", TEXTAREA, True),
        ),
    ),
    HazardForm(
        catalogue.FURTHER_WORKS,
        "Record works",
        inputs.further_works,
        (
            Field("stage", "How far have the works gone?", "radios", True, choices=STAGE_CHOICES),
            *_moment_fields("on", "the works"),
            Field("what", "The works", TEXTAREA, True),
            Field(
                "why_not_sooner",
                "Why they cannot begin within 5 working days",
                TEXTAREA,
                hint="When they cannot begin within 5 working days, or started later.",
            ),
        ),
    ),
    HazardForm(
        catalogue.OFFER_ACCOMMODATION,
        "Record offer",
        inputs.accommodation,
        (
            *_moment_fields("offered", "the offer"),
            Field("where", "Where the accommodation is", required=True),
            Field("accepted", "Did the tenant accept?", "radios", choices=ANSWER_CHOICES),
            Field("note", "Note", TEXTAREA),
        ),
    ),
    HazardForm(
        catalogue.RECORD_LATE_REASON,
        "Record reason",
        inputs.late_reason,
        (
            Field("step", "The step that is late", "select", True, choices=STEPS),
            Field("reason", "Why it is late", "radios", True, choices=LATE_REASONS),
            Field("occurred_on", "The date it happened", "date", True),
            Field("detail", "What happened", TEXTAREA, True),
            Field(
                "evidence",
                "The evidence",
                TEXTAREA,
                True,
                hint="For example, calling card left 10:15, photo kept.",
            ),
        ),
    ),
)
BY_UPDATE = {form.update: form for form in FORMS}
assert set(BY_UPDATE) == set(catalogue.BY_NAME), "every hazard step needs its form"
