"""The forms of escalation and the Stage 3 panel (section 6 of the Code): the resident's
request for Stage 2 (R-ESC-1); a reviewer who did not handle Stage 1 (R-S2-1); the
escalation accepted or refused (R-ESC-2, R-ESC-3); and the request for Stage 3, the
panel's members and its meeting (R-S3-1).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from models.enums import EscalationRefusal
from models.messages import (
    ArrangePanelInput,
    AssignReviewerInput,
    DecideEscalationInput,
    RecordPanelMeetingInput,
    RequestEscalationInput,
    RequestStageThreeInput,
)
from models.parties import StaffMember
from rules import catalogue
from rules.catalogue import ActionEntry
from web.actions.form import EXCLUSIONS, TEXTAREA, Context, Form, staff_choices, words
from web.forms import Field, Reader


def _assign_reviewer(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("reviewer", staff_choices("reviewers")(c), "the reviewer")
    r.done()
    return AssignReviewerInput(reviewer=c.reviewers[chosen or ""])


def _decide_escalation(r: Reader, c: Context) -> BaseModel:
    decision = r.choice("decision", [("accept", "Accept"), ("refuse", "Refuse")], "a decision")
    refusal = r.optional("refusal")
    exclusion = r.optional("exclusion")
    if decision == "refuse" and not refusal:
        r.errors["refusal"] = "Select the reason the escalation is refused"
    r.done()
    accept = decision == "accept"
    return DecideEscalationInput(
        accept=accept,
        refusal=None if accept else refusal,
        exclusion=None if accept else exclusion,
        explanation=r.text("explanation"),
        exceptional_reason=r.optional("exceptional_reason"),
        understanding=r.optional("understanding"),
        outcomes_sought=r.optional("outcomes_sought"),
    )


def _panel_member(r: Reader, name: str, label: str) -> StaffMember | None:
    staff_id = r.text(f"{name}_id", f"the {label}'s staff id", required=True)
    person = r.text(f"{name}_name", f"the {label}'s name", required=True)
    if not (staff_id and person):
        return None
    return StaffMember(id=staff_id, name=person, email=r.optional(f"{name}_email"))


def _arrange_panel(r: Reader, c: Context) -> BaseModel:
    members = {
        key: _panel_member(r, key, label)
        for key, label in (
            ("board_member", "board member"),
            ("executive", "executive"),
            ("head_of_service", "head of service"),
        )
    }
    meeting_on = r.date("meeting_on", "the meeting date", required=True)
    attending = r.checked("complainant_attending")
    r.done()
    return ArrangePanelInput(**members, meeting_on=meeting_on, complainant_attending=attending)  # type: ignore[arg-type]


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.REQUEST_ESCALATION: Form(
        "Record escalation request",
        lambda r, c: RequestEscalationInput(reasons=r.text("reasons")),
        (Field("reasons", "The resident's reasons", TEXTAREA),),
    ),
    catalogue.ASSIGN_REVIEWER: Form(
        "Assign reviewer",
        _assign_reviewer,
        (
            Field(
                "reviewer",
                "Reviewer",
                "select",
                True,
                hint="Never someone who handled the complaint at Stage 1.",
                choices=staff_choices("reviewers"),
            ),
        ),
    ),
    catalogue.DECIDE_ESCALATION: Form(
        "Record decision",
        _decide_escalation,
        (
            Field(
                "decision",
                "Decision",
                "radios",
                True,
                choices=[("accept", "Accept at Stage 2"), ("refuse", "Refuse")],
            ),
            Field(
                "understanding",
                "What is outstanding, agreed with the resident",
                TEXTAREA,
                hint="When accepting.",
            ),
            Field(
                "outcomes_sought",
                "Outcomes the resident is seeking",
                TEXTAREA,
                hint="When accepting.",
            ),
            Field(
                "exceptional_reason",
                "Exceptional reason",
                TEXTAREA,
                hint="When accepting after the escalation window.",
            ),
            Field("refusal", "Reason for refusing", "select", choices=words(EscalationRefusal)),
            Field(
                "exclusion",
                "Exclusion that applies",
                "select",
                choices=EXCLUSIONS,
                hint="When refusing for an exclusion.",
            ),
            Field("explanation", "Explanation for the resident", TEXTAREA, hint="When refusing."),
        ),
        template="decide_escalation.html",  # shows the resident's reasons above the form
    ),
    catalogue.REQUEST_STAGE_THREE: Form(
        "Record Stage 3 request",
        lambda r, c: RequestStageThreeInput(reasons=r.text("reasons")),
        (Field("reasons", "The resident's reasons", TEXTAREA),),
    ),
    catalogue.ARRANGE_PANEL: Form(
        "Arrange panel",
        _arrange_panel,
        tuple(
            item
            for key, label in (
                ("board_member", "Board member"),
                ("executive", "Executive"),
                ("head_of_service", "Head of service"),
            )
            for item in (
                Field(f"{key}_id", f"{label}: staff id", required=True),
                Field(f"{key}_name", f"{label}: name", required=True),
                Field(f"{key}_email", f"{label}: email address", "email"),
            )
        )
        + (
            Field("meeting_on", "Meeting date", "date", True),
            Field("complainant_attending", "The complainant will attend", "checkbox"),
        ),
    ),
    catalogue.RECORD_PANEL_MEETING: Form(
        "Record meeting",
        lambda r, c: RecordPanelMeetingInput(
            held_on=r.date("held_on", "the meeting date") or c.today
        ),
        (Field("held_on", "Date the panel met", "date", hint="Leave blank for today."),),
    ),
}
