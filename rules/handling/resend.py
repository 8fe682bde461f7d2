"""R-EDIT-1: "a letter that could not be delivered is sent again" once the contact details
it lacked are put right.

The handler names the letters by number; the workflow reads them back from the record (only
those marked undeliverable to the resident come back) and hands them here. Each is sent
again as it was written (its type and stored fields), to the corrected resident by their
channel now, as a new letter with its own number, which delivery sends like any other.
"""

from letters.errors import LetterError, letter_name
from letters.models import read_letter
from models.closure import UndeliveredLetter
from models.complaint import ComplaintState
from models.effects import Effect, Event, Letter
from models.messages import CorrectContactInput
from rules.calendar import format_due
from rules.handling.casework import letter_format
from rules.handling.common import Ctx, Refused
from rules.handling.corrections import check_correct_contact, correct_contact, corrected_complainant
from rules.letters import channel, recipients


def correct_and_resend(
    state: ComplaintState, inp: CorrectContactInput, ctx: Ctx, found: list[UndeliveredLetter]
) -> list[Effect]:
    """The contact details put right (`corrections.correct_contact`), then each letter of
    `inp.resend` sent again to them. `found` is what the record holds of those letters that
    could not be delivered; a letter not among them is refused, and nothing changes."""
    check_correct_contact(state, inp, ctx)
    by_seq = {letter.seq: letter for letter in found}
    missing = [seq for seq in inp.resend if seq not in by_seq]
    if missing:
        numbers = ", ".join(str(seq) for seq in missing)
        raise Refused(
            f"Cannot send letter {numbers} again: only a letter that could not be delivered "
            "to the resident is sent again, and the record does not show it undeliverable."
        )
    corrected = state.intake.model_copy(update={"complainant": corrected_complainant(state, inp)})
    _check_writable(state.model_copy(update={"intake": corrected}), ctx, list(by_seq.values()))
    effects = correct_contact(state, inp, ctx)
    letters = [_again(state, by_seq[seq]) for seq in inp.resend]
    state.resent.extend(inp.resend)
    effects.append(
        Event(
            kind="letters_sent_again",
            summary="Sent again to the corrected contact details: "
            + "; ".join(_described(by_seq[seq]) for seq in inp.resend),
            actor=inp.by,
            data={"seqs": list(inp.resend)},
        )
    )
    return effects + letters


def _described(letter: UndeliveredLetter) -> str:
    return (
        f"letter {letter.seq}, the {letter_name(letter.letter)} letter of "
        f"{format_due(letter.recorded_on)}"
    )


def _check_writable(state: ComplaintState, ctx: Ctx, letters: list[UndeliveredLetter]) -> None:
    """Each letter read back for the corrected resident, as delivery will, before anything
    changes: a letter that cannot be written is refused here, not found undeliverable again."""
    resident = recipients(state)[0]
    for letter in letters:
        try:
            read_letter(
                letter.letter,
                letter.fields,
                organisation=state.intake.organisation,
                recipient=resident,
                on=ctx.today,
                check_names=False,
            )
        except LetterError as error:
            raise Refused(f"Cannot send {_described(letter)} again: {error}") from None


def _again(state: ComplaintState, letter: UndeliveredLetter) -> Letter:
    """The letter as it was written, to the resident alone (a representative's copy went, or
    failed, for reasons of their own) by the channel they have now."""
    return Letter(
        letter=letter.letter,
        summary=f"Send {_described(letter)} again",
        fields=letter.fields,
        recipients=[recipients(state)[0]],
        channel=channel(state),
        large_print=letter_format(state)[0],
    )
