"""The checks of a hazard's steps (R-HAZ-1..6): each returns the sentence a refusal gives,
or None. Pure: the hazard's state, the regime and the time are passed in; the workflow's
validators run them, so a refused step never reaches history and changes nothing."""

from __future__ import annotations

from datetime import datetime

from models.hazard import (
    Finding,
    HazardKind,
    HazardRegime,
    HazardStep,
)
from models.hazard_state import (
    HazardState,
)
from models.hazard_steps import (
    AccommodationInput,
    FindingInput,
    FurtherWorksInput,
    MakeSafeInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from rules.calendar import format_due, local_date
from rules.hazards.regimes import hazard_words, kinds_for, out_of_scope_reason

OPEN_STEPS = frozenset(HazardStep) - {HazardStep.COMPLETE, HazardStep.CLOSED}


def _closed(state: HazardState) -> str | None:
    if state.step not in OPEN_STEPS:
        return f"Hazard {state.reference} is closed: nothing more can be recorded on it."
    return None


def _not_future(when: datetime, now: datetime, what: str) -> str | None:
    if when > now:
        return f"The {what} cannot be in the future ({format_due(local_date(when))})."
    return None


def check_triage(state: HazardState, regime: HazardRegime, inp: TriageInput) -> str | None:
    """R-HAZ-1..3: emergency or significant when the regime has the hazard as that kind; not
    in scope with a reason; once only."""
    if state.kind is not None:
        return f"Hazard {state.reference} was already triaged as {state.kind.value}."
    hazard = inp.hazard or state.report.hazard
    if hazard not in regime.hazards:
        return f'"{hazard}" is not a hazard {regime.name} knows.'
    if inp.kind == HazardKind.NOT_IN_SCOPE:
        if not (inp.reason or "").strip():
            return "Say why the hazard is not in scope."
        return None
    tenure = out_of_scope_reason(regime, state.report.tenure)
    if tenure:
        return tenure
    if inp.kind not in kinds_for(regime, hazard):
        return (
            f"{hazard_words(regime, hazard)} is not in scope as an {inp.kind.value} hazard "
            f"under {regime.name}."
        ).replace("an significant", "a significant")
    return None


def check_finding(state: HazardState, inp: FindingInput, now: datetime) -> str | None:
    """R-HAZ-3: the investigation's conclusion, after triage, once, never in the future."""
    if closed := _closed(state):
        return closed
    if state.kind is None:
        return "Triage the hazard before recording the investigation's finding."
    if state.concluded_at is not None:
        return "The investigation's finding is already recorded."
    if inp.concluded_at < state.report.aware_at:
        return "The investigation cannot conclude before we became aware of the hazard."
    return _not_future(inp.concluded_at, now, "investigation's conclusion")


def check_make_safe(state: HazardState, inp: MakeSafeInput, now: datetime) -> str | None:
    if closed := _closed(state):
        return closed
    if state.kind != HazardKind.EMERGENCY:
        return "Only an emergency hazard is made safe within 24 hours; record safety works."
    if state.made_safe_at is not None:
        return "The hazard is already recorded as made safe."
    return _not_future(inp.done_at, now, "date it was made safe")


def summary_problem(inp: SummaryInput) -> str | None:
    """R-HAZ-4: the summary's mandatory parts."""
    missing = []
    if not inp.what_was_found.strip():
        missing.append("what was found")
    if not inp.hazard_and_risk.strip():
        missing.append("the hazard and its risk")
    if not inp.works and not inp.no_works_reason.strip():
        missing.append("the works planned with their dates (or why none are needed)")
    if not inp.contact.strip():
        missing.append("how to contact us")
    if missing:
        return "The written summary needs " + ", ".join(missing) + "."
    return None


def check_summary(state: HazardState, inp: SummaryInput) -> str | None:
    if state.step == HazardStep.CLOSED and state.finding != Finding.NO_HAZARD:
        return _closed(state)
    if state.concluded_at is None:
        return "Record the investigation's finding before sending the written summary."
    if state.summary_sent_at is not None:
        return "The written summary has already been sent."
    return summary_problem(inp)


def check_safety_works(state: HazardState, inp: SafetyWorksInput, now: datetime) -> str | None:
    if closed := _closed(state):
        return closed
    if state.finding is None:
        return "Record the investigation's finding before the safety works."
    if state.safety_works_at is not None:
        return "The safety works are already recorded."
    return _not_future(inp.done_at, now, "date of the safety works")


FURTHER_WORKS_STAGES = ("begun", "not_practicable", "started", "complete")


def check_further_works(state: HazardState, inp: FurtherWorksInput, now: datetime) -> str | None:
    """R-HAZ-5: begun within 5 WD; or recorded as not reasonably practicable within them (with
    the reason, once, before the works begin) and then physically started; or complete."""
    if closed := _closed(state):
        return closed
    if state.finding is None:
        return "Record the investigation's finding before the further works."
    if inp.stage not in FURTHER_WORKS_STAGES:
        return (
            "Say whether the further works have begun, cannot begin within 5 working days, "
            "have started or are complete."
        )
    later = state.further_works_later_at is not None
    why = (inp.why_not_sooner or "").strip()
    if inp.stage == "not_practicable":
        if not any(d.step == HazardStep.FURTHER_WORKS for d in state.deadlines):
            return "This hazard has no further works to begin, so there is no 12-week clock."
        if state.further_works_begun_at is not None:
            return "The further works have already begun."
        if later:
            return "The further works are already recorded as unable to begin within 5 WD."
        if not why:
            return "Say why the further works cannot begin within 5 working days."
    if inp.stage == "started" and not later and not why:
        return "Say why the further works could not begin within 5 working days."
    if state.concluded_at is not None and inp.on < state.concluded_at:
        return "The further works cannot be recorded before the investigation concluded."
    return _not_future(inp.on, now, "date of the works")


def check_accommodation(state: HazardState, inp: AccommodationInput, now: datetime) -> str | None:
    if closed := _closed(state):
        return closed
    return _not_future(inp.offered_at, now, "offer of alternative accommodation")
