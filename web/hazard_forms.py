"""Every step of a hazard (`rules.hazard_catalogue`) as a form: its fields and how the
submitted values become the `HazardWorkflow` update's input (``models.hazard``).

As for a complaint's actions (`web.actions`), the form only shapes the input; the
workflow's validator decides whether Awaab's Law allows the step now. A moment ("when it
was made safe") is a date and a 24-hour time in London; left blank, it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel, ValidationError

from models.hazard import (
    AccommodationInput,
    Finding,
    FindingInput,
    FurtherWorksInput,
    HazardKind,
    HazardState,
    HazardStep,
    HazardTenure,
    LateReason,
    LateReasonInput,
    MakeSafeInput,
    PlannedWork,
    ReportHazardInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from rules import hazard_catalogue as catalogue
from rules.calendar import LONDON
from rules.hazard_catalogue import HazardActionEntry
from rules.hazards.regimes import regime_on
from web.forms import Choices, Field, FormErrors, Reader, validation_errors

TEXTAREA = "textarea"
WORKS_ROWS = 3


@dataclass
class HazardContext:
    """What a hazard's form needs besides the submitted values."""

    state: HazardState
    now: datetime
    by: str


def _words(values: Any) -> Choices:
    return [(v.value, v.value.replace("_", " ").capitalize()) for v in values]


KIND_CHOICES = [
    (HazardKind.EMERGENCY.value, "Emergency: an imminent and significant risk (24 hours)"),
    (HazardKind.SIGNIFICANT.value, "Significant: investigate within 10 working days"),
    (HazardKind.NOT_IN_SCOPE.value, "Not in scope (say why)"),
]
FINDING_CHOICES = [
    (Finding.EMERGENCY.value, "An emergency hazard"),
    (Finding.SIGNIFICANT.value, "A significant hazard"),
    (Finding.NO_HAZARD.value, "No hazard in scope"),
]
STAGE_CHOICES = [
    ("begun", "Begun within 5 working days"),
    (
        "not_practicable",
        "Cannot begin within 5 working days: they will start within 12 weeks (say why)",
    ),
    ("started", "Physically started later (not reasonably practicable sooner)"),
    ("complete", "Complete"),
]
ANSWER_CHOICES = [("yes", "Accepted"), ("no", "Declined"), ("", "Not yet answered")]
LATE_REASONS = _words(LateReason)
STEPS = [(s.value, s.value.replace("_", " ").capitalize()) for s in catalogue.OPEN_STEPS]
TENURES = _words(HazardTenure)


def hazard_choices(day: date) -> Choices:
    """The hazards of the regime in force on `day`, damp and mould first."""
    regime = regime_on(day)
    named = sorted(regime.hazards.items(), key=lambda item: (item[0] != "damp_and_mould", item[1]))
    return list(named)


def moment(r: Reader, name: str, label: str, now: datetime) -> datetime:
    """A moment from ``<name>`` (a date) and ``<name>_time`` (24-hour, London); blank: now."""
    on = r.date(name, label)
    clock = r.text(f"{name}_time", f"the time of {label}", limit=5)
    if on is None and not clock:
        return now
    at: time | None = None
    if clock:
        try:
            at = time.fromisoformat(clock.replace(".", ":").zfill(5))
        except ValueError:
            r.errors[f"{name}_time"] = "Enter the time like 14:30"
    else:
        r.errors[f"{name}_time"] = f"Enter the time of {label}, like 14:30"
    if at is None or name in r.errors:
        return now
    return datetime.combine(on or now.astimezone(LONDON).date(), at, tzinfo=LONDON)


def _moment_fields(name: str, label: str) -> tuple[Field, ...]:
    return (
        Field(name, f"Date of {label}", "date", hint="Leave the date and time blank for now."),
        Field(f"{name}_time", f"Time of {label}", hint="24-hour clock, like 14:30."),
    )


# -- builders ---------------------------------------------------------------------------


def _triage(r: Reader, c: HazardContext) -> BaseModel:
    kind = r.choice("kind", KIND_CHOICES, "how the hazard is triaged")
    reason = r.optional("reason")
    if kind == HazardKind.NOT_IN_SCOPE.value and not reason:
        r.errors["reason"] = "Say why the hazard is not in scope"
    r.done()
    return TriageInput(kind=HazardKind(kind or ""), reason=reason)


def _finding(r: Reader, c: HazardContext) -> BaseModel:
    finding = r.choice("finding", FINDING_CHOICES, "what the investigation found")
    concluded_at = moment(r, "concluded", "the conclusion", c.now)
    found = r.text("what_was_found", "what was found", required=True)
    risk = r.text("risk", "the hazard and its risk", required=True)
    r.done()
    return FindingInput(
        finding=Finding(finding or ""), concluded_at=concluded_at, what_was_found=found, risk=risk
    )


def _done(model: type[BaseModel], label: str) -> Callable[[Reader, HazardContext], BaseModel]:
    def build(r: Reader, c: HazardContext) -> BaseModel:
        done_at = moment(r, "done", label, c.now)
        what = r.text("what_was_done", "what was done", required=True)
        r.done()
        return model(done_at=done_at, what_was_done=what)

    return build


def _summary(r: Reader, c: HazardContext) -> BaseModel:
    works = []
    for n in range(1, WORKS_ROWS + 1):
        what = r.text(f"work-{n}-what", f"planned work {n}")
        by = r.date(f"work-{n}-by", f"the date of planned work {n}")
        if what and by is None and f"work-{n}-by" not in r.errors:
            r.errors[f"work-{n}-by"] = f"Enter the date of planned work {n}"
        if what and by is not None:
            works.append(PlannedWork(what=what, by=by))
    inp = SummaryInput(
        what_was_found=r.text("what_was_found", "what was found"),
        hazard_and_risk=r.text("hazard_and_risk", "the hazard and its risk"),
        works=works,
        no_works_reason=r.text("no_works_reason", "why no works are needed"),
        contact=r.text("contact", "how to contact us"),
    )
    r.done()
    return inp


def _further_works(r: Reader, c: HazardContext) -> BaseModel:
    stage = r.choice("stage", STAGE_CHOICES, "how far the works have gone")
    on = moment(r, "on", "the works", c.now)
    what = r.text("what", "the works", required=True)
    why = r.optional("why_not_sooner")
    later = c.state.further_works_later_at is not None
    if (stage == "not_practicable" or (stage == "started" and not later)) and not why:
        r.errors["why_not_sooner"] = "Say why the works cannot begin within 5 working days"
    r.done()
    return FurtherWorksInput(on=on, what=what, stage=stage or "begun", why_not_sooner=why)


def _accommodation(r: Reader, c: HazardContext) -> BaseModel:
    offered_at = moment(r, "offered", "the offer", c.now)
    where = r.text("where", "where the accommodation is", required=True)
    answer = r.text("accepted", limit=3)
    note = r.text("note")
    r.done()
    accepted = {"yes": True, "no": False}.get(answer)
    return AccommodationInput(offered_at=offered_at, where=where, accepted=accepted, note=note)


def _late_reason(r: Reader, c: HazardContext) -> BaseModel:
    step = r.choice("step", STEPS, "the step that is late")
    reason = r.choice("reason", LATE_REASONS, "why it is late")
    occurred_on = r.date("occurred_on", "the date it happened", required=True)
    detail = r.text("detail", "what happened", required=True)
    evidence = r.text("evidence", "the evidence", required=True)
    r.done()
    assert occurred_on is not None
    return LateReasonInput(
        step=HazardStep(step or ""),
        reason=LateReason(reason or ""),
        occurred_on=occurred_on,
        detail=detail,
        evidence=evidence,
    )


def report_hazard(r: Reader, today: date, now: datetime) -> ReportHazardInput:
    """A hazard reported in a complaint (the complaint's `report_hazard`), from the form of
    `REPORT_FIELDS`; raises FormErrors."""
    hazard = r.choice("hazard", hazard_choices(today), "the hazard")
    aware_at = moment(r, "aware", "when we became aware", now)
    description = r.text("description", "what was reported", required=True)
    location = r.text("location", "where in the home", required=True)
    affected = r.text("affected", "who is affected", required=True)
    vulnerability = r.optional("vulnerability")
    tenure = r.choice("tenure", TENURES, "the occupier's tenure")
    r.done()
    if aware_at > now:
        raise FormErrors({"aware": "When we became aware cannot be in the future"})
    try:
        return ReportHazardInput(
            hazard=hazard or "",
            description=description,
            location=location,
            aware_at=aware_at,
            affected=affected,
            vulnerability=vulnerability,
            tenure=HazardTenure(tenure or ""),
        )
    except ValidationError as error:
        raise validation_errors(error) from None


REPORT_FIELDS: tuple[Field, ...] = (
    Field("hazard", "The hazard", "select", True, choices=lambda c: hazard_choices(c.today)),
    Field("description", "What was reported", TEXTAREA, True),
    Field("location", "Where in the home", "text", True, hint="For example, back bedroom."),
    *_moment_fields("aware", "when we became aware"),
    Field("affected", "Who is affected", required=True, hint="For example, two adults and a baby."),
    Field("vulnerability", "Any vulnerability", TEXTAREA, hint="For example, the baby has asthma."),
    Field("tenure", "The occupier's tenure", "select", True, choices=TENURES),
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
        reader = Reader(form)
        try:
            built = self.build(reader, context)
        except ValidationError as error:
            reader.done()
            raise validation_errors(error, {f.name: f.name for f in self.fields}) from None
        reader.done()
        return built.model_copy(update={"by": context.by})


FORMS: tuple[HazardForm, ...] = (
    HazardForm(
        catalogue.TRIAGE,
        "Record triage",
        _triage,
        (
            Field("kind", "How is the hazard triaged?", "radios", True, choices=KIND_CHOICES),
            Field("reason", "Why it is not in scope", TEXTAREA, hint="Only when not in scope."),
        ),
    ),
    HazardForm(
        catalogue.RECORD_FINDING,
        "Record finding",
        _finding,
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
        _done(MakeSafeInput, "making it safe"),
        (
            *_moment_fields("done", "making it safe"),
            Field("what_was_done", "What was done", TEXTAREA, True),
        ),
    ),
    HazardForm(
        catalogue.SEND_SUMMARY,
        "Send summary",
        _summary,
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
        _done(SafetyWorksInput, "the safety works"),
        (
            *_moment_fields("done", "the safety works"),
            Field("what_was_done", "What was done", TEXTAREA, True),
        ),
    ),
    HazardForm(
        catalogue.FURTHER_WORKS,
        "Record works",
        _further_works,
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
        _accommodation,
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
        _late_reason,
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
