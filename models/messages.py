"""One message, one model: the inputs of every handler action and resident event.

Every action names who took it (`by`, a staff id or "resident") for the record (R-REC-1).
Free-text reasons for refusals and exclusions are strings checked by the rules, so an
unknown value is refused with a sentence that lists the valid ones.

Every free-text field is one of the text types of `models.text` (issue 8): control
characters and lone surrogates are refused, and its length bounded, before an action
reaches a workflow (and again when the worker decodes it). Lists are bounded by `MANY`.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field

from models.parties import ContactRestriction, Representative, StaffMember
from models.stages import MANY, OutstandingAction, StageResponse
from models.text import Address, Description, Summary, Word


class Action(BaseModel):
    by: Word = "system"


class AssignHandlerInput(Action):
    handler: StaffMember
    # R-TEAM-1: why a manager moved the complaint to another handler. Given, the resident is
    # told who now deals with it; absent (a first assignment), nothing is sent, as before.
    reason: Summary | None = None


class AcceptInput(Action):
    late_discretion_reason: Summary | None = None  # R-ACC-1: accepting a late complaint


class DeclineInput(Action):
    reason: Word  # an Exclusion value
    detail: Description


class ResolveEarlyInput(Action):
    what_was_done: Description
    resident_agreed: bool


class ReopenInput(Action):
    reason: Summary


class RequestClarificationInput(Action):
    questions: Description


class AcknowledgeInput(Action):
    definition: Description  # our understanding of the complaint
    outcomes_sought: Description
    issues: list[Summary] = Field(default=[], max_length=MANY)


class ExtendInput(Action):
    new_due: date
    reason: Summary


class RequestAgreementInput(Action):
    proposed_due: date
    reason: Summary


class RecordAgreementInput(Action):
    agreed: bool
    agreed_due: date | None = None
    note: Summary = ""


class AddIssueInput(Action):
    summary: Summary
    as_new_complaint: bool = False  # R-S1-5: when adding it would unreasonably delay


class SubmitResponseInput(Action):
    response: StageResponse


class RequestEscalationInput(Action):
    by: Word = "resident"
    reasons: Description = ""


class SendInformationInput(Action):
    """R-RES-1: more information from the resident, with the documents kept beside it."""

    by: Word = "resident"
    information: Description = Field(description="What the resident told us")
    documents: Summary = Field(
        default="", description="The documents sent with it, by name, one to a line"
    )


class AnswerSurveyInput(Action):
    """R-SAT-1, R-GOV-6: the resident's answer to the satisfaction survey."""

    by: Word = "resident"
    satisfaction: int = Field(
        description="Satisfaction with how the complaint was handled, 1 (very dissatisfied) "
        "to 5 (very satisfied)"
    )
    comments: Summary = Field(default="", description="Anything else the resident said")


class AssignReviewerInput(Action):
    reviewer: StaffMember


class DecideEscalationInput(Action):
    accept: bool
    refusal: Word | None = None  # an EscalationRefusal value when refusing
    exclusion: Word | None = None  # an Exclusion value when refusal is "exclusion"
    explanation: Description = ""
    exceptional_reason: Summary | None = None  # accepting after the window has passed
    understanding: Description | None = None  # R-ESC-3: what is outstanding, agreed
    outcomes_sought: Description | None = None


class RequestStageThreeInput(Action):
    by: Word = "resident"
    reasons: Description = ""


class ArrangePanelInput(Action):
    board_member: StaffMember
    executive: StaffMember
    head_of_service: StaffMember
    meeting_on: date
    complainant_attending: bool = False


class RecordPanelMeetingInput(Action):
    held_on: date


class RecordProgressInput(Action):
    item_id: Word
    note: Summary
    completed: bool = False


class RecordOmbudsmanCaseInput(Action):
    ombudsman: Word  # an Ombudsman value
    case_reference: Word
    referred_on: date


class RecordEnquiryInput(Action):
    case_id: int
    due: date


class AnswerEnquiryInput(Action):
    case_id: int
    enquiry_id: int


class RecordDeterminationInput(Action):
    case_id: int
    determination: Word  # a Determination value
    orders: list[OutstandingAction] = Field(default=[], max_length=MANY)


class RecordConsentInput(Action):
    representative: Representative
    consent_on: date


class RecordRestrictionInput(Action):
    restriction: ContactRestriction


class RecordContactInput(Action):
    """R-NOTE-1: a case note, or a contact with the resident, with when it took place."""

    kind: Word = "note"  # a ContactKind value
    summary: Description
    happened_at: datetime | None = None  # None: now
    corrects: int | None = None  # the note this one corrects
    author: Word = ""  # the name of who recorded it


class RecordVulnerabilityInput(Action):
    """R-VUL-1: the resident's circumstances, the adjustments agreed and a review date."""

    circumstances: Summary
    adjustments: list[Word] = Field(default=[], max_length=MANY)  # Adjustment values
    other_adjustments: Summary = ""
    named_contact: Word | None = None
    review_on: date
    author: Word = ""


class WithdrawInput(Action):
    """R-WDR-1: the resident withdraws the complaint."""

    how: Word  # a Channel value: how the resident told us
    withdrawn_on: date  # the day the resident told us
    reason: Summary = ""  # the resident's reason, if they gave one


class ReopenWithdrawnInput(Action):
    """R-WDR-1: the resident takes a withdrawn complaint up again, before its reopen-by date."""

    reason: Summary  # what the resident told us, and how


class LinkDuplicateInput(Action):
    """R-DUP-1: this contact is about a complaint already open; it joins that one."""

    original: Word  # the reference of the complaint already open
    note: Summary = ""


class CorrectContactInput(Action):
    """R-EDIT-1: the complainant's contact details put right; an empty value is unchanged."""

    reason: Summary
    name: Word | None = None
    email: Word | None = None
    phone: Word | None = None
    address: Address | None = None
    postcode: Word | None = None
    # The letters (by number) that could not be delivered for want of these details, sent
    # again to the corrected ones.
    resend: list[int] = Field(default=[], max_length=MANY)


class CorrectServiceInput(Action):
    """R-EDIT-1: the service area or the organisation put right; empty is unchanged."""

    reason: Summary
    service_area: Word | None = None  # a ServiceArea value
    organisation: Word | None = None  # an organisation's id


class TreatAsComplaintInput(Action):
    """R-DEF-1: a comment that expresses dissatisfaction is a complaint."""

    reason: Summary  # the dissatisfaction the comment expresses


class CalendarChangedInput(BaseModel):
    """R-TIME-4: a bank holiday was announced or a closure configured."""

    reason: Summary = "calendar changed"


class ActionResult(BaseModel):
    """What every accepted action answers: where the complaint now stands."""

    reference: str
    stage: str
    status: str
    message: str
    next_due: date | None = None
    next_due_label: str | None = None
