"""The words the staff pages put on values: a state beside a date reads as the date's
(due, due soon, overdue), and an acronym keeps its capitals."""

from __future__ import annotations

import pytest

from models.enums import Rag
from web.render import RAG_TAGS, humanise


@pytest.mark.parametrize(
    ("rag", "words"), [(Rag.GREEN, "Due"), (Rag.AMBER, "Due soon"), (Rag.RED, "Overdue")]
)
def test_a_state_beside_a_date_reads_as_the_date_s(rag: Rag, words: str) -> None:
    assert RAG_TAGS[rag][1] == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("mp", "MP"),
        ("councillor_or_mp", "Councillor or MP"),
        ("web_form", "Web form"),
        ("phone_in", "Phone in"),
        ("", ""),
        (None, ""),
    ],
)
def test_humanise_keeps_an_acronym_s_capitals(value: object, words: str) -> None:
    assert humanise(value) == words
