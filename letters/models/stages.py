"""The letters of a complaint's course through its stages, from the acknowledgement to the
final letter (the stage responses themselves are in `letters.responses`).

`WithOmbudsman` is the base of every letter that gives the resident the right to take the
matter to the ombudsman: a decline (R-ACC-2), no agreement to a later date (R-S1-4), a
refused escalation (R-ESC-2) and the final letter (R-EXT-1). Each model cannot exist
without the parts the Code requires for its letter.
"""

from datetime import date
from typing import ClassVar

from pydantic import model_validator

from letters.errors import missing_part
from letters.parts import Contact, OmbudsmanContact, ResidentLetter, Text


class WithOmbudsman(ResidentLetter):
    """A letter that gives the ombudsman's name and how to reach them (R-ACC-2, R-S1-4,
    R-ESC-2, R-EXT-1)."""

    ombudsman: str | None = None  # "the Housing Ombudsman Service"
    ombudsman_contact: OmbudsmanContact

    @property
    def ombudsman_name(self) -> str:
        return self.ombudsman or f"the {self.ombudsman_contact.name}"


class Acknowledgement(ResidentLetter):
    """R-ACK-1: our understanding, the outcomes sought, the reference, who is dealing with
    it and how to contact them, the response date, and (landlord services) the right to
    contact the Housing Ombudsman at any time."""

    letter_type = "acknowledgement"
    SUBJECT = "We have received your complaint"
    CONTACT_ROLE: ClassVar[str] = "Your complaint handler"

    definition: Text
    outcomes_sought: Text
    issues: list[Text] = []
    contact: Contact
    response_due: date
    ombudsman: str | None = None
    ombudsman_contact: OmbudsmanContact | None = None
    ombudsman_any_time: bool = False

    @model_validator(mode="after")
    def _ombudsman_right(self) -> "Acknowledgement":
        if self.ombudsman_any_time and self.ombudsman_contact is None:
            raise missing_part(
                "the Housing Ombudsman Service's contact details, which the resident may use "
                "at any time"
            )
        return self


class Decline(WithOmbudsman):
    """R-ACC-2: the detailed reason and the right to take the decision to the ombudsman."""

    letter_type = "decline"
    SUBJECT = "Our decision about your complaint"
    reason: Text
    detail: Text


class Clarification(ResidentLetter):
    """R-ACK-2: the resident is asked to clarify what is unclear."""

    letter_type = "clarification"
    SUBJECT = "Please help us understand your complaint"
    questions: Text


class Extension(ResidentLetter):
    """R-S1-3 / R-S2-2: the reason for more time and the new date, with the ombudsman's
    contact details (Code 2024 6.5 and 6.16: a resident told of an extension is given
    them). The rules always give them; a letter recorded before they were part of it reads
    back without them."""

    letter_type = "extension"
    SUBJECT = "We need more time to respond to your complaint"
    stage: Text
    reason: Text
    new_due: date
    previous_due: date | None = None
    ombudsman: str | None = None  # "the Housing Ombudsman Service"
    ombudsman_contact: OmbudsmanContact | None = None

    @property
    def ombudsman_name(self) -> str | None:
        if self.ombudsman_contact is None:
            return None
        return self.ombudsman or f"the {self.ombudsman_contact.name}"


class AgreementRequest(ResidentLetter):
    """R-S1-4: a date beyond the limit only with the resident's agreement."""

    letter_type = "agreement_request"
    SUBJECT = "Can we agree a later date for our {stage} response?"
    stage: Text
    proposed_due: date
    reason: Text


class NoAgreement(WithOmbudsman):
    """R-S1-4: no agreement, so the ombudsman's details to challenge the plan."""

    letter_type = "no_agreement"
    SUBJECT = "Your complaint: our {stage} response date"
    stage: Text
    due: date


class Final(WithOmbudsman):
    """R-EXT-1: the end of our process; the ombudsman and how to reach them."""

    letter_type = "final"
    SUBJECT = "Your complaint has completed our complaints process"


class EscalationRefused(WithOmbudsman):
    """R-ESC-2: the listed reason and the right to go to the ombudsman."""

    letter_type = "escalation_refused"
    SUBJECT = "Your request to take your complaint to Stage 2"
    reason: Text
    explanation: Text


class StageTwoAcknowledgement(ResidentLetter):
    """R-ESC-3: what is outstanding, the outcomes sought, the reviewer's contact, due date."""

    letter_type = "stage_2_acknowledgement"
    SUBJECT = "Your complaint is now at Stage 2"
    CONTACT_ROLE: ClassVar[str] = "Your Stage 2 reviewer"
    understanding: Text
    outcomes_sought: Text
    contact: Contact
    response_due: date


class StageThreePanel(ResidentLetter):
    """R-S3-1: the panel's date; the complainant may attend."""

    letter_type = "stage_3_panel"
    SUBJECT = "Your Stage 3 panel meeting"
    meeting_on: date
    may_attend: bool = True
