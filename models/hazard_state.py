"""What a hazard's workflow holds (R-HAZ-1..7): its deadlines, the records of its late
steps and accommodation offered, its whole state, and the row of the ``hazards`` read model
the web and reports list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from models.effects import RecordEffectsInput
from models.hazard import Finding, HazardKind, HazardReport, HazardStep
from models.hazard_steps import AccommodationInput, LateReasonInput


class HazardDeadline(BaseModel):
    step: HazardStep
    label: str  # "Emergency: make safe by Sat 12 Dec 2026 17:30"
    due: datetime
    met_at: datetime | None = None  # when the step was done (after ``due``: late, breached)
    breached: bool = False
    manager_told: bool = False  # the manager was told it was missed
    gave_way_at: datetime | None = None  # the 5 WD further works gave way to 12 weeks


class LateReasonRecord(LateReasonInput):
    recorded_at: datetime


class AccommodationRecord(AccommodationInput):
    recorded_at: datetime


class HazardState(BaseModel):
    """Everything the hazard's workflow holds; its snapshot is kept for pages to read."""

    reference: str
    organisation: str
    complaint_reference: str | None = None
    report: HazardReport
    regime_name: str
    regime_from: date
    logged_at: datetime
    kind: HazardKind | None = None
    step: HazardStep = HazardStep.TRIAGE
    triaged_at: datetime | None = None
    triaged_by: str | None = None
    out_of_scope_reason: str | None = None
    finding: Finding | None = None
    found: str | None = None
    risk: str | None = None
    concluded_at: datetime | None = None
    made_safe_at: datetime | None = None
    summary_sent_at: datetime | None = None
    safety_works_at: datetime | None = None
    further_works_begun_at: datetime | None = None
    further_works_started_at: datetime | None = None
    further_works_later_at: datetime | None = None  # recorded: not practicable within 5 WD
    further_works_why_later: str | None = None
    completed_at: datetime | None = None
    deadlines: list[HazardDeadline] = []
    late_reasons: list[LateReasonRecord] = []
    accommodation: list[AccommodationRecord] = []
    updates_sent: int = 0
    next_update_on: date | None = None
    breached: bool = False
    event_seq: int = 0
    record_digest: str = ""
    unrecorded: list[RecordEffectsInput] = []
    attention: str | None = None
    letter_problem: str | None = None  # the last update to the tenant could not be written


class HazardSummary(BaseModel):
    """One row of the ``hazards`` read model the web and reports list."""

    reference: str
    organisation: str
    complaint_reference: str | None = None
    hazard: str
    hazard_words: str
    source: str
    tenure: str
    location: str
    kind: str | None = None
    step: str
    aware_at: datetime
    logged_at: datetime
    next_due: datetime | None = None
    next_due_label: str | None = None
    breached: bool = False
    is_open: bool = True
    vulnerable: bool = False
    made_safe_at: datetime | None = None
    concluded_at: datetime | None = None
    completed_at: datetime | None = None
    regime: str
    deadlines: list[dict[str, Any]] = []
    late_reasons: list[dict[str, Any]] = []
    accommodation: list[dict[str, Any]] = []


class HazardResult(BaseModel):
    reference: str
    kind: HazardKind | None
    step: HazardStep
    breached: bool


class RecordHazardInput(BaseModel):
    """One step's records, with the hazard's read-model row and state, in one transaction."""

    records: RecordEffectsInput
    summary: HazardSummary
    state: dict[str, Any]
