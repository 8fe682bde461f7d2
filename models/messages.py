"""One message, one model: the inputs of every handler action and resident event.

Every action names who took it (`by`, a staff id or "resident") for the record (R-REC-1).
Free-text reasons for refusals and exclusions are strings checked by the rules, so an
unknown value is refused with a sentence that lists the valid ones.
"""

from datetime import date

from pydantic import BaseModel

from models.complaint import OutstandingAction, StageResponse
from models.parties import ContactRestriction, Representative, StaffMember


class Action(BaseModel):
    by: str = "system"


class AssignHandlerInput(Action):
    handler: StaffMember


class AcceptInput(Action):
    late_discretion_reason: str | None = None  # R-ACC-1: accepting a late complaint


class DeclineInput(Action):
    reason: str  # an Exclusion value
    detail: str


class ResolveEarlyInput(Action):
    what_was_done: str
    resident_agreed: bool


class ReopenInput(Action):
    reason: str


class RequestClarificationInput(Action):
    questions: str


class AcknowledgeInput(Action):
    definition: str  # our understanding of the complaint
    outcomes_sought: str
    issues: list[str] = []


class ExtendInput(Action):
    new_due: date
    reason: str


class RequestAgreementInput(Action):
    proposed_due: date
    reason: str


class RecordAgreementInput(Action):
    agreed: bool
    agreed_due: date | None = None
    note: str = ""


class AddIssueInput(Action):
    summary: str
    as_new_complaint: bool = False  # R-S1-5: when adding it would unreasonably delay


class SubmitResponseInput(Action):
    response: StageResponse


class RequestEscalationInput(Action):
    by: str = "resident"
    reasons: str = ""


class AssignReviewerInput(Action):
    reviewer: StaffMember


class DecideEscalationInput(Action):
    accept: bool
    refusal: str | None = None  # an EscalationRefusal value when refusing
    exclusion: str | None = None  # an Exclusion value when refusal is "exclusion"
    explanation: str = ""
    exceptional_reason: str | None = None  # accepting after the window has passed
    understanding: str | None = None  # R-ESC-3: what is outstanding, agreed with the resident
    outcomes_sought: str | None = None


class RequestStageThreeInput(Action):
    by: str = "resident"
    reasons: str = ""


class ArrangePanelInput(Action):
    board_member: StaffMember
    executive: StaffMember
    head_of_service: StaffMember
    meeting_on: date
    complainant_attending: bool = False


class RecordPanelMeetingInput(Action):
    held_on: date


class RecordProgressInput(Action):
    item_id: str
    note: str
    completed: bool = False


class RecordOmbudsmanCaseInput(Action):
    ombudsman: str  # an Ombudsman value
    case_reference: str
    referred_on: date


class RecordEnquiryInput(Action):
    case_id: int
    due: date


class AnswerEnquiryInput(Action):
    case_id: int
    enquiry_id: int


class RecordDeterminationInput(Action):
    case_id: int
    determination: str  # a Determination value
    orders: list[OutstandingAction] = []


class RecordConsentInput(Action):
    representative: Representative
    consent_on: date


class RecordRestrictionInput(Action):
    restriction: ContactRestriction


class CalendarChangedInput(BaseModel):
    """R-TIME-4: a bank holiday was announced or a closure configured."""

    reason: str = "calendar changed"


class ActionResult(BaseModel):
    """What every accepted action answers: where the complaint now stands."""

    reference: str
    stage: str
    status: str
    message: str
    next_due: date | None = None
    next_due_label: str | None = None
