"""Shared vocabulary of the complaint rules: the context an action runs in and a refusal.

Every rule function takes the complaint state, the action's input and a `Ctx` holding the
time (`workflow.now()` when run in a workflow) and the complaint's calendar snapshot. Checks
raise `Refused` with a sentence a handler understands; applying an action changes the
state and returns the effects (events, letters, notices) the workflow then carries out.
"""

from dataclasses import dataclass
from datetime import date, datetime

from models.complaint import ComplaintState, Deadline
from models.effects import Event
from models.enums import Ombudsman, ServiceArea, Stage, Status, Tenure
from models.stages import StageRecord
from rules.calendar import WorkingCalendar, format_due, local_date
from rules.deadlines import Due


class Refused(ValueError):
    """An action the Code or the product does not allow; the message is for the handler."""


@dataclass(frozen=True)
class Ctx:
    now: datetime
    cal: WorkingCalendar

    @property
    def today(self) -> date:
        return local_date(self.now)


STAGE_WORDS = {Stage.STAGE_1: "Stage 1", Stage.STAGE_2: "Stage 2", Stage.STAGE_3: "Stage 3"}
OMBUDSMAN_WORDS = {
    Ombudsman.HOUSING: "the Housing Ombudsman Service",
    Ombudsman.LGSCO: "the Local Government and Social Care Ombudsman",
}
OMBUDSMAN_CONTACT = {
    Ombudsman.HOUSING: {
        "name": "Housing Ombudsman Service",
        "address": "PO Box 152, Liverpool L33 7WQ",
        "phone": "0300 111 3000",
        "website": "www.housing-ombudsman.org.uk",
        "email": "info@housing-ombudsman.org.uk",
    },
    Ombudsman.LGSCO: {
        "name": "Local Government and Social Care Ombudsman",
        "address": "PO Box 4771, Coventry CV4 0EH",
        "phone": "0300 061 0614",
        "website": "www.lgo.org.uk",
    },
}


def ombudsman_for(state: ComplaintState) -> Ombudsman:
    """R-SVC-1: landlord services go to the Housing Ombudsman, the rest to the LGSCO."""
    if state.intake.service_area == ServiceArea.LANDLORD_SERVICES:
        return Ombudsman.HOUSING
    return Ombudsman.LGSCO


def ombudsman_fields(state: ComplaintState) -> dict[str, object]:
    """The right ombudsman and how to reach them, as every letter that names one has it."""
    ombudsman = ombudsman_for(state)
    return {
        "ombudsman": OMBUDSMAN_WORDS[ombudsman],
        "ombudsman_contact": OMBUDSMAN_CONTACT[ombudsman],
    }


def stage_three_available(state: ComplaintState) -> bool:
    """R-S3-1: homelessness and allocations, for a complainant who is not a tenant."""
    return (
        state.intake.service_area.value in state.profile.stage_3_service_areas
        and state.intake.complainant.tenure == Tenure.NONE
    )


def last_stage(state: ComplaintState) -> Stage:
    return Stage.STAGE_3 if stage_three_available(state) else Stage.STAGE_2


def require_status(state: ComplaintState, allowed: tuple[Status, ...], doing: str) -> None:
    if state.status not in allowed:
        raise Refused(f"Cannot {doing}: complaint {state.reference} is {describe(state)}.")


def describe(state: ComplaintState) -> str:
    """Where the complaint stands, in words for refusal messages."""
    stage = STAGE_WORDS[state.stage]
    words = {
        Status.RECEIVED: "awaiting a decision to accept it",
        Status.RESOLVED_EARLY: "resolved at first contact",
        Status.DECLINED: "declined",
        Status.ACCEPTED: f"accepted at {stage} and awaiting acknowledgement",
        Status.OPEN: f"open at {stage} with its response not yet sent",
        Status.CLOSED: f"closed after its {stage} response",
        Status.ESCALATION_REQUESTED: "awaiting a decision on the resident's escalation request",
        Status.PANEL_REQUESTED: "awaiting its Stage 3 panel",
        Status.PANEL_HELD: "awaiting the Stage 3 panel's response",
        Status.RECORDED: "a compliment or comment, already recorded",
        Status.WITHDRAWN: "withdrawn by the resident",
        Status.DUPLICATE: "closed as a duplicate of another complaint",
        Status.COMPLETED: "completed",
    }
    return words[state.status]


def require_text(value: str | None, what: str, minimum: int = 3) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise Refused(f"Please give {what}.")
    return text


def require_handler(state: ComplaintState, doing: str) -> None:
    if state.handler is None:
        raise Refused(f"Assign a handler before you {doing}.")


def set_deadline(
    state: ComplaintState,
    key: str,
    label: str,
    basis: date,
    due: Due,
    *,
    target_wd: int | None,
    limit_wd: int | None,
    ceiling: date | None = None,
    staff_id: str | None = None,
) -> Event:
    """Record a deadline in the complaint (R-TIME-5) and return the event that says so."""
    state.deadlines[key] = Deadline(
        key=key,
        label=label,
        basis=basis,
        target_wd=target_wd,
        limit_wd=limit_wd,
        target=due.target,
        limit=due.limit,
        ceiling=ceiling,
        staff_id=staff_id,
    )
    when = format_due(due.limit)
    if due.target != due.limit:
        when = f"{when} (target {format_due(due.target)})"
    return Event(
        kind="deadline_set",
        summary=f"{label} due {when}",
        data={"key": key, "target": due.target.isoformat(), "limit": due.limit.isoformat()},
    )


def meet_deadline(state: ComplaintState, key: str, on: date) -> Event | None:
    """Mark a deadline met (or met late) on a local date (R-TIME-3)."""
    deadline = state.deadlines.get(key)
    if deadline is None or not deadline.is_open:
        return None
    deadline.met_on = on
    in_time = on <= deadline.due
    words = "met" if in_time else "met late"
    return Event(
        kind="deadline_met" if in_time else "deadline_met_late",
        summary=f"{deadline.label} {words} on {format_due(on)} (due {format_due(deadline.due)})",
        data={"key": key, "met_on": on.isoformat(), "due": deadline.due.isoformat()},
    )


def cancel_deadline(state: ComplaintState, key: str, why: str) -> Event | None:
    deadline = state.deadlines.get(key)
    if deadline is None or not deadline.is_open:
        return None
    deadline.cancelled = True
    return Event(
        kind="deadline_cancelled",
        summary=f"{deadline.label} no longer due: {why}",
        data={"key": key},
    )


def response_key(stage: Stage) -> str:
    return f"{stage.value}_response"


def stage_record(state: ComplaintState, stage: Stage) -> StageRecord:
    record = state.stages.get(stage)
    if record is None:
        raise Refused(f"This complaint has not reached {STAGE_WORDS[stage]}.")
    return record


def owner_words(state: ComplaintState) -> dict[str, str | None]:
    """Who deals with the complaint now and how to contact them (R-ACK-1, R-ESC-3)."""
    owner = state.reviewer if state.stage != Stage.STAGE_1 else state.handler
    if owner is None:
        return {"name": "The complaints team", "email": None, "phone": None}
    return {"name": owner.name, "email": owner.email, "phone": owner.phone}
