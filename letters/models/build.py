"""`build_letter`, which turns a letter's stored `fields` into its model, and `read_letter`
and `read_record`, which read a recorded letter back the same way; `LETTER_MODELS` names
every letter type.

The stored fields are the model's parts by name, with the `reference`, `stage`,
`organisation` and R-S1-7 parts of every complaint letter; the letter heading is made
here from the organisation (R-ORG-1) and the recipient. Every failure is a `LetterError`
that names the missing or invalid part in words.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from letters.errors import LetterError, explain, letter_name
from letters.models.casework import (
    CommentReply,
    ComplimentReply,
    DuplicateLinked,
    HandlerChanged,
    SatisfactionSurvey,
    WithdrawalConfirmed,
    WithdrawalReopened,
)
from letters.models.follow_up import (
    ActionCompleted,
    ActionUpdate,
    HazardSummaryLetter,
    HazardUpdate,
)
from letters.models.stages import (
    Acknowledgement,
    AgreementRequest,
    Clarification,
    Decline,
    EscalationRefused,
    Extension,
    Final,
    NoAgreement,
    StageThreePanel,
    StageTwoAcknowledgement,
)
from letters.parts import ResidentLetter
from letters.responses import StageOneResponse, StageThreeResponse, StageTwoResponse
from rules.calendar import local_date

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


def read_record(record: Any, reference: str, *, recipient: Any = None) -> ResidentLetter:
    """A letter as recorded for the complaint `reference` (a ``letters`` row: its `letter`,
    `fields`, `recipients`, `organisation` and `occurred_at`) read back into its model,
    addressed to `recipient`, or when None to its first recipient, and dated the day it was
    recorded."""
    if recipient is None:
        recipient = record.recipients[0] if record.recipients else {"name": ""}
    return read_letter(
        record.letter,
        {**record.fields, "reference": reference},
        organisation=record.organisation,
        recipient=recipient,
        on=local_date(record.occurred_at),
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
