"""One model per letter the complaint workflow sends, each unable to exist without the parts
the Code requires, and `build_letter`, which turns a letter's stored `fields` into one.

The rules build every letter (`rules.letters.compose` for the complaint's letters,
`rules.letters.action_letter` for an action tracker's), so a letter without a part fails
the rule that writes it; the stored fields are the model's parts by name, with the
`reference`, `stage`, `organisation` and R-S1-7 parts of every complaint letter. Delivery
and the complaint page read a recorded letter back with `read_letter`.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError, model_validator

from letters.errors import LetterError, explain, letter_name, missing_part
from letters.parts import Contact, OmbudsmanContact, ResidentLetter, Text
from letters.responses import StageOneResponse, StageThreeResponse, StageTwoResponse


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
    """R-S1-3 / R-S2-2: the reason for more time and the new date."""

    letter_type = "extension"
    SUBJECT = "We need more time to respond to your complaint"
    stage: Text
    reason: Text
    new_due: date
    previous_due: date | None = None


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


class SatisfactionSurvey(ResidentLetter):
    """R-SAT-1: how did we handle your complaint?"""

    letter_type = "satisfaction_survey"
    SUBJECT = "How did we handle your complaint?"
    survey_url: str | None = None


class ComplimentReply(ResidentLetter):
    """R-DEF-1: compliments and comments are thanked."""

    letter_type = "compliment_reply"
    SUBJECT = "Thank you for your {kind}"

    @property
    def kind(self) -> str:
        prefix = self.head.reference[:3]
        return {"CPL": "compliment", "CMT": "comments"}.get(prefix, "feedback")

    @property
    def subject(self) -> str:
        return self.SUBJECT.format(kind=self.kind)


class CommentReply(ResidentLetter):
    """R-DEF-1: a comment is thanked (a compliment has its own reply)."""

    letter_type = "comment_reply"
    SUBJECT = "Thank you for your comments"


class WithdrawalConfirmed(ResidentLetter):
    """R-WDR-1: the withdrawal confirmed, how and when the resident told us, and how to
    take the complaint up again."""

    letter_type = "withdrawal"
    SUBJECT = "You have withdrawn your complaint"
    withdrawn_on: date
    how: Text  # "by phone"
    reopen_by: date


class WithdrawalReopened(ResidentLetter):
    """R-WDR-1: a withdrawn complaint taken up again where it was, with what comes next and
    by when, counted afresh from the day it was reopened."""

    letter_type = "reopened"
    SUBJECT = "We have reopened your complaint"
    reopened_on: date
    next_step: Text | None = None  # "respond to your complaint"
    next_due: date | None = None


class DuplicateLinked(ResidentLetter):
    """R-DUP-1: a second contact joins the complaint already open, under its reference; not
    a refusal, so no ombudsman's rights here (those come with the original's letters)."""

    letter_type = "duplicate_linked"
    SUBJECT = "We have added your message to your complaint {original}"
    original: Text

    @property
    def subject(self) -> str:
        return self.SUBJECT.format(original=self.original)


class TrackedAction(ResidentLetter):
    """A remedy or action followed to completion; the tracker names a remedy "remedy: ..."."""

    what: Text

    @property
    def promise(self) -> str:
        words = self.what.removeprefix("remedy:").strip().rstrip(".")
        return words[:1].upper() + words[1:]


class ActionUpdate(TrackedAction):
    """R-REM-3: the resident hears how an outstanding action is going."""

    letter_type = "action_update"
    SUBJECT = "An update on what we promised to do"
    due: date
    progress: Text


class ActionCompleted(TrackedAction):
    """R-REM-3: the action is done."""

    letter_type = "action_completed"
    SUBJECT = "We have done what we promised"
    completed_on: date


class HandlerChanged(ResidentLetter):
    """R-TEAM-1: the complaint has a new handler; who now deals with it and how to contact
    them (a role and direct details, never a name: R-S1-7)."""

    letter_type = "handler_changed"
    SUBJECT = "Who is dealing with your complaint"
    CONTACT_ROLE: ClassVar[str] = "Your complaint handler"
    contact: Contact


class WorkPlanned(BaseModel):
    what: Text
    by: date


class HazardSummaryLetter(ResidentLetter):
    """R-HAZ-4: the written summary of a hazard investigation: what was found, the hazard
    and its risk, the works planned with their dates (or why none are needed), and how to
    contact us. A summary without one of them cannot exist."""

    letter_type = "hazard_summary"
    SUBJECT = "What we found when we investigated the hazard in your home"
    what_was_found: Text
    hazard_and_risk: Text
    works: list[WorkPlanned] = []
    no_works_reason: str = ""
    how_to_contact: Text

    @model_validator(mode="after")
    def _works_or_why_not(self) -> "HazardSummaryLetter":
        if not self.works and not self.no_works_reason.strip():
            raise missing_part("the works planned with their dates, or why none are needed")
        return self


class HazardUpdate(ResidentLetter):
    """R-HAZ-5: the tenant is kept updated until the works are complete."""

    letter_type = "hazard_update"
    SUBJECT = "An update on the hazard in your home"
    hazard: Text
    progress: Text
    next_step: Text


Letter = (
    Acknowledgement
    | Decline
    | Clarification
    | Extension
    | AgreementRequest
    | NoAgreement
    | StageOneResponse
    | StageTwoResponse
    | StageThreeResponse
    | Final
    | EscalationRefused
    | StageTwoAcknowledgement
    | StageThreePanel
    | SatisfactionSurvey
    | ComplimentReply
    | CommentReply
    | WithdrawalConfirmed
    | WithdrawalReopened
    | DuplicateLinked
    | HandlerChanged
    | ActionUpdate
    | ActionCompleted
    | HazardSummaryLetter
    | HazardUpdate
)
LETTER_MODELS: dict[str, type[ResidentLetter]] = {
    model.letter_type: model
    for model in Letter.__args__  # type: ignore[attr-defined]
}
HEAD_FROM_ORGANISATION = ("letter_heading", "address", "phone", "email", "website")


def _as_dict(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return dict(value)
    return None


def _organisation(value: Any, letter_type: str) -> dict[str, Any]:
    """R-ORG-1: the organisation as a model, a dict (as in `fields`) or its id."""
    if isinstance(value, str) and value:
        from rules.organisations import organisations

        if value not in organisations():
            raise LetterError(
                f"The {letter_name(letter_type)} letter is from '{value}', which is not one "
                "of our organisations.",
                letter_type=letter_type,
                parts=("head",),
            )
        value = organisations()[value]
    found = _as_dict(value)
    if not found:
        raise LetterError(
            f"The {letter_name(letter_type)} letter needs the organisation's name and contact "
            "details (R-ORG-1).",
            letter_type=letter_type,
            parts=("head",),
        )
    return found


def read_letter(
    letter_type: str,
    fields: Mapping[str, Any],
    *,
    organisation: str,
    recipient: Any,
    on: date,
    check_names: bool = True,
) -> ResidentLetter:
    """A recorded letter read back into its model, as the rules built it: the stored
    `fields` (the `letters.fields` column, `SendLetterInput.fields`) of a letter from the
    organisation `organisation` (its id, used when the fields carry no organisation, as
    an action tracker's do), addressed to `recipient` and dated `on`."""
    return build_letter(
        letter_type,
        fields,
        recipient=recipient,
        organisation=fields.get("organisation") or organisation,
        on=on,
        check_names=check_names,
    )


def build_letter(
    letter_type: str,
    fields: Mapping[str, Any],
    *,
    recipient: Any,
    organisation: Any = None,
    on: date,
    check_names: bool = True,
) -> ResidentLetter:
    """The letter `letter_type` from the workflow's `fields`, addressed to `recipient` (a
    `Recipient` or a dict with name and address) and dated `on`. `organisation` is an
    `Organisation`, a dict or an id; when None, `fields["organisation"]` is used.
    `check_names=False` leaves out the R-S1-7 search for staff names in the text.

    Raises `LetterError`, naming the missing or invalid part in words, for an unknown
    letter type or a letter without a part the Code requires.
    """
    model = LETTER_MODELS.get(letter_type)
    if model is None:
        raise LetterError(
            f"There is no letter called '{letter_type}'. The letters are: "
            f"{', '.join(sorted(LETTER_MODELS))}.",
            letter_type=letter_type,
        )
    if not isinstance(fields, Mapping):
        raise LetterError(
            f"The {letter_name(letter_type)} letter needs its fields as a mapping.",
            letter_type=letter_type,
        )
    org = _organisation(
        organisation if organisation is not None else fields.get("organisation"), letter_type
    )
    person = _as_dict(recipient) or {}
    head = {key: org.get(key) for key in HEAD_FROM_ORGANISATION}
    head |= {
        "organisation_name": org.get("name"),
        "date": on,
        "reference": fields.get("reference"),
        "recipient_name": person.get("name"),
        "recipient_address": person.get("address"),
        "recipient_postcode": person.get("postcode"),
        "recipient_is_representative": person.get("role") == "representative",
    }
    data = {key: value for key, value in fields.items() if key not in ("reference", "organisation")}
    try:
        return model.model_validate({**data, "head": head}, context={"check_names": check_names})
    except ValidationError as error:
        raise explain(letter_type, error) from None
