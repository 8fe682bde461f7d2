"""Section 14's casework rules on complaints built with the pure rules: notes and contacts
(R-NOTE-1), and a vulnerability with the adjustments agreed (R-VUL-1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from models.casework import Adjustment, ContactKind
from models.effects import Notify
from models.messages import RecordContactInput, RecordVulnerabilityInput
from rules.calendar import LONDON
from rules.handling import acknowledgement, casework, timekeeping
from rules.handling.common import Ctx
from rules.letters import channel
from tests.unit.test_rules_intake import (
    CAL,
    HANDLER,
    MONDAY,
    acknowledged,
    at,
    events,
    letters,
    received,
    refuse,
)

CALL = RecordContactInput(
    by="o.bennett",
    author="Olu Bennett",
    kind="phone_in",
    summary="Resident rang: the mould in the bedroom is worse; a surveyor visit was agreed.",
    happened_at=datetime(2026, 3, 2, 9, 15, tzinfo=LONDON),
)


def vulnerability(**fields) -> RecordVulnerabilityInput:
    given = {
        "by": "o.bennett",
        "author": "Olu Bennett",
        "circumstances": "Aged 84 with COPD; the mould affects her breathing.",
        "adjustments": ["large_print", "phone_calls"],
        "review_on": MONDAY + timedelta(days=90),
    }
    return RecordVulnerabilityInput(**(given | fields))


# -- R-NOTE-1 -------------------------------------------------------------------------------


def test_r_note_1_a_call_joins_the_record_with_who_when_and_a_summary() -> None:
    state = received()
    effects = casework.record_contact(state, CALL, at(MONDAY, 11))
    [note] = state.notes
    assert (note.id, note.kind, note.by, note.author) == (
        1,
        ContactKind.PHONE_IN,
        "o.bennett",
        "Olu Bennett",
    )
    assert note.happened_at == CALL.happened_at and note.recorded_at == at(MONDAY, 11).now
    [event] = events(effects, "note_recorded")
    assert event.actor == "o.bennett" and event.data["author"] == "Olu Bennett"
    assert event.summary.startswith("Phone call from the resident (2 Mar 2026 09:15), by Olu")
    assert event.data["summary"] == CALL.summary


def test_r_note_1_a_note_without_a_time_is_taken_now() -> None:
    state = received()
    note = RecordContactInput(by="h.khan", summary="Checked the repairs log: two visits missed.")
    casework.record_contact(state, note, at(MONDAY, 14))
    assert state.notes[0].kind == ContactKind.NOTE
    assert state.notes[0].happened_at == at(MONDAY, 14).now
    assert state.notes[0].author == "h.khan"  # no name given: the staff id stands for it


def test_r_note_1_a_correction_is_a_new_note_that_refers_to_the_first() -> None:
    state = received()
    casework.record_contact(state, CALL, at(MONDAY, 11))
    first = state.notes[0].model_copy()
    fix = CALL.model_copy(update={"summary": "The visit is agreed for Thursday.", "corrects": 1})
    effects = casework.record_contact(state, fix, at(MONDAY, 12))
    assert state.notes[0] == first  # never edited
    assert state.notes[1].corrects == 1 and state.notes[1].id == 2
    assert "correcting note 1" in events(effects, "note_recorded")[0].summary


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"summary": "  "}, "Please give a summary of the note or contact."),
        ({"kind": "telegram"}, "one of note, phone_in"),
        ({"corrects": 7}, "There is no note 7 on this complaint to correct."),
        (
            {"happened_at": datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)},
            "A contact cannot be recorded with a time in the future.",
        ),
        ({"happened_at": datetime(2026, 3, 2, 9, 0)}, "with its time zone"),
    ],
)
def test_r_note_1_bad_notes_are_refused_and_change_nothing(change, words) -> None:
    message = refuse(
        casework.check_record_contact, received(), CALL.model_copy(update=change), at(MONDAY)
    )
    assert words in message


# -- R-VUL-1 --------------------------------------------------------------------------------


def test_r_vul_1_recorded_with_what_adjustments_review_date_and_who() -> None:
    state = received()
    effects = casework.record_vulnerability(state, vulnerability(), at(MONDAY))
    recorded = state.vulnerability
    assert recorded is not None
    assert recorded.adjustments == [Adjustment.LARGE_PRINT, Adjustment.PHONE_CALLS]
    assert (recorded.recorded_on, recorded.recorded_by_name) == (MONDAY, "Olu Bennett")
    [event] = events(effects, "vulnerability_recorded")
    # Special category data: the timeline's words do not say what the vulnerability is.
    assert "COPD" not in event.summary and "review Sun 31 May 2026" in event.summary
    assert event.data["circumstances"].startswith("Aged 84")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"circumstances": ""}, "Please give the resident's circumstances."),
        ({"adjustments": ["carrier_pigeon"]}, "carrier_pigeon is not an adjustment we record"),
        ({"adjustments": ["advocate"]}, "Name the advocate or contact"),
        ({"review_on": MONDAY}, "The review date must be in the future."),
    ],
)
def test_r_vul_1_refused_without_what_a_known_adjustment_or_a_future_review(change, words) -> None:
    message = refuse(
        casework.check_record_vulnerability, received(), vulnerability(**change), at(MONDAY)
    )
    assert words in message


def test_r_vul_1_letters_honour_large_print_and_post_agreed_as_adjustments() -> None:
    state = received()
    assert casework.letter_format(state) == (False, False)
    adjustments = ["large_print", "easy_read", "letters_by_post"]
    casework.record_vulnerability(state, vulnerability(adjustments=adjustments), at(MONDAY))
    assert casework.letter_format(state) == (True, True)
    assert channel(state) == "post"
    effects = acknowledgement.request_clarification(
        state,
        acknowledgement.RequestClarificationInput(questions="Which rooms have mould?"),
        at(MONDAY),
    )
    [letter] = letters(effects)
    assert letter.large_print and letter.channel == "post"


def test_r_vul_1_reminders_name_the_adjustments_not_the_circumstances() -> None:
    state = acknowledged()
    casework.record_vulnerability(
        state,
        vulnerability(adjustments=["advocate"], named_contact="Sam Lee (Age UK)"),
        at(MONDAY),
    )
    due = state.open_deadlines[0].due
    reminders = [e for e in timekeeping.run_due(state, at(due, 12)) if isinstance(e, Notify)]
    reminders = [n for n in reminders if n.subject.startswith("Reminder")]
    assert reminders, "the reminder before the due date went out"
    assert "Contact through a named advocate or contact: Sam Lee (Age UK)" in reminders[0].body
    assert "COPD" not in reminders[0].body


def test_r_vul_1_the_handler_is_reminded_to_review_on_the_review_date() -> None:
    state = acknowledged()
    review_on = date(2026, 6, 1)
    casework.record_vulnerability(state, vulnerability(review_on=review_on), at(MONDAY))
    before = Ctx(now=datetime(2026, 5, 29, 12, tzinfo=LONDON), cal=CAL)
    assert not [n for n in timekeeping.run_due(state, before) if "vulnerability" in str(n).lower()]
    on_the_day = Ctx(now=datetime(2026, 6, 1, 12, tzinfo=LONDON), cal=CAL)
    notices = [
        n
        for n in timekeeping.run_due(state, on_the_day)
        if isinstance(n, Notify) and "vulnerability" in n.subject
    ]
    assert [n.staff_id for n in notices] == [HANDLER.id]
    assert "Letters in large print" in notices[0].body
    assert state.vulnerability_reviewed
    assert (
        not [  # once only
            n for n in timekeeping.run_due(state, on_the_day) if "vulnerability" in str(n).lower()
        ]
    )
