"""The input of each step of a hazard under Awaab's Law (R-HAZ-2..6): one
`HazardWorkflow` update each, refused in its validator with a sentence
(`rules.hazards.steps`), so a refused step never reaches history."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from models.hazard import Finding, HazardKind, HazardStep, LateReason
from models.stages import MANY
from models.text import Description, Summary, Word


class HazardAction(BaseModel):
    by: Word = "system"


class TriageInput(HazardAction):
    """R-HAZ-2, R-HAZ-3: emergency, significant, or not in scope (with the reason)."""

    kind: HazardKind
    reason: Summary | None = None  # required for not in scope
    hazard: Word | None = None  # a corrected hazard id, if the report named another


class FindingInput(HazardAction):
    """R-HAZ-3: the investigation's conclusion; the summary and works clocks start here."""

    finding: Finding
    concluded_at: datetime
    what_was_found: Description
    risk: Summary  # the hazard and its risk to health or safety


class PlannedWork(BaseModel):
    what: Summary
    by: date


class SummaryInput(HazardAction):
    """R-HAZ-4: the written summary to the tenant; every part is required."""

    what_was_found: Description = ""
    hazard_and_risk: Summary = ""
    works: list[PlannedWork] = Field(default=[], max_length=MANY)
    no_works_reason: Summary = ""  # when no works are planned, why
    contact: Summary = ""  # how to contact us about it


class MakeSafeInput(HazardAction):
    """R-HAZ-2: an emergency hazard investigated and made safe."""

    done_at: datetime
    what_was_done: Description


class SafetyWorksInput(HazardAction):
    """R-HAZ-5: safety works for a significant hazard done."""

    done_at: datetime
    what_was_done: Description


class FurtherWorksInput(HazardAction):
    """R-HAZ-5: further preventative works begun within 5 WD; or, where that is not
    reasonably practicable, recorded so (``not_practicable``, with the reason, while the 5 WD
    run: the 12-week clock replaces them) and later physically started within 12 weeks;
    or complete."""

    on: datetime
    what: Description
    stage: str = "begun"  # begun | not_practicable | started | complete
    why_not_sooner: Summary | None = None  # required for not_practicable, or started without it


class AccommodationInput(HazardAction):
    """R-HAZ-6: alternative accommodation offered (and whether accepted) when the home
    cannot be made safe in time."""

    offered_at: datetime
    where: Summary
    accepted: bool | None = None  # None: not yet answered
    note: Summary = ""


class LateReasonInput(HazardAction):
    """R-HAZ-6: why a step could not happen on time, with its date and evidence."""

    step: HazardStep
    reason: LateReason
    occurred_on: date
    detail: Summary
    evidence: Summary  # e.g. "calling card left 10:15, photo DOC-3"
