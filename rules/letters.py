"""Letters as the rules write them: which letter, with which parts, to whom and how.

A rule builds its letter here with the letter's own model (`letters.models`): `compose`
validates the parts for every recipient exactly as delivery will read them back, so a
letter without a part the Code requires fails the rule that writes it (and the rule's
test), never the delivery. Who receives a letter (R-WHO-2), by which channel (R-COM-1,
R-COM-2) and whose names it must not print (R-S1-7) are decided here too, from the
complaint's state alone; the workflow only numbers the letter and records it.

R-S1-7 itself, a staff name in what the handler wrote, is refused by the letter model when
the letter is delivered, as it always was: a rule cannot refuse an action it has already
applied, and a refusal here would change what earlier complaints replay.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from letters.errors import LetterError, letter_name
from letters.models import ActionCompleted, ActionUpdate, read_letter
from letters.parts import ResidentLetter
from letters.responses import StageOneResponse, StageResponse, StageThreeResponse, StageTwoResponse
from models.complaint import ComplaintState
from models.effects import Letter, Recipient
from models.enums import Stage
from rules.handling.casework import letter_format, letters_by_post
from rules.handling.common import STAGE_WORDS, Ctx
from rules.staff_names import complaint_is_about_staff, staff_on

# The parts every complaint letter carries besides its own, first in its stored fields.
COMPLAINT_PARTS = ("reference", "stage", "organisation", "staff_names", "complaint_is_about_staff")

RESPONSE_LETTERS: dict[Stage, type[StageResponse]] = {
    Stage.STAGE_1: StageOneResponse,
    Stage.STAGE_2: StageTwoResponse,
    Stage.STAGE_3: StageThreeResponse,
}


def recipients(state: ComplaintState) -> list[Recipient]:
    """The complainant, and a representative once consent is recorded (R-WHO-2)."""
    person = state.intake.complainant
    found = [
        Recipient(
            name=person.name, email=person.email, address=person.address, postcode=person.postcode
        )
    ]
    rep = state.representative or state.intake.representative
    if rep is not None and rep.has_consent:
        found.append(
            Recipient(name=rep.name, email=rep.email, address=rep.address, role="representative")
        )
    return found


def channel(state: ComplaintState) -> str:
    """The resident's preferred channel (R-COM-1), or the one channel a contact restriction
    allows while it lasts (R-COM-2)."""
    restriction = state.restriction
    if restriction is not None and restriction.channel is not None:
        return restriction.channel
    if letters_by_post(state):  # R-VUL-1: an adjustment agreed with the resident
        return "post"
    return state.intake.complainant.preferences.channel


def channel_for(recipient: Recipient, letter_channel: str) -> str:
    """How one recipient gets a letter sent by `letter_channel`: the resident by it
    (R-COM-1, R-COM-2); a representative by email when they gave an address, else by post
    (R-WHO-2: a restriction or preference is the resident's, not theirs)."""
    if recipient.role == "representative":
        return "email" if recipient.email else "post"
    return letter_channel


def compose(
    kind: type[ResidentLetter], state: ComplaintState, ctx: Ctx, summary: str, **parts: Any
) -> Letter:
    """The letter `kind` with its `parts` (the model's fields, by name), to the complaint's
    recipients. Raises `LetterError` for a part the model does not have, or a letter the
    model refuses (a part the Code requires is missing or wrong)."""
    _known(kind, parts)
    organisation = state.organisation
    fields: dict[str, Any] = {
        "reference": state.reference,
        "stage": STAGE_WORDS[state.stage],
        "organisation": organisation.model_dump(mode="json") if organisation else None,
        # R-S1-7: the letter is refused if it prints one of these names, unless the
        # complaint is about them.
        "staff_names": staff_on(state),
        "complaint_is_about_staff": complaint_is_about_staff(state),
        **parts,
    }
    to = recipients(state)
    _writable(kind, fields, state.intake.organisation, to, ctx.today)
    return Letter(
        letter=kind.letter_type,
        summary=summary,
        fields=fields,
        recipients=to,
        channel=channel(state),
        large_print=letter_format(state)[0],  # a preference, or an R-VUL-1 adjustment
    )


def action_letter(
    kind: type[ActionUpdate] | type[ActionCompleted],
    *,
    reference: str,
    organisation: str,
    recipients: list[Recipient],
    on: date,
    **parts: Any,
) -> dict[str, Any]:
    """R-REM-3: the stored fields of an action tracker's letter about the remedy or action
    it follows, checked the same way as `compose` (a tracker holds no complaint state: the
    organisation is its id, the recipients those the complaint gave it)."""
    _known(kind, parts)
    fields = {"reference": reference, **parts}
    _writable(kind, fields, organisation, recipients, on)
    return fields


def _known(kind: type[ResidentLetter], parts: Mapping[str, Any]) -> None:
    unknown = sorted(set(parts) - set(kind.model_fields))
    if unknown:
        raise LetterError(
            f"The {letter_name(kind.letter_type)} letter has no part called {', '.join(unknown)}.",
            letter_type=kind.letter_type,
            parts=tuple(unknown),
        )


def _writable(
    kind: type[ResidentLetter],
    fields: Mapping[str, Any],
    organisation: str,
    to: list[Recipient],
    on: date,
) -> None:
    """Read the letter back for each recipient as delivery will, or raise `LetterError`."""
    for recipient in to:
        read_letter(
            kind.letter_type,
            fields,
            organisation=organisation,
            recipient=recipient,
            on=on,
            check_names=False,
        )
