"""Letters as the complaints team found them wanting (issue 15): the postcode in the address
block, the Stage 2 response naming the Stage 1 actions still open and saying whether its
compensation comes on top of Stage 1's, and email subjects in words."""

from __future__ import annotations

from typing import Any

import pytest

from delivery.routing import email_subject
from models.effects import Recipient
from tests.letters.reading import written
from tests.letters.samples import FIELDS, REFERENCE

OPEN_AT_STAGE_1 = [
    {"what": "Fit a new extractor fan in the bathroom", "due": "2026-03-27"},
    {"what": "Treat the mould in the back bedroom", "due": "2026-04-03"},
]


def stage_2(**changes: Any) -> dict[str, Any]:
    return FIELDS["stage_2_response"] | changes


@pytest.mark.parametrize(
    ("address", "postcode"),
    [
        ("Flat 4, 12 Mill Lane, Leeds", "LS6 2AB"),
        ("Flat 4, 12 Mill Lane, Leeds, LS6 2AB", "LS6 2AB"),  # given twice: printed once
        (None, "LS6 2AB"),
    ],
)
def test_the_address_block_ends_with_the_postcode(address: str | None, postcode: str) -> None:
    resident = Recipient(name="Alex Morgan", address=address, postcode=postcode)
    for text in written("acknowledgement", recipient=resident):
        block = text.split("Our reference")[0].split("Alex Morgan", 1)[1]
        assert block.count(postcode) == 1, block
        if address:
            assert block.index("Mill Lane") < block.index("Leeds") < block.index(postcode)


def test_the_stage_2_response_names_the_stage_1_actions_still_open() -> None:
    for text in written(
        "stage_2_response", fields=stage_2(actions=[], earlier_actions=OPEN_AT_STAGE_1)
    ):
        assert "There is nothing further we need to do" not in text
        assert "We have not yet finished what we promised in our earlier response" in text
        assert "Fit a new extractor fan in the bathroom: by Friday 27 March 2026" in text
        assert "Treat the mould in the back bedroom: by Friday 3 April 2026" in text


def test_the_stage_2_response_says_nothing_is_left_only_when_nothing_is() -> None:
    for text in written("stage_2_response", fields=stage_2(actions=[], earlier_actions=[])):
        assert "There is nothing further we need to do" in text


def test_the_stage_2_response_says_its_compensation_is_on_top_of_stage_1s() -> None:
    # The sample awards £285.50 at Stage 2; Stage 1 awarded £100.
    for text in written("stage_2_response", fields=stage_2(earlier_compensation=100)):
        assert "in addition to the £100.00 we offered in our earlier response" in text, text
        assert "in total we will pay you £385.50" in text


def test_the_stage_2_response_says_stage_1_compensation_stands_when_it_adds_none() -> None:
    no_money = [r for r in FIELDS["stage_2_response"]["remedies"] if not r.get("compensation")]
    fields = stage_2(remedies=no_money, earlier_compensation=100)
    for text in written("stage_2_response", fields=fields):
        assert "The £100.00 compensation we offered in our earlier response still stands" in text


@pytest.mark.parametrize(
    ("kind", "reference", "subject"),
    [
        ("stage_2_response", REFERENCE, f"Your complaint {REFERENCE}: our decision at Stage 2"),
        ("decline", REFERENCE, f"Your complaint {REFERENCE}: why we cannot take it on"),
        ("acknowledgement", REFERENCE, f"Your complaint {REFERENCE}: we have received it"),
        ("compliment_reply", "CPL-2026-000009", "Your compliment CPL-2026-000009: thank you"),
        ("withdrawal", REFERENCE, f"Your complaint {REFERENCE}: you have withdrawn it"),
    ],
)
def test_email_subjects_say_in_words_what_the_letter_is(
    kind: str, reference: str, subject: str
) -> None:
    letter_subject = "You have withdrawn it" if kind == "withdrawal" else "Ignored"
    assert email_subject(kind, reference, letter_subject) == subject
    assert "letter" not in subject
