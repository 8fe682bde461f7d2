"""Workflow inputs and the signals between a complaint and its trackers.

What a person wrote (a progress note) is in the types of `models.text` (issue 8).
"""

from datetime import date

from pydantic import BaseModel

from models.aftercare import TrackedItem
from models.calendar import CalendarSnapshot
from models.complaint import ComplaintState, LogComplaintInput
from models.effects import Recipient
from models.organisation import Organisation
from models.policy import PolicyProfile
from models.text import Summary, Word


class StartComplaint(BaseModel):
    """Start (or continue) a complaint. The starter loads the policy profile and computes the
    calendar snapshot outside the workflow, so both are recorded in history (R-TIME-5)."""

    intake: LogComplaintInput
    profile: PolicyProfile
    calendar: CalendarSnapshot
    organisation: Organisation | None = None  # R-ORG-1: its name and details for letters
    carried: ComplaintState | None = None  # set when continuing as new
    continue_after_events: int = 2000  # keep each run's history bounded


class TrackerInput(BaseModel):
    reference: str
    organisation: str
    item: TrackedItem
    profile: PolicyProfile
    calendar: CalendarSnapshot
    started_on: date
    staff_id: str | None = None
    manager_id: str | None = None
    recipients: list[Recipient] = []
    channel: str = "email"
    large_print: bool = False


class Progress(BaseModel):
    note: Summary
    completed: bool = False
    by: Word = "system"


class ItemCompleted(BaseModel):
    item_id: Word
    on: date


class TrackerResult(BaseModel):
    item_id: str
    completed_on: date
    updates_sent: int
