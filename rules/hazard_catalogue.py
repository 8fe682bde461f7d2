"""Every step a person records on a hazard under Awaab's Law, once (R-HAZ-1..6): the table
the hazard's surfaces derive from, as `rules.catalogue` is for a complaint's actions.

An entry names the `HazardWorkflow` update (`name`), its input model (``models.hazard``),
the rule ids it serves and when it is offered, read from the hazard's state. The web's
forms and JSON API routes, the web's permissions and the starter's subcommands come from
this table; the workflow's validators (``rules.hazards.steps``) have the last word.

Pure: no temporalio, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from models.hazard import (
    Finding,
    HazardKind,
    HazardStep,
)
from models.hazard_state import (
    HazardState,
)
from models.hazard_steps import (
    AccommodationInput,
    FindingInput,
    FurtherWorksInput,
    LateReasonInput,
    MakeSafeInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)

In = TypeVar("In", bound=BaseModel)

OPEN_STEPS = frozenset(HazardStep) - {HazardStep.COMPLETE, HazardStep.CLOSED}
# Who may record a hazard's steps: the complaints team, and the handler and reviewer of the
# complaint the hazard came from (the web's `Role` values); governance reads only.
TEAM = frozenset({"officer", "manager"})
OWNERS = frozenset({"handler", "reviewer"})


@dataclass(frozen=True, eq=False)
class HazardActionEntry(Generic[In]):
    name: str  # the HazardWorkflow update; also the form's address and the API route
    title: str  # what the step does, as an officer would say it
    done: str  # what the page says once it is recorded
    model: type[In]
    rules: tuple[str, ...]
    when: Callable[[HazardState], bool]

    @property
    def rule_ids(self) -> str:
        return ", ".join(self.rules)

    def offered(self, state: HazardState) -> bool:
        """Whether the step can be recorded on the hazard now, as far as its state says."""
        return self.when(state)


def _open(state: HazardState) -> bool:
    return state.step in OPEN_STEPS


def _works(state: HazardState) -> bool:
    """Significant hazards found significant: safety and further works follow (R-HAZ-5)."""
    return _open(state) and state.finding is not None and state.finding != Finding.NO_HAZARD


def _summary_due(state: HazardState) -> bool:
    return state.concluded_at is not None and state.summary_sent_at is None


TRIAGE = HazardActionEntry(
    "triage", "Triage the hazard", "Hazard triaged", TriageInput, ("R-HAZ-1", "R-HAZ-2", "R-HAZ-3"),
    lambda s: s.kind is None and _open(s),
)  # fmt: skip
RECORD_FINDING = HazardActionEntry(
    "record_finding", "Record the investigation's finding", "Finding recorded", FindingInput,
    ("R-HAZ-3",), lambda s: _open(s) and s.kind is not None and s.concluded_at is None,
)  # fmt: skip
MAKE_SAFE = HazardActionEntry(
    "make_safe", "Record the hazard made safe", "Recorded as made safe", MakeSafeInput,
    ("R-HAZ-2",),
    lambda s: _open(s) and s.kind == HazardKind.EMERGENCY and s.made_safe_at is None,
)  # fmt: skip
SEND_SUMMARY = HazardActionEntry(
    "send_summary", "Send the written summary", "Written summary sent", SummaryInput,
    ("R-HAZ-4",), _summary_due,
)  # fmt: skip
SAFETY_WORKS_DONE = HazardActionEntry(
    "safety_works_done", "Record the safety works", "Safety works recorded", SafetyWorksInput,
    ("R-HAZ-5",), lambda s: _works(s) and s.safety_works_at is None,
)  # fmt: skip
FURTHER_WORKS = HazardActionEntry(
    "further_works", "Record further works", "Further works recorded", FurtherWorksInput,
    ("R-HAZ-5",), lambda s: _works(s) and s.completed_at is None,
)  # fmt: skip
OFFER_ACCOMMODATION = HazardActionEntry(
    "offer_accommodation", "Record alternative accommodation offered",
    "Alternative accommodation recorded", AccommodationInput, ("R-HAZ-6",), _open,
)  # fmt: skip
RECORD_LATE_REASON = HazardActionEntry(
    "record_late_reason", "Record why a step is late", "Reason recorded", LateReasonInput,
    ("R-HAZ-6",), lambda s: bool(s.deadlines),
)  # fmt: skip

ACTIONS: tuple[HazardActionEntry[Any], ...] = (
    TRIAGE,
    RECORD_FINDING,
    MAKE_SAFE,
    SEND_SUMMARY,
    SAFETY_WORKS_DONE,
    FURTHER_WORKS,
    OFFER_ACCOMMODATION,
    RECORD_LATE_REASON,
)
BY_NAME: dict[str, HazardActionEntry[Any]] = {action.name: action for action in ACTIONS}


def refusal(
    roles: frozenset[str] | set[str] | list[str],
    staff_id: str,
    *,
    handler_id: str | None,
    reviewer_id: str | None,
) -> str | None:
    """None when the user may record a hazard's steps, else the reason they may not: the
    complaints team on every hazard, a handler or reviewer on the hazards of the complaints
    that are theirs, governance and administrators on none."""
    held = set(roles)
    if held & TEAM:
        return None
    if "handler" in held and handler_id == staff_id:
        return None
    if "reviewer" in held and reviewer_id == staff_id:
        return None
    if held & OWNERS:
        return (
            "Only the complaints team, or the handler or reviewer of the hazard's complaint, "
            "can record its steps, and it is not yours."
        )
    return "Your role lets you read hazards but not change them."
