"""Hazards under Awaab's Law (section 10, R-HAZ-1..7): the regime and a hazard's report,
and how one is opened. A step's input is in `models.hazard_steps`; the hazard's state and
read-model row in `models.hazard_state`.

A hazard is followed by its own workflow (`workflows/hazard.py`, reference
``HAZ-2026-000012``), started from a complaint, the resident's form, the starter or on its
own. Its clocks run beside the complaint's and never wait for it (R-HAZ-7). The regime in
force when the landlord became aware travels in the hazard's input, like a complaint's
policy profile, so a later regime never changes a running hazard.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.calendar import CalendarSnapshot
from models.effects import Recipient
from models.policy import PolicyProfile
from models.text import Address, Description, Summary, Word


class HazardKind(StrEnum):
    """R-HAZ-2, R-HAZ-3: how the hazard was triaged, or found on investigation."""

    EMERGENCY = "emergency"
    SIGNIFICANT = "significant"
    NOT_IN_SCOPE = "not_in_scope"  # out of scope, with the reason


class Finding(StrEnum):
    """R-HAZ-3: what the investigation concluded."""

    EMERGENCY = "emergency"
    SIGNIFICANT = "significant"
    NO_HAZARD = "no_hazard"  # no hazard in scope of the regime


class HazardStep(StrEnum):
    """The step a hazard is waiting for (the ``HazardStep`` search attribute)."""

    TRIAGE = "triage"
    MAKE_SAFE = "make_safe"  # emergency: investigate and make safe within 24 hours
    INVESTIGATE = "investigate"  # significant: investigate within 10 working days
    SUMMARY = "summary"  # written summary within 3 working days of the conclusion
    SAFETY_WORKS = "safety_works"  # within 5 working days of the conclusion
    FURTHER_WORKS = "further_works"  # begun within 5 WD, or started within 12 weeks
    WORKS = "works"  # further works under way: the tenant is kept updated until complete
    COMPLETE = "complete"
    CLOSED = "closed"  # not in scope, or no hazard found


class HazardSource(StrEnum):
    """R-HAZ-1: where the report came from."""

    COMPLAINT = "complaint"
    FORM = "form"  # the damp, mould or danger question of the resident's complaint form
    CALL = "call"
    REPAIR = "repair"
    INSPECTION = "inspection"
    CONTRACTOR = "contractor"
    OTHER = "other"


class HazardTenure(StrEnum):
    """R-HAZ-1: the occupier's tenure; the regime says which are in scope."""

    SOCIAL_TENANCY = "social_tenancy"  # secure, assured, introductory, starter, flexible
    SHARED_OWNERSHIP = "shared_ownership"
    SUPPORTED_HOUSING = "supported_housing"
    HOMELESSNESS_ACCOMMODATION = "homelessness_accommodation"
    LICENCE = "licence"
    LEASEHOLD = "leasehold"


class LateReason(StrEnum):
    """R-HAZ-6: why a step could not happen on time."""

    NO_ACCESS = "no_access"
    TENANT_DECLINED = "tenant_declined"
    MATERIALS = "materials"
    CONTRACTOR = "contractor"
    SPECIALIST_NEEDED = "specialist_needed"
    OTHER = "other"


# ---- the regime: data, versioned by the date it comes into force --------------------


class HazardRegime(BaseModel):
    """One version of the statutory regime (``rules/data/hazard-regimes/<date>.json``).

    ``hazards`` names every hazard type the regime knows (HHSRS ids and their words);
    ``emergency`` and ``significant`` say which of them are in scope as which.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    in_force_from: date
    description: str
    source: str
    hazards: dict[str, str]
    emergency: list[str]
    significant: list[str]
    emergency_hours: int = Field(ge=1)
    investigate_wd: int = Field(ge=1)
    summary_wd: int = Field(ge=1)
    safety_works_wd: int = Field(ge=1)
    further_works_begin_wd: int = Field(ge=1)
    further_works_start_weeks: int = Field(ge=1)
    tenures_in_scope: list[HazardTenure]
    tenures_out_of_scope: dict[HazardTenure, str]  # tenure -> the reason, in words

    @model_validator(mode="after")
    def _known_hazards(self) -> HazardRegime:
        unknown = sorted(set(self.emergency + self.significant) - set(self.hazards))
        if unknown:
            raise ValueError(f"regime {self.name} names unknown hazards: {', '.join(unknown)}")
        both = set(self.tenures_in_scope) & set(self.tenures_out_of_scope)
        if both:
            raise ValueError(f"regime {self.name} has tenures both in and out of scope: {both}")
        return self


# ---- what was reported ---------------------------------------------------------------


class HazardReport(BaseModel):
    """R-HAZ-1: a potential hazard as reported: when we became aware (apart from when it
    was logged), where in the home, who is affected and any vulnerability."""

    hazard: Word  # a hazard id of the regime, e.g. "damp_and_mould"
    description: Description
    location: Summary  # where in the home, e.g. "back bedroom, wall behind the wardrobe"
    aware_at: datetime  # when the landlord became aware: the clock starts here
    affected: Summary  # who is affected, e.g. "two adults and a baby of 6 months"
    vulnerability: Summary | None = None  # e.g. "the baby has asthma"
    tenure: HazardTenure = HazardTenure.SOCIAL_TENANCY
    source: HazardSource = HazardSource.COMPLAINT
    address: Address | None = None
    postcode: Word | None = None


class ReportHazardInput(BaseModel):
    """The complaint's update `report_hazard`: an officer or handler records "a hazard was
    reported"; the complaint starts the hazard's own workflow and records its reference."""

    by: Word = "system"
    hazard: Word
    description: Description
    location: Summary
    aware_at: datetime
    affected: Summary
    vulnerability: Summary | None = None
    tenure: HazardTenure = HazardTenure.SOCIAL_TENANCY


class HazardTenant(BaseModel):
    """Who receives the hazard's letters, and how."""

    name: Word
    recipients: list[Recipient]
    channel: Word = "email"  # email | post
    large_print: bool = False


class StartHazard(BaseModel):
    """The input of `HazardWorkflow`: the report, the regime and the calendar it runs under
    (bank holidays only: closure days never extend a hazard deadline, R-HAZ-1), and the
    complaint profile whose update frequency and office hours it keeps."""

    reference: Word  # HAZ-2026-000012
    organisation: Word
    report: HazardReport
    regime: HazardRegime
    calendar: CalendarSnapshot
    profile: PolicyProfile
    tenant: HazardTenant
    logged_at: datetime
    complaint_reference: Word | None = None
    officer_id: Word | None = None  # who follows the hazard (reminders)
    manager_id: Word | None = None  # told of a missed step
    duty_contact: Word | None = None  # staff id or email told at once of an emergency
    reported_by: Word = "system"


class ReportHazardResult(BaseModel):
    reference: str
    kind: HazardKind | None = None
    step: HazardStep


class HazardOpened(BaseModel):
    """A hazard opened beside a complaint (its `report_hazard`, or the resident's complaint
    form): the complaint keeps its reference and says so on its timeline (R-HAZ-7)."""

    reference: Word  # HAZ-2026-000012
    hazard: Word
    location: Summary
    by: Word = "system"


class OpenHazardInput(BaseModel):
    """Open a hazard: allocate its reference, take the regime in force on the day we became
    aware and the bank-holiday calendar, and start its workflow (``open_hazard``)."""

    report: HazardReport
    organisation: Word
    tenant: HazardTenant
    profile: PolicyProfile
    logged_at: datetime
    complaint_reference: Word | None = None
    officer_id: Word | None = None
    manager_id: Word | None = None
    reported_by: Word = "system"
    key: Word | None = None  # e.g. "CMP-2026-000001:17": a retry opens the same hazard
