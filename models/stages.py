"""Each stage of a complaint as its record holds it: the issues, the response with the
remedies and outstanding actions it promises (R-S1-6, R-S2-3, R-REM-1, R-REM-2, R-LRN-1),
the extensions of its response date (R-S1-3, R-S1-4), the request to escalate from one
stage to the next (R-ESC-1) and the Stage 3 panel (R-S3-1).

`models.complaint.ComplaintState` holds them: a `StageRecord` per stage reached, the
issues and escalation requests in order.
"""

from datetime import date

from pydantic import BaseModel, Field

from models.enums import Decision, EscalationRefusal, Exclusion, RemedyKind, Stage
from models.parties import StaffMember
from models.text import Description, Letter, Summary, Word

# The most items a person would list in one go: issues, categories, decisions, remedies,
# actions, orders. Far more than any complaint has, and it keeps a message bounded.
MANY = 50


class Issue(BaseModel):
    id: int
    summary: Summary
    added_on: date
    stage: Stage = Stage.STAGE_1
    decision: Decision | None = None
    reasons: Description | None = None


class Compensation(BaseModel):
    """R-REM-2: compensation records its parts, in pounds."""

    statutory: float = Field(default=0, ge=0, allow_inf_nan=False)
    quantifiable_losses: float = Field(default=0, ge=0, allow_inf_nan=False)
    time_and_trouble: float = Field(default=0, ge=0, allow_inf_nan=False)
    distress_and_inconvenience: float = Field(default=0, ge=0, allow_inf_nan=False)

    @property
    def total(self) -> float:
        return round(
            self.statutory
            + self.quantifiable_losses
            + self.time_and_trouble
            + self.distress_and_inconvenience,
            2,
        )


class Remedy(BaseModel):
    kind: RemedyKind
    description: Description = ""
    compensation: Compensation | None = None
    due: date | None = None  # set when the remedy is still to be delivered (R-REM-3)


class OutstandingAction(BaseModel):
    what: Summary = ""
    due: date
    owner: Word | None = None


class IssueDecision(BaseModel):
    issue_id: int
    decision: Decision
    reasons: Description = ""


class StageResponse(BaseModel):
    """R-S1-6 / R-S2-3: what a response must contain; refused without it."""

    definition: Description = ""
    decisions: list[IssueDecision] = Field(max_length=MANY)
    overall: Decision | None = None  # must follow from the decisions; derived when omitted
    reasons: Letter = ""  # citing policy, law or good practice: the body of the letter
    remedies: list[Remedy] = Field(default=[], max_length=MANY)
    actions: list[OutstandingAction] = Field(default=[], max_length=MANY)
    lesson: Description | None = None  # R-LRN-1: required when anything is upheld
    names_staff: bool = False  # R-S1-7: allowed only when the complaint is about them
    complaint_is_about_staff: bool = False
    # R-HAZ-7: what was done about the hazards reported with the complaint; required when
    # it has any.
    hazards_addressed: Description | None = None


class Extension(BaseModel):
    new_due: date
    reason: str
    on: date
    with_agreement: bool = False


class StageRecord(BaseModel):
    stage: Stage
    opened_on: date
    owner: StaffMember | None = None  # handler at Stage 1, reviewer at Stage 2
    acknowledged_on: date | None = None
    definition: str | None = None
    outcomes_sought: str | None = None
    extensions: list[Extension] = []
    agreement_requested: date | None = None  # proposed date beyond the ceiling
    agreement_refused: bool = False  # R-S1-4: flagged, stays open
    response: StageResponse | None = None
    responded_on: date | None = None
    overall: Decision | None = None


class EscalationRequest(BaseModel):
    stage: Stage  # the stage being asked for
    requested_on: date
    reasons: str = ""
    decided_on: date | None = None
    accepted: bool | None = None
    refusal: EscalationRefusal | None = None
    exclusion: Exclusion | None = None
    explanation: str | None = None


class Panel(BaseModel):
    """R-S3-1: a board member, an executive and a head of service not involved before."""

    board_member: StaffMember
    executive: StaffMember
    head_of_service: StaffMember
    meeting_on: date
    complainant_attending: bool = False
    held_on: date | None = None
