"""The text types of `models.text`: what free text any model accepts (issue 8, "Input
hygiene at one place"; STYLE 15).

The findings they answer: (1) a NUL in a description or a name wedged a complaint, because
PostgreSQL cannot hold it; (2) a 3 MB issue summary passed Temporal's payload limit; (3)
three 900 KB fields did the same for a whole complaint; (4) NUL or a lone surrogate gave a
500 wherever text came in.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from models.text import (
    ADDRESS,
    DESCRIPTION,
    LETTER,
    SUMMARY,
    WORD,
    Address,
    Description,
    Letter,
    Summary,
    Word,
    text_problem,
    too_long,
)
from tests.text_fields import EMAIL_BOUND, list_bounds, readable, text_slots

# (what, the text, the problem's words or None when it can be kept)
TEXTS = [
    ("plain words are kept", "The boiler has not worked for three weeks.", None),
    ("an empty text is kept (required fields say so themselves)", "", None),
    ("newlines, carriage returns and tabs are kept", "Line one\r\nLine two\n\tindented", None),
    ("Welsh and accented letters are kept", "Mae'r boeler wedi torri; ŵ ŷ é ñ", None),
    ("right-to-left text is kept", "المرجل معطل", None),
    ("emoji outside the basic plane are kept", "Boiler 🔥 broken 🏠", None),
    ("a zero-width joiner (a format character) is kept", "👩\u200d👧", None),
    ("the last code point is kept", "\U0010ffff", None),
    ("finding 1: a NUL is refused", "Boiler\x00broken", "null character"),
    ("finding 1: a NUL alone is refused", "\x00", "null character"),
    ("finding 4: a lone high surrogate is refused", "Name \ud800", "lone surrogate"),
    ("finding 4: a lone low surrogate is refused", "\udfff", "lone surrogate"),
    ("an escape character is refused", "Red \x1b[31m", "control character (U+001B)"),
    ("a bell is refused", "ding\x07", "control character (U+0007)"),
    ("a form feed is refused", "page\x0cbreak", "control character (U+000C)"),
    ("delete is refused", "oops\x7f", "control character (U+007F)"),
    ("a C1 control (next line) is refused", "line\x85next", "control character (U+0085)"),
]


@pytest.mark.parametrize("what,value,words", TEXTS, ids=[case[0] for case in TEXTS])
def test_text_problem_names_what_cannot_be_kept(what: str, value: str, words: str | None) -> None:
    """Issue 8 findings 1 and 4: control characters other than newline, carriage return and
    tab, and lone surrogates, are named in words; everything else a person types is kept."""
    problem = text_problem(value)
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem
        assert readable("The text " + problem)


# (limit, the text's length, the sentence or None when it fits)
LENGTHS = [
    (WORD, 0, None),
    (WORD, WORD, None),
    (WORD, WORD + 1, "must be 200 characters or fewer (it has 201)"),
    (SUMMARY, SUMMARY + 1, "must be 1,000 characters or fewer (it has 1,001)"),
    (DESCRIPTION, 900_000, "must be 10,000 characters or fewer (it has 900,000)"),
    (LETTER, LETTER, None),
]


@pytest.mark.parametrize("limit,length,sentence", LENGTHS)
def test_too_long_says_the_limit_and_the_length(
    limit: int, length: int, sentence: str | None
) -> None:
    """Issue 8 findings 2 and 3: an oversized text is named with its limit and its length."""
    assert too_long("x" * length, limit) == sentence


class Texts(BaseModel):
    word: Word = ""
    summary: Summary = ""
    address: Address = ""
    description: Description = ""
    letter: Letter = ""


BOUNDS = [("word", WORD), ("summary", SUMMARY), ("address", ADDRESS)]
BOUNDS += [("description", DESCRIPTION), ("letter", LETTER)]


@pytest.mark.parametrize("field,bound", BOUNDS)
def test_each_type_keeps_its_bound_and_refuses_one_more(field: str, bound: int) -> None:
    """Issue 8 findings 2 and 3: each type takes exactly its documented bound."""
    assert getattr(Texts(**{field: "é" * bound}), field) == "é" * bound
    with pytest.raises(ValidationError) as refused:
        Texts(**{field: "é" * (bound + 1)})
    (error,) = refused.value.errors()
    assert error["loc"] == (field,)
    assert f"at most {bound} characters" in error["msg"]


@pytest.mark.parametrize("field", [field for field, _ in BOUNDS])
@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b", "a\x1bb"], ids=["nul", "surrogate", "esc"])
def test_each_type_refuses_bad_text_with_a_sentence(field: str, bad: str) -> None:
    """Issue 8 findings 1 and 4, at the type: the refusal names the field and says why."""
    with pytest.raises(ValidationError) as refused:
        Texts(**{field: bad})
    (error,) = refused.value.errors()
    assert error["loc"] == (field,)
    assert error["msg"].startswith("Value error, The text contains")
    assert readable(error["msg"])


SLOTS = text_slots()


def test_every_text_field_sent_in_is_found() -> None:
    """The introspection reaches nested models and lists (a check on the check)."""
    found = {str(slot) for slot in SLOTS}
    assert {
        "LogComplaintInput.description",
        "LogComplaintInput.complainant.name",
        "LogComplaintInput.categories.0",
        "AssignHandlerInput.handler.name",
        "AddIssueInput.summary",
        "SubmitResponseInput.response.reasons",
        "SubmitResponseInput.response.decisions.0.reasons",
        "SubmitResponseInput.response.remedies.0.description",
        "RecordDeterminationInput.orders.0.what",
        "Progress.note",
    } <= found


@pytest.mark.parametrize("slot", SLOTS, ids=str)
def test_every_text_field_sent_in_is_a_bounded_clean_text(slot) -> None:
    """Issue 8, "every free-text field bounded": each place a person's text goes into an
    intake or action model refuses NUL (finding 1), a lone surrogate (finding 4) and one
    character over its bound (findings 2 and 3), and keeps text of exactly its bound."""
    assert slot.bound in {WORD, SUMMARY, ADDRESS, DESCRIPTION, LETTER, EMAIL_BOUND}, (
        f"{slot} is a plain str: give it a text type from models.text"
    )
    for bad in ["a\x00b", "a\ud800b", "a" * (slot.bound + 1)]:
        with pytest.raises(ValidationError) as refused:
            slot.model.model_validate(slot.build(bad))
        assert all(readable(error["msg"]) for error in refused.value.errors())
    if not slot.strict:
        value = "a" * slot.bound
        model = slot.model.model_validate(slot.build(value))
        assert slot.model.model_validate(model.model_dump()) == model


@pytest.mark.parametrize("field,bound", sorted(list_bounds().items()))
def test_every_list_sent_in_is_bounded(field: str, bound: int | None) -> None:
    """Issue 8: lists of issues, categories, decisions, remedies and actions are bounded
    by a number a person would need, so no message grows without end."""
    assert bound == 50, f"{field} has no bound: Field(max_length=MANY)"
