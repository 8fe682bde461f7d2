"""Every action a person takes on a complaint, once: the catalogue the surfaces derive from.

An entry names the workflow update (`name`), its input model, the rule's check and apply
functions, the rule ids it serves, the part of the Code it belongs to and the roles that
may take it. From this table come the workflow's update handlers (each a one-liner
through its entry), the web's forms and JSON API routes, the web's permissions and the
starter's subcommands; tests prove each surface has every entry.

When an action is offered is read from the rule's own check (`refused_by_state`): the
check is run against the complaint with a stand-in for the input and the moment, and an
action is offered unless the check refuses before it looks at either. Only where a check
reads its input first does an entry say more (`when`).

Pure: no temporalio, no SQLAlchemy; the roles are the web's role names as plain words.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar, Union, cast, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from models import messages as m
from models.complaint import ComplaintState
from models.effects import Effect
from models.hazard import ReportHazardInput
from rules.handling import (
    acceptance,
    acknowledgement,
    aftercare,
    casework,
    comments,
    corrections,
    duplicates,
    escalation,
    extensions,
    hazards,
    intake,
    responses,
    self_service,
    stage_three,
    withdrawal,
)
from rules.handling.common import Ctx, Refused

In = TypeVar("In", bound=BaseModel)

# The roles that act on complaints (the web's `Role` values). A manager may take every
# action; governance and admin take none.
OFFICER = "officer"
HANDLER = "handler"
REVIEWER = "reviewer"
MANAGER = "manager"
TEAM = frozenset({OFFICER, MANAGER})  # the complaints team's own work
OWNERS = frozenset({HANDLER, REVIEWER, MANAGER})  # whoever owns the complaint at its stage
EVERYONE = frozenset({OFFICER, HANDLER, REVIEWER, MANAGER})


class Part(StrEnum):
    """The part of the Code an action belongs to; who may act at which stage follows it."""

    INTAKE = "intake"
    CASEWORK = "casework"
    RESPONSE = "response"
    ESCALATION = "escalation"
    DECISION = "decision"  # deciding an escalation request: Stage 2 work
    STAGE_THREE = "stage_three"
    PROGRESS = "progress"
    OMBUDSMAN = "ombudsman"


Check = Callable[[ComplaintState, In, Ctx], object]
Apply = Callable[[ComplaintState, In, Ctx], list[Effect]]


class _LooksAtInput(Exception):
    """The check looked at the action's input or the moment: the state did not refuse it."""


class _Probe:
    """Stands in for the input and the `Ctx`; the first look at either ends the probe."""

    def __getattr__(self, name: str) -> Any:
        raise _LooksAtInput(name)


_PROBE = _Probe()


def refused_by_state(check: Check[Any], state: ComplaintState) -> bool:
    """Whether `check` refuses the action on the complaint's state alone, whatever is asked."""
    try:
        check(state, cast(Any, _PROBE), cast(Ctx, _PROBE))
    except _LooksAtInput:
        return False
    except Refused:
        return True
    return False


@dataclass(frozen=True, eq=False)
class ActionEntry(Generic[In]):
    name: str  # the workflow update; also the web form's address and the API route
    title: str  # what the action does, as a handler would say it
    done: str  # the workflow's answer once it is taken
    model: type[In]  # the update's input (models.messages)
    check: Check[In]  # refuses with a sentence; the update's validator runs it
    apply: Apply[In] | None  # changes the state and returns the effects (None: the workflow's own)
    rules: tuple[str, ...]  # the rule ids it serves
    part: Part
    roles: frozenset[str]  # who may take it (more narrowly: permissions by part and stage)
    when: Callable[[ComplaintState], bool] | None = None  # only where the check cannot tell

    @property
    def rule_ids(self) -> str:
        return ", ".join(self.rules)

    def offered(self, state: ComplaintState) -> bool:
        """Whether the action can be taken on the complaint now, as far as its state says."""
        if self.when is not None and not self.when(state):
            return False
        return not refused_by_state(self.check, state)


def _is_complaint(state: ComplaintState) -> bool:
    """A compliment or comment is only recorded: no one represents it, nothing restricts it."""
    return state.intake.kind == "complaint"


def _open_items(state: ComplaintState) -> bool:
    return any(item.completed_on is None for item in state.tracked.values())


def _cases(state: ComplaintState) -> bool:
    return bool(state.ombudsman_cases)


def _open_enquiries(state: ComplaintState) -> bool:
    return any(e.answered_on is None for case in state.ombudsman_cases for e in case.enquiries)


def _undetermined_cases(state: ComplaintState) -> bool:
    return any(case.determination is None for case in state.ombudsman_cases)


# -- intake and acknowledgement (section 3) ----------------------------------------------

ASSIGN_HANDLER = ActionEntry(
    "assign_handler", "Assign the handler", "Handler assigned", m.AssignHandlerInput,
    intake.check_assign_handler, intake.assign_handler, ("R-S1-2",), Part.INTAKE, TEAM,
)  # fmt: skip
ACCEPT = ActionEntry(
    "accept", "Accept the complaint at Stage 1", "Complaint accepted at Stage 1", m.AcceptInput,
    acceptance.check_accept, acceptance.accept, ("R-ACC-1",), Part.INTAKE, TEAM,
)  # fmt: skip
DECLINE = ActionEntry(
    "decline", "Decline the complaint", "Complaint declined; the resident has been told why",
    m.DeclineInput, acceptance.check_decline, acceptance.decline, ("R-ACC-1", "R-ACC-2"),
    Part.INTAKE, TEAM,
)  # fmt: skip
RESOLVE_EARLY = ActionEntry(
    "resolve_early", "Record a resolution at first contact",
    "Recorded as resolved at first contact", m.ResolveEarlyInput, intake.check_resolve_early,
    intake.resolve_early, ("R-INT-2",), Part.INTAKE, TEAM,
)  # fmt: skip
REOPEN = ActionEntry(
    "reopen", "Make it a Stage 1 complaint", "Now a Stage 1 complaint", m.ReopenInput,
    intake.check_reopen, intake.reopen, ("R-INT-2",), Part.INTAKE, TEAM,
)  # fmt: skip
REQUEST_CLARIFICATION = ActionEntry(
    "request_clarification", "Ask the resident to clarify", "Clarification requested",
    m.RequestClarificationInput, acknowledgement.check_request_clarification,
    acknowledgement.request_clarification, ("R-ACK-2",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
ACKNOWLEDGE = ActionEntry(
    "acknowledge", "Acknowledge the complaint", "Stage 1 acknowledged", m.AcknowledgeInput,
    acknowledgement.check_acknowledge, acknowledgement.acknowledge, ("R-ACK-1",),
    Part.RESPONSE, EVERYONE,
)  # fmt: skip
RECORD_CONSENT = ActionEntry(
    "record_consent", "Record consent for a representative", "Consent recorded",
    m.RecordConsentInput, acknowledgement.check_record_consent, acknowledgement.record_consent,
    ("R-WHO-1", "R-WHO-2"), Part.CASEWORK, EVERYONE, when=_is_complaint,
)  # fmt: skip
RECORD_RESTRICTION = ActionEntry(
    "record_restriction", "Record a contact restriction", "Restriction recorded",
    m.RecordRestrictionInput, acknowledgement.check_record_restriction,
    acknowledgement.record_restriction, ("R-COM-2",), Part.CASEWORK, EVERYONE,
    when=_is_complaint,
)  # fmt: skip

# -- the team's everyday casework (section 14) ---------------------------------------------

RECORD_CONTACT = ActionEntry(
    "record_contact", "Record a note or contact", "Note recorded", m.RecordContactInput,
    casework.check_record_contact, casework.record_contact, ("R-NOTE-1",), Part.CASEWORK,
    EVERYONE,
)  # fmt: skip
RECORD_VULNERABILITY = ActionEntry(
    "record_vulnerability", "Record vulnerability and adjustments",
    "Vulnerability and adjustments recorded", m.RecordVulnerabilityInput,
    casework.check_record_vulnerability, casework.record_vulnerability, ("R-VUL-1",),
    Part.CASEWORK, EVERYONE, when=_is_complaint,
)  # fmt: skip
# Reporting opens the hazard's own workflow first, which only the workflow can do: its
# handler calls `open_hazard`, then applies `hazards.hazard_reported` with the reference.
REPORT_HAZARD = ActionEntry(
    "report_hazard", "Report a hazard in the home", "Hazard reported; its own clock has started",
    ReportHazardInput, hazards.check_report_hazard, None, ("R-HAZ-1", "R-HAZ-7"),
    Part.CASEWORK, EVERYONE,
)  # fmt: skip

# -- the response clock and the response (sections 4 and 6) --------------------------------

EXTEND = ActionEntry(
    "extend", "Extend the response date", "Response date extended", m.ExtendInput,
    extensions.check_extend, extensions.extend, ("R-S1-3", "R-S2-2"), Part.RESPONSE, OWNERS,
)  # fmt: skip
REQUEST_AGREEMENT = ActionEntry(
    "request_agreement", "Ask the resident to agree a later date", "Agreement requested",
    m.RequestAgreementInput, extensions.check_request_agreement, extensions.request_agreement,
    ("R-S1-4",), Part.RESPONSE, OWNERS,
)  # fmt: skip
RECORD_AGREEMENT = ActionEntry(
    "record_agreement", "Record the resident's answer", "Resident's answer recorded",
    m.RecordAgreementInput, extensions.check_record_agreement, extensions.record_agreement,
    ("R-S1-4",), Part.RESPONSE, OWNERS,
)  # fmt: skip
ADD_ISSUE = ActionEntry(
    "add_issue", "Add an issue", "Issue recorded", m.AddIssueInput, responses.check_add_issue,
    responses.add_issue, ("R-S1-5",), Part.RESPONSE, OWNERS,
)  # fmt: skip
SUBMIT_RESPONSE = ActionEntry(
    "submit_response", "Send the stage response", "Response sent", m.SubmitResponseInput,
    responses.check_submit_response, responses.submit_response,
    ("R-S1-6", "R-S2-3", "R-REM-1", "R-REM-2", "R-LRN-1"), Part.RESPONSE, OWNERS,
)  # fmt: skip

# -- withdrawal, duplicates and corrections (section 14), a comment as a complaint (R-DEF-1) --

WITHDRAW = ActionEntry(
    "withdraw", "Record the resident's withdrawal", "Complaint withdrawn; the resident has been "
    "sent a confirmation", m.WithdrawInput, withdrawal.check_withdraw, withdrawal.withdraw,
    ("R-WDR-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
REOPEN_WITHDRAWN = ActionEntry(
    "reopen_withdrawn", "Reopen the withdrawn complaint",
    "Complaint reopened where it was; the resident has been told what comes next",
    m.ReopenWithdrawnInput, withdrawal.check_reopen_withdrawn, withdrawal.reopen_withdrawn,
    ("R-WDR-1",), Part.INTAKE, TEAM,
)  # fmt: skip
# Linking also tells the original complaint, which only the workflow can do: its handler
# signals the original before it applies the rule.
LINK_DUPLICATE = ActionEntry(
    "link_duplicate", "Link as a duplicate of an open complaint",
    "Linked to the original complaint; the resident has been told", m.LinkDuplicateInput,
    duplicates.check_link_duplicate, duplicates.link_duplicate, ("R-DUP-1",), Part.INTAKE, TEAM,
)  # fmt: skip
# A correction naming letters to send again reads them from the record first: its handler
# calls an activity, then applies `rules.handling.resend` rather than this entry's apply.
CORRECT_CONTACT = ActionEntry(
    "correct_contact", "Correct the contact details", "Contact details corrected",
    m.CorrectContactInput, corrections.check_correct_contact, corrections.correct_contact,
    ("R-EDIT-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
CORRECT_SERVICE = ActionEntry(
    "correct_service", "Correct the service area or organisation",
    "Service area or organisation corrected", m.CorrectServiceInput,
    corrections.check_correct_service, corrections.correct_service, ("R-EDIT-1",), Part.CASEWORK,
    EVERYONE, when=_is_complaint,
)  # fmt: skip
TREAT_AS_COMPLAINT = ActionEntry(
    "treat_as_complaint", "Treat this comment as a complaint",
    "Now a complaint with its own reference", m.TreatAsComplaintInput,
    comments.check_treat_as_complaint, comments.treat_as_complaint, ("R-DEF-1",), Part.INTAKE,
    TEAM,
)  # fmt: skip

# -- escalation and the Stage 3 panel (section 6) -------------------------------------------

REQUEST_ESCALATION = ActionEntry(
    "request_escalation", "Record the resident's request to escalate",
    "Escalation request recorded", m.RequestEscalationInput,
    escalation.check_request_escalation, escalation.request_escalation, ("R-ESC-1",),
    Part.ESCALATION, TEAM,
)  # fmt: skip
ASSIGN_REVIEWER = ActionEntry(
    "assign_reviewer", "Assign the Stage 2 reviewer", "Reviewer assigned",
    m.AssignReviewerInput, escalation.check_assign_reviewer, escalation.assign_reviewer,
    ("R-S2-1",), Part.ESCALATION, TEAM,
)  # fmt: skip
DECIDE_ESCALATION = ActionEntry(
    "decide_escalation", "Decide the escalation request", "Escalation decided",
    m.DecideEscalationInput, escalation.check_decide_escalation, escalation.decide_escalation,
    ("R-ESC-2", "R-ESC-3"), Part.DECISION, frozenset({REVIEWER, MANAGER}),
)  # fmt: skip
REQUEST_STAGE_THREE = ActionEntry(
    "request_stage_three", "Record a request for a Stage 3 panel", "Stage 3 panel requested",
    m.RequestStageThreeInput, stage_three.check_request_stage_three,
    stage_three.request_stage_three, ("R-S3-1",), Part.STAGE_THREE, TEAM,
)  # fmt: skip
ARRANGE_PANEL = ActionEntry(
    "arrange_panel", "Arrange the Stage 3 panel", "Panel arranged", m.ArrangePanelInput,
    stage_three.check_arrange_panel, stage_three.arrange_panel, ("R-S3-1",), Part.STAGE_THREE,
    TEAM,
)  # fmt: skip
RECORD_PANEL_MEETING = ActionEntry(
    "record_panel_meeting", "Record the panel meeting", "Panel meeting recorded",
    m.RecordPanelMeetingInput, stage_three.check_record_panel_meeting,
    stage_three.record_panel_meeting, ("R-S3-1",), Part.STAGE_THREE, TEAM,
)  # fmt: skip

# -- aftercare and the ombudsman (sections 5 and 7) ------------------------------------------

# Progress also signals the item's tracker, which only the workflow can do: it has its
# own handler (`ComplaintWorkflow.record_progress`), so no apply function here.
RECORD_PROGRESS = ActionEntry(
    "record_progress", "Record progress on an action", "Progress recorded",
    m.RecordProgressInput, aftercare.check_record_progress, None, ("R-REM-3",), Part.PROGRESS,
    EVERYONE, when=_open_items,
)  # fmt: skip
RECORD_OMBUDSMAN_CASE = ActionEntry(
    "record_ombudsman_case", "Record an ombudsman case", "Ombudsman case recorded",
    m.RecordOmbudsmanCaseInput, aftercare.check_record_ombudsman_case,
    aftercare.record_ombudsman_case, ("R-EXT-2",), Part.OMBUDSMAN, TEAM, when=_is_complaint,
)  # fmt: skip
RECORD_ENQUIRY = ActionEntry(
    "record_enquiry", "Record an ombudsman enquiry", "Enquiry recorded", m.RecordEnquiryInput,
    aftercare.check_record_enquiry, aftercare.record_enquiry, ("R-EXT-2",), Part.OMBUDSMAN,
    TEAM, when=_cases,
)  # fmt: skip
ANSWER_ENQUIRY = ActionEntry(
    "answer_enquiry", "Record an enquiry answered", "Enquiry answered", m.AnswerEnquiryInput,
    aftercare.check_answer_enquiry, aftercare.answer_enquiry, ("R-EXT-2",), Part.OMBUDSMAN,
    TEAM, when=_open_enquiries,
)  # fmt: skip
RECORD_DETERMINATION = ActionEntry(
    "record_determination", "Record the ombudsman's determination", "Determination recorded",
    m.RecordDeterminationInput, aftercare.check_record_determination,
    aftercare.record_determination, ("R-EXT-2",), Part.OMBUDSMAN, TEAM,
    when=_undetermined_cases,
)  # fmt: skip

# -- what the resident does from their own view (section 13) --------------------------------

SEND_INFORMATION = ActionEntry(
    "send_information", "Record more information from the resident", "Information recorded",
    m.SendInformationInput, self_service.check_send_information, self_service.send_information,
    ("R-RES-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
ANSWER_SURVEY = ActionEntry(
    "answer_survey", "Record the resident's survey answer", "Survey answer recorded",
    m.AnswerSurveyInput, self_service.check_answer_survey, self_service.answer_survey,
    ("R-SAT-1", "R-GOV-6"), Part.CASEWORK, TEAM,
)  # fmt: skip

# In the order the complaint page lists them: the order a complaint meets them.
ACTIONS: tuple[ActionEntry[Any], ...] = (
    ASSIGN_HANDLER,
    ACCEPT,
    DECLINE,
    RESOLVE_EARLY,
    REOPEN,
    TREAT_AS_COMPLAINT,
    LINK_DUPLICATE,
    REQUEST_CLARIFICATION,
    ACKNOWLEDGE,
    CORRECT_CONTACT,
    CORRECT_SERVICE,
    RECORD_CONSENT,
    RECORD_RESTRICTION,
    RECORD_CONTACT,
    RECORD_VULNERABILITY,
    REPORT_HAZARD,
    EXTEND,
    REQUEST_AGREEMENT,
    RECORD_AGREEMENT,
    ADD_ISSUE,
    SUBMIT_RESPONSE,
    WITHDRAW,
    REOPEN_WITHDRAWN,
    REQUEST_ESCALATION,
    ASSIGN_REVIEWER,
    DECIDE_ESCALATION,
    REQUEST_STAGE_THREE,
    ARRANGE_PANEL,
    RECORD_PANEL_MEETING,
    RECORD_PROGRESS,
    RECORD_OMBUDSMAN_CASE,
    RECORD_ENQUIRY,
    ANSWER_ENQUIRY,
    RECORD_DETERMINATION,
    SEND_INFORMATION,
    ANSWER_SURVEY,
)
BY_NAME: dict[str, ActionEntry[Any]] = {action.name: action for action in ACTIONS}


# -- an input's simple fields, for the surfaces that make a form or options from a model ----

LONG = 200  # text that may be longer than a name is long text


@dataclass(frozen=True)
class InputField:
    name: str
    kind: str  # text | long_text | date | flag | number
    required: bool
    label: str  # its description, else its name in words


def _plain(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under `X | None` and `Annotated[X, ...]`, with the Annotated metadata."""
    metadata: list[Any] = []
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
    return annotation, metadata


def _kind(name: str, info: FieldInfo) -> str:
    plain, metadata = _plain(info.annotation)
    kinds = {bool: "flag", date: "date", int: "number"}
    if plain in kinds:
        return kinds[plain]
    if plain is str:
        bounds = [m.max_length for m in [*metadata, *info.metadata] if hasattr(m, "max_length")]
        return "long_text" if not bounds or max(bounds) > LONG else "text"
    raise TypeError(f"{name} ({plain}) is no simple field: give the action a form and options")


def input_fields(model: type[BaseModel]) -> tuple[InputField, ...]:
    """What a person fills in for an action (every field but `by`), each of a simple kind.

    A field of another kind (a person, a list) raises TypeError: such an action needs a
    form (`web.actions`) and options (`starter.actions`) written for it."""
    return tuple(
        InputField(
            name,
            _kind(name, info),
            info.is_required(),
            info.description or name.replace("_", " ").capitalize(),
        )
        for name, info in model.model_fields.items()
        if name != "by"
    )


def of_part(*parts: Part) -> frozenset[str]:
    """The names of the actions in these parts of the Code."""
    return frozenset(action.name for action in ACTIONS if action.part in parts)


def for_role(role: str) -> frozenset[str]:
    """The names of the actions `role` may take (on the complaints it may act on)."""
    return frozenset(action.name for action in ACTIONS if role in action.roles)


__all__ = [
    "ACTIONS",
    "BY_NAME",
    "ActionEntry",
    "InputField",
    "Part",
    "for_role",
    "input_fields",
    "of_part",
]
