"""R-EDIT-1, the pure rule: letters that could not be delivered are sent again, once, to the
corrected contact details, as they were written; on fixed dates."""

from datetime import date

import pytest

from letters.models import DuplicateLinked
from models.closure import UndeliveredLetter
from models.effects import Letter
from models.messages import CorrectContactInput
from rules.handling import corrections, resend
from rules.handling.common import Refused
from rules.letters import compose
from tests.unit.test_rules_intake import acknowledged, at, events

TUESDAY = date(2026, 3, 3)
NEW = "alex.m@example.org"


def undelivered(state, seq: int = 3) -> UndeliveredLetter:
    """A letter as the record holds it, marked undeliverable to the resident."""
    letter = compose(
        DuplicateLinked, state, at(TUESDAY), "Tell the resident", original="CMP-2026-000123"
    )
    return UndeliveredLetter(
        seq=seq,
        letter=letter.letter,
        fields=letter.fields,
        problem="Not sent: there is no email address for Alex Morgan.",
        recorded_on=date(2026, 3, 2),
    )


def correcting(*seqs: int) -> CorrectContactInput:
    return CorrectContactInput(by="o.ahmed", reason="Given by phone", email=NEW, resend=list(seqs))


def test_r_edit_1_a_letter_that_could_not_be_delivered_goes_again_to_the_corrected_address():
    state = acknowledged()
    stored = undelivered(state)
    effects = resend.correct_and_resend(state, correcting(3), at(TUESDAY), [stored])

    [letter] = [e for e in effects if isinstance(e, Letter)]
    assert (letter.letter, letter.fields) == (stored.letter, stored.fields)
    assert [(r.email, r.role) for r in letter.recipients] == [(NEW, "complainant")]
    assert letter.channel == "email"
    assert state.resent == [3] and state.intake.complainant.email == NEW
    (event,) = events(effects, "letters_sent_again")
    assert event.data == {"seqs": [3]}
    assert event.summary.endswith("letter 3, the duplicate linked letter of Mon 2 Mar 2026")
    assert events(effects, "corrected")


@pytest.mark.parametrize(
    ("resent", "seqs", "says"),
    [
        ([], [3, 4], "Cannot send letter 4 again"),
        ([], [3, 3], "Name each letter to send again once"),
        ([3], [3], "not sent again twice"),
    ],
    ids=["not undeliverable", "named twice", "sent again already"],
)
def test_r_edit_1_a_letter_is_sent_again_only_if_undeliverable_and_only_once(
    resent, seqs, says
) -> None:
    state = acknowledged()
    state.resent = list(resent)
    before = state.model_dump()
    with pytest.raises(Refused, match=says):
        resend.correct_and_resend(state, correcting(*seqs), at(TUESDAY), [undelivered(state)])
    assert state.model_dump() == before


def test_r_edit_1_a_repeat_is_refused_by_the_check_before_the_record_is_read() -> None:
    state = acknowledged()
    state.resent = [3]
    with pytest.raises(Refused, match="Letter 3 was sent again"):
        corrections.check_correct_contact(state, correcting(3), at(TUESDAY))
