"""The Code's vocabulary as enumerations shared by the rules, the workflow and the store."""

from enum import StrEnum


class Kind(StrEnum):
    """What the resident told us: a complaint has deadlines; compliments and comments do not."""

    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    COMMENT = "comment"


class Stage(StrEnum):
    """The Code's stages. There is no "stage 0" (R-INT-2): early resolution is not a stage."""

    STAGE_1 = "stage_1"
    STAGE_2 = "stage_2"
    STAGE_3 = "stage_3"


class Status(StrEnum):
    RECEIVED = "received"  # logged, awaiting the decision to accept or decline
    RESOLVED_EARLY = "resolved_early"  # resolved at first contact with the resident's agreement
    DECLINED = "declined"
    ACCEPTED = "accepted"  # accepted, awaiting acknowledgement
    OPEN = "open"  # acknowledged: the response is being prepared
    CLOSED = "closed"  # responded at its stage; may still be escalated within the window
    ESCALATION_REQUESTED = "escalation_requested"
    PANEL_REQUESTED = "panel_requested"  # Stage 3 requested, panel to be held
    PANEL_HELD = "panel_held"
    RECORDED = "recorded"  # a compliment or comment, thanked and recorded
    WITHDRAWN = "withdrawn"  # R-WDR-1: the resident withdrew it; its deadlines stopped
    DUPLICATE = "duplicate"  # R-DUP-1: a second contact, handled under the original complaint
    COMPLETED = "completed"  # nothing further can happen; the workflow has ended


class Channel(StrEnum):
    """R-CHAN-1: every way a complaint reaches us."""

    TELEPHONE = "telephone"
    IN_PERSON = "in_person"
    EMAIL = "email"
    LETTER = "letter"
    WEB_FORM = "web_form"
    SOCIAL_MEDIA = "social_media"
    THIRD_PARTY = "third_party"
    COUNCILLOR_OR_MP = "councillor_or_mp"


# How a complaint reached us, as a sentence says it: "received by phone".
CHANNEL_WORDS: dict[Channel, str] = {
    Channel.TELEPHONE: "by phone",
    Channel.IN_PERSON: "in person",
    Channel.EMAIL: "by email",
    Channel.LETTER: "by letter",
    Channel.WEB_FORM: "on the web form",
    Channel.SOCIAL_MEDIA: "on social media",
    Channel.THIRD_PARTY: "through a third party",
    Channel.COUNCILLOR_OR_MP: "through a councillor or MP",
}


class ServiceArea(StrEnum):
    """R-SVC-1: the service area decides the route after the landlord's own process."""

    LANDLORD_SERVICES = "landlord_services"
    HOMELESSNESS_ALLOCATIONS = "homelessness_allocations"
    ADULT_SOCIAL_CARE = "adult_social_care"


class Relationship(StrEnum):
    """R-WHO-1: who may complain."""

    CURRENT_RESIDENT = "current_resident"
    POTENTIAL_RESIDENT = "potential_resident"
    FORMER_RESIDENT = "former_resident"
    SERVICE_USER = "service_user"
    FAMILY_MEMBER = "family_member"
    NEIGHBOUR = "neighbour"


class Tenure(StrEnum):
    TENANT = "tenant"
    LEASEHOLDER = "leaseholder"
    NONE = "none"  # e.g. a homeless applicant: Stage 3 is open to them (R-S3-1)


class RepresentativeKind(StrEnum):
    """R-WHO-1: who may act for a resident. Legal representatives are refused."""

    MP = "mp"
    COUNCILLOR = "councillor"
    ADVOCATE = "advocate"
    FAMILY_OR_FRIEND = "family_or_friend"
    OTHER_THIRD_PARTY = "other_third_party"
    LEGAL_REPRESENTATIVE = "legal_representative"


class Exclusion(StrEnum):
    """R-ACC-1: the only reasons a complaint may be declined (Code 2.1 to 2.3)."""

    LATE = "late"
    ALREADY_CONSIDERED = "already_considered"
    FIRST_REQUEST_FOR_SERVICE = "first_request_for_service"
    NEIGHBOUR_DISPUTE_OR_ASB = "neighbour_dispute_or_asb"
    RENT_OR_SERVICE_CHARGE_AMOUNT = "rent_or_service_charge_amount"
    INSURANCE_CLAIM = "insurance_claim"
    LEGAL_ACTION_STARTED = "legal_action_started"
    OTHER_APPEAL_PROCESS = "other_appeal_process"
    NOT_OUR_SERVICE = "not_our_service"
    COMPLAINANT_IS_EMPLOYEE = "complainant_is_employee"
    DECIDED_BY_COURT = "decided_by_court"


EXCLUSION_WORDS: dict[Exclusion, str] = {
    Exclusion.LATE: "the issue happened too long ago to be investigated fairly",
    Exclusion.ALREADY_CONSIDERED: (
        "the issue has already been considered under our complaints policy"
    ),
    Exclusion.FIRST_REQUEST_FOR_SERVICE: (
        "this is a first request for a service, information or an explanation"
    ),
    Exclusion.NEIGHBOUR_DISPUTE_OR_ASB: (
        "it is a neighbour dispute or a report of anti-social behaviour, hate crime or "
        "domestic violence, which we deal with under a separate policy"
    ),
    Exclusion.RENT_OR_SERVICE_CHARGE_AMOUNT: "it is about the amount of rent or service charge",
    Exclusion.INSURANCE_CLAIM: "it is an insurance claim",
    Exclusion.LEGAL_ACTION_STARTED: "legal proceedings have started",
    Exclusion.OTHER_APPEAL_PROCESS: "another appeal or statutory process applies",
    Exclusion.NOT_OUR_SERVICE: "it is about a service we are not responsible for",
    Exclusion.COMPLAINANT_IS_EMPLOYEE: "it is an employment matter",
    Exclusion.DECIDED_BY_COURT: "it has already been decided by a court or tribunal",
}


class Decision(StrEnum):
    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"


class RemedyKind(StrEnum):
    """R-REM-1."""

    APOLOGY = "apology"
    EXPLANATION = "explanation"
    ACTION = "action"
    RECONSIDER_DECISION = "reconsider_decision"
    AMEND_RECORD = "amend_record"
    FINANCIAL = "financial"
    CHANGE_POLICY = "change_policy"


class EscalationRefusal(StrEnum):
    """R-ESC-2: the only reasons an escalation may be refused."""

    NO_STAGE_1_RESPONSE = "no_stage_1_response"
    WINDOW_PASSED = "window_passed"
    NO_REASONS_GIVEN = "no_reasons_given"
    REFUSED_TO_ENGAGE = "refused_to_engage"
    ONLY_NEW_ISSUES = "only_new_issues"
    EXCLUSION = "exclusion"


class Ombudsman(StrEnum):
    HOUSING = "housing_ombudsman"
    LGSCO = "local_government_and_social_care_ombudsman"


class Determination(StrEnum):
    """R-EXT-2."""

    SEVERE_MALADMINISTRATION = "severe_maladministration"
    MALADMINISTRATION = "maladministration"
    SERVICE_FAILURE = "service_failure"
    NO_MALADMINISTRATION = "no_maladministration"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def choices(enum: type[StrEnum]) -> str:
    """The values a handler may give, for refusal messages."""
    return ", ".join(member.value for member in enum)
