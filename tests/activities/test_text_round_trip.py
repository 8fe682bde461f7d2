"""Arbitrary text through every text field into PostgreSQL and back (issue 8, "How it is
checked": a property-based test).

For every place a person's text goes in an intake or action model (found by introspection,
`tests.text_fields`, so a field added later is covered), hypothesis draws text from all of
Unicode: control characters, NUL, lone surrogates, format and private-use characters,
emoji, and texts just under, at and over the field's bound. Each value is either refused
by the model with a readable sentence at that field, or kept: then the whole accepted
action goes into the record (`complaint_events`: the text as the event's summary, the
action as its data) and reads back exactly equal. Finding 1 (a NUL wedging a complaint)
was an accepted value that PostgreSQL could not hold; here that would fail the insert.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from itertools import count

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from models.text import text_problem
from store.db import Sessionmaker, make_engine, make_sessionmaker
from store.tables import ComplaintEvent
from tests.text_fields import Slot, readable, text_slots

SLOTS = text_slots()
_references = count(1)

# Characters that have broken text somewhere: NUL (PostgreSQL), surrogates (UTF-8), other
# C0 and C1 controls, line and paragraph separators, byte-order marks, non-characters,
# bidirectional overrides, the last code point, and what people really type.
AWKWARD = [
    "\x00",
    "\ud800",
    "\udfff",
    "\udbff\udc00",  # a high and a low surrogate, each alone: not a pair in a str
    "\x1b[31m",
    "\x07",
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\U0010ffff",
    "\r\n",
    "\t",
    "\n",
    "ŵ",
    "🏠",
    "'; DROP TABLE complaint_events; --",
    "\\u0000",  # the six characters of a JSON escape, which are fine as text
]


def texts(bound: int) -> st.SearchStrategy[str]:
    """Any text, biased to awkward characters and to lengths around `bound`."""
    anything = st.text(st.characters(exclude_categories=()), max_size=30)
    awkward = st.lists(st.one_of(st.sampled_from(AWKWARD), anything), max_size=6).map("".join)
    around_bound = st.builds(
        lambda head, fill, over: (head + fill * bound)[: bound + over],
        awkward,
        st.sampled_from(["a", "é", "🏠", "\n", "\x00"]),
        st.integers(min_value=-2, max_value=2),
    )
    return st.one_of(anything, awkward, around_bound)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def record(postgres_url: str) -> AsyncIterator[Sessionmaker]:
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def keep_and_read(record: Sessionmaker, summary: str, data: dict) -> ComplaintEvent:
    """Write one event to the record and read it back from PostgreSQL in a new session."""
    reference = f"CMP-2098-{next(_references):06d}"
    async with record() as session, session.begin():
        session.add(
            ComplaintEvent(
                reference=reference,
                seq=1,
                kind="text_round_trip",
                summary=summary,
                actor="property test",
                occurred_at=datetime.now(UTC),
                data=data,
            )
        )
    async with record() as session:
        statement = select(ComplaintEvent).where(ComplaintEvent.reference == reference)
        return (await session.execute(statement)).scalar_one()


@pytest.mark.parametrize("slot", SLOTS, ids=str)
@settings(
    max_examples=10,
    deadline=None,
    database=None,  # nothing kept between runs: every run draws afresh
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_any_text_is_refused_with_a_sentence_or_kept_exactly(
    record: Sessionmaker, slot: Slot, data: st.DataObject
) -> None:
    """Issue 8, "Input hygiene at one place": any text in any field sent in is a clean
    refusal (findings 1 to 4) or an exact round trip through the record."""
    value = data.draw(texts(slot.bound), label=str(slot))
    try:
        accepted = slot.model.model_validate(slot.build(value))
    except ValidationError as refused:
        errors = refused.errors()
        assert slot.path in [error["loc"] for error in errors], errors
        assert all(readable(error["msg"]) for error in errors), errors
        return
    assert text_problem(value) is None and len(value) <= slot.bound
    action = accepted.model_dump(mode="json")

    event = await keep_and_read(record, value, {"action": action})

    assert event.summary == value
    assert event.data == {"action": action}
    assert slot.model.model_validate(event.data["action"]) == accepted
