"""How the submitted values of each hazard step's form become the `HazardWorkflow` update's
input (``models.hazard_steps``); the forms themselves are in `web.hazard_forms`.

As for a complaint's actions (`web.actions`), the form only shapes the input; the
workflow's validator decides whether Awaab's Law allows the step now. A moment ("when it
was made safe") is a date and a 24-hour time in London; left blank, it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from pydantic import BaseModel

from models.hazard import Finding, HazardKind, HazardStep, LateReason
from models.hazard_state import HazardState
from models.hazard_steps import (
    AccommodationInput,
    FindingInput,
    FurtherWorksInput,
    LateReasonInput,
    PlannedWork,
    SummaryInput,
    TriageInput,
)
from rules import hazard_catalogue as catalogue
from rules.calendar import LONDON
from web.forms import Choices, Reader

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


def triage(r: Reader, c: HazardContext) -> BaseModel:
    kind = r.choice("kind", KIND_CHOICES, "how the hazard is triaged")
    reason = r.optional("reason")
    if kind == HazardKind.NOT_IN_SCOPE.value and not reason:
        r.errors["reason"] = "Say why the hazard is not in scope"
    r.done()
    return TriageInput(kind=HazardKind(kind or ""), reason=reason)


def finding(r: Reader, c: HazardContext) -> BaseModel:
    finding = r.choice("finding", FINDING_CHOICES, "what the investigation found")
    concluded_at = moment(r, "concluded", "the conclusion", c.now)
    found = r.text("what_was_found", "what was found", required=True)
    risk = r.text("risk", "the hazard and its risk", required=True)
    r.done()
    return FindingInput(
        finding=Finding(finding or ""), concluded_at=concluded_at, what_was_found=found, risk=risk
    )


def done(model: type[BaseModel], label: str) -> Callable[[Reader, HazardContext], BaseModel]:
    def build(r: Reader, c: HazardContext) -> BaseModel:
        done_at = moment(r, "done", label, c.now)
        what = r.text("what_was_done", "what was done", required=True)
        r.done()
        return model(done_at=done_at, what_was_done=what)

    return build


def summary(r: Reader, c: HazardContext) -> BaseModel:
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


def further_works(r: Reader, c: HazardContext) -> BaseModel:
    stage = r.choice("stage", STAGE_CHOICES, "how far the works have gone")
    on = moment(r, "on", "the works", c.now)
    what = r.text("what", "the works", required=True)
    why = r.optional("why_not_sooner")
    later = c.state.further_works_later_at is not None
    if (stage == "not_practicable" or (stage == "started" and not later)) and not why:
        r.errors["why_not_sooner"] = "Say why the works cannot begin within 5 working days"
    r.done()
    return FurtherWorksInput(on=on, what=what, stage=stage or "begun", why_not_sooner=why)


def accommodation(r: Reader, c: HazardContext) -> BaseModel:
    offered_at = moment(r, "offered", "the offer", c.now)
    where = r.text("where", "where the accommodation is", required=True)
    answer = r.text("accepted", limit=3)
    note = r.text("note")
    r.done()
    accepted = {"yes": True, "no": False}.get(answer)
    return AccommodationInput(offered_at=offered_at, where=where, accepted=accepted, note=note)


def late_reason(r: Reader, c: HazardContext) -> BaseModel:
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
