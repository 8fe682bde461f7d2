"""The complaint as the workflow holds it: its input, its deadlines and every stage's record.

Everything here travels through Temporal history with the pydantic data converter, so a
replay sees exactly the dates that were computed when the complaint was handled (R-TIME-5).

What people send in (the intake, a stage response, its issues, remedies and actions) holds
its free text in the types of `models.text` (issue 8), and its lists at most
`models.stages.MANY` items. A stage's record and its response are in `models.stages`;
what follows the response (tracked items, ombudsman cases, survey answers) is in
`models.aftercare`.
"""

from datetime import date, datetime, time

from pydantic import BaseModel, Field, model_validator

from models.aftercare import OmbudsmanCase, SurveyAnswer, TrackedItem
from models.calendar import CalendarSnapshot
from models.casework import CaseNote, Vulnerability
from models.closure import Correction, Withdrawal
from models.effects import RecordEffectsInput
from models.enums import Channel, Exclusion, Kind, ServiceArea, Stage, Status
from models.organisation import Organisation
from models.parties import Complainant, ContactRestriction, Representative, StaffMember
from models.policy import PolicyProfile
from models.stages import MANY, EscalationRequest, Issue, Panel, StageRecord
from models.text import Description, Summary, Word


class LogComplaintInput(BaseModel):
    """Everything known when a complaint, compliment or comment is logged (R-INT-1)."""

    reference: Word = Field(pattern=r"^(CMP|CPL|CMT)-[0-9]{4}-[0-9]{6}$")
    kind: Kind = Kind.COMPLAINT
    organisation: Word = ""  # empty: the group's organisation that provides the service
    service_area: ServiceArea = ServiceArea.LANDLORD_SERVICES
    channel: Channel = Channel.WEB_FORM
    first_contact_on: date
    # R-STAFF-1: the local time of first contact, when staff log it, and why first contact
    # is earlier than the day it was logged. The deadlines count from the date alone
    # (R-TIME-2: the day itself never counts, whatever the hour).
    first_contact_at: time | None = None
    first_contact_note: Summary = ""
    complainant: Complainant
    representative: Representative | None = None
    description: Description = Field(min_length=3)
    outcomes_sought: Description = ""
    issue_date: date | None = None  # when the problem happened, for R-ACC-1 "late"
    categories: list[Word] = Field(default=[], max_length=MANY)
    policy_profile: Word = "seed"
    policy_version: int | None = None
    linked_to: Word | None = None  # R-S1-5: a complaint split off another
    handler: StaffMember | None = None
    logged_by: Word = "system"

    @model_validator(mode="after")
    def _reference_matches_kind(self) -> "LogComplaintInput":
        prefix = {Kind.COMPLAINT: "CMP", Kind.COMPLIMENT: "CPL", Kind.COMMENT: "CMT"}[self.kind]
        if not self.reference.startswith(prefix + "-"):
            raise ValueError(
                f"A {self.kind.value}'s reference starts {prefix}-, not {self.reference[:4]}"
            )
        return self


class Deadline(BaseModel):
    """One thing due by a date: a service-standard target (amber) and the Code's limit (red)."""

    key: str
    label: str
    basis: date  # the date the working days are counted from, for R-TIME-4 recomputation
    target_wd: int | None = None  # None when the date was given, not counted
    limit_wd: int | None = None
    target: date
    limit: date
    extended_to: date | None = None
    ceiling: date | None = None  # the latest extension without the resident's agreement
    agreed_to: date | None = None  # a date beyond the ceiling the resident agreed
    met_on: date | None = None
    cancelled: bool = False
    reminded: bool = False
    target_missed: bool = False
    limit_missed: bool = False
    manager_told_target: bool = False
    manager_told_limit: bool = False
    staff_id: str | None = None  # who the reminder goes to

    @property
    def due(self) -> date:
        return self.extended_to or self.limit

    @property
    def is_open(self) -> bool:
        return self.met_on is None and not self.cancelled


class EarlyResolution(BaseModel):
    """R-INT-2: what was done at first contact and the resident's agreement."""

    what_was_done: str
    resident_agreed: bool
    resolved_on: date
    reopened_on: date | None = None
    reopen_reason: str | None = None


class ComplaintState(BaseModel):
    """The whole of one complaint. Pure rules read and change it; the workflow persists it."""

    reference: str
    intake: LogComplaintInput
    profile: PolicyProfile
    calendar: CalendarSnapshot
    organisation: Organisation | None = None  # R-ORG-1
    logged_at: datetime
    stage: Stage = Stage.STAGE_1
    status: Status = Status.RECEIVED
    handler: StaffMember | None = None
    stage_1_staff: list[str] = []  # everyone who handled Stage 1 (R-S2-1)
    reviewer: StaffMember | None = None
    representative: Representative | None = None
    issues: list[Issue] = []
    stages: dict[Stage, StageRecord] = {}
    deadlines: dict[str, Deadline] = {}
    early_resolution: EarlyResolution | None = None
    accepted_on: date | None = None
    late_accepted_because: str | None = None
    declined_for: Exclusion | None = None
    clarification_requested_on: date | None = None
    escalations: list[EscalationRequest] = []
    panel: Panel | None = None
    tracked: dict[str, TrackedItem] = {}
    ombudsman_cases: list[OmbudsmanCase] = []
    linked_complaints: list[str] = []
    hazards: list[str] = []  # R-HAZ-7: the references of the hazards reported with it
    lessons: list[str] = []
    closed_on: date | None = None
    final: bool = False  # the last stage this complaint can reach has responded
    survey_due: date | None = None
    survey_sent_on: date | None = None
    survey_answers: list[SurveyAnswer] = []  # R-SAT-1, R-GOV-6
    retain_until: date | None = None
    restriction: ContactRestriction | None = None  # R-COM-2
    restriction_reviewed: bool = False
    notes: list[CaseNote] = []  # R-NOTE-1: notes and contacts, never edited
    vulnerability: Vulnerability | None = None  # R-VUL-1
    vulnerability_reviewed: bool = False
    withdrawal: Withdrawal | None = None  # R-WDR-1
    duplicate_of: str | None = None  # R-DUP-1: the complaint this second contact joined
    corrections: list[Correction] = []  # R-EDIT-1
    resent: list[int] = []  # R-EDIT-1: letters sent again after a correction, never twice
    treated_as_complaint_on: date | None = None  # R-DEF-1: a comment that became a complaint
    calendar_changes: int = 0
    event_seq: int = 0
    # The record's integrity (see rules.record and store.record): the running digest of
    # every record written, the run's generation (continue-as-new count), and the records
    # the database has not yet taken, kept here until it does.
    record_digest: str = ""
    generation: int = 0
    unrecorded: list[RecordEffectsInput] = []
    record_retries: int = 0
    attention: str | None = None  # why the record is behind: shown to managers and operations

    def deadline(self, key: str) -> Deadline | None:
        return self.deadlines.get(key)

    @property
    def open_deadlines(self) -> list[Deadline]:
        return sorted((d for d in self.deadlines.values() if d.is_open), key=lambda d: d.due)

    @property
    def breached(self) -> bool:
        return any(d.limit_missed for d in self.deadlines.values())

    @property
    def flagged(self) -> bool:
        """R-S1-4: the resident did not agree a date beyond the limit; the complaint is open
        and flagged until it is answered."""
        return any(
            record.agreement_refused and record.responded_on is None
            for record in self.stages.values()
        )

    @property
    def current(self) -> StageRecord | None:
        return self.stages.get(self.stage)
