"""The pure rules of section 14 that end or put right a complaint (withdrawal, duplicates,
corrections) and R-DEF-1's comment treated as a complaint, on fixed dates."""

from datetime import date

import pytest

from letters.models import read_letter
from letters.render import render_html
from models.effects import Letter, SplitOff
from models.enums import Kind, ServiceArea, Status
from models.messages import (
    CorrectContactInput,
    CorrectServiceInput,
    LinkDuplicateInput,
    TreatAsComplaintInput,
    WithdrawInput,
)
from rules import catalogue
from rules.handling import comments, corrections, duplicates, timekeeping, withdrawal
from rules.read_model import summarise
from tests.unit.test_rules_intake import (
    MONDAY,
    accepted,
    acknowledged,
    at,
    complaint,
    events,
    letters,
    received,
    refuse,
)

TUESDAY = date(2026, 3, 3)


def letter_text(letter: Letter) -> str:
    model = read_letter(
        letter.letter,
        letter.fields,
        organisation="landlord",
        recipient=letter.recipients[0],
        on=TUESDAY,
    )
    return render_html(model)


# -- R-WDR-1 -----------------------------------------------------------------------------


@pytest.mark.parametrize("state", [received(), accepted(), acknowledged()], ids=str)
def test_r_wdr_1_withdrawal_at_any_stage_stops_deadlines_and_is_confirmed(state) -> None:
    assert state.open_deadlines
    before = state.status
    effects = withdrawal.withdraw(
        state,
        WithdrawInput(by="o.ahmed", how="telephone", withdrawn_on=MONDAY, reason="Fixed now"),
        at(TUESDAY),
    )
    assert state.status == Status.WITHDRAWN
    assert state.closed_on == TUESDAY
    assert state.open_deadlines == []
    assert state.withdrawal is not None
    assert (state.withdrawal.how, state.withdrawal.withdrawn_on) == ("telephone", MONDAY)
    assert state.withdrawal.status_before == before
    (event,) = events(effects, "withdrawn")
    assert "by phone on Mon 2 Mar 2026: Fixed now" in event.summary
    assert event.actor == "o.ahmed"
    assert events(effects, "deadline_cancelled")
    (letter,) = letters(effects)
    assert letter.letter == "withdrawal"
    text = letter_text(letter)
    assert "withdraw your complaint" in text and "2 March 2026" in text
    assert "take your complaint up again" in text and "ombudsman" not in text.lower()
    assert summarise(state).is_open is False
    assert timekeeping.next_wakeup(state, at(TUESDAY)) is not None  # held until reopen_by


def test_r_wdr_1_withdrawal_after_a_stage_1_response_stops_the_escalation_window() -> None:
    state = acknowledged()
    state.status = Status.CLOSED  # responded; may still escalate
    withdrawal.withdraw(state, WithdrawInput(how="email", withdrawn_on=TUESDAY), at(TUESDAY))
    assert state.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("inp", "says"),
    [
        (WithdrawInput(how="pigeon", withdrawn_on=MONDAY), "'pigeon' is not a way"),
        (WithdrawInput(how="email", withdrawn_on=date(2026, 3, 4)), "in the future"),
        (WithdrawInput(how="email", withdrawn_on=date(2026, 2, 27)), "before they first"),
    ],
    ids=["unknown channel", "future", "before first contact"],
)
def test_r_wdr_1_a_bad_withdrawal_is_refused_and_changes_nothing(inp, says) -> None:
    assert says in refuse(withdrawal.check_withdraw, acknowledged(), inp, at(TUESDAY))


def test_r_wdr_1_nothing_to_withdraw_once_declined_or_withdrawn() -> None:
    state = acknowledged()
    withdrawal.withdraw(state, WithdrawInput(how="email", withdrawn_on=MONDAY), at(TUESDAY))
    inp = WithdrawInput(how="email", withdrawn_on=MONDAY)
    assert "withdrawn by the resident" in refuse(withdrawal.check_withdraw, state, inp, at(TUESDAY))
    assert not catalogue.WITHDRAW.offered(state)
    final = acknowledged()
    final.final = True
    assert "process has ended" in refuse(withdrawal.check_withdraw, final, inp, at(TUESDAY))


# -- R-DUP-1 -----------------------------------------------------------------------------


def test_r_dup_1_a_second_contact_is_linked_not_declined_with_no_ombudsman_wording() -> None:
    state = received()
    effects = duplicates.link_duplicate(
        state, LinkDuplicateInput(by="o.ahmed", original="cmp-2026-000007"), at(TUESDAY)
    )
    assert state.status == Status.DUPLICATE
    assert state.duplicate_of == "CMP-2026-000007"
    assert state.declined_for is None and state.open_deadlines == []
    assert not events(effects, "declined")
    (event,) = events(effects, "linked_as_duplicate")
    assert event.data == {"original": "CMP-2026-000007"}
    (letter,) = letters(effects)
    assert letter.letter == "duplicate_linked"
    text = letter_text(letter)
    assert "CMP-2026-000007" in text and "added your message" in text
    assert "ombudsman" not in text.lower() and "decision" not in text.lower()
    assert summarise(state).status == "duplicate"


def test_r_dup_1_the_original_records_the_second_contact_once() -> None:
    state = acknowledged()
    duplicates.duplicate_joined(state, "CMP-2026-000009", "o.ahmed")
    effects = duplicates.duplicate_joined(state, "CMP-2026-000009", "o.ahmed")
    assert state.linked_complaints == ["CMP-2026-000009"]
    assert "CMP-2026-000009 added" in events(effects, "duplicate_joined")[0].summary


@pytest.mark.parametrize(
    ("original", "says"),
    [
        ("CPL-2026-000001", "is not a complaint reference"),
        ("CMP-2026-000001", "cannot be a duplicate of itself"),
    ],
)
def test_r_dup_1_a_bad_original_is_refused(original, says) -> None:
    inp = LinkDuplicateInput(original=original)
    assert says in refuse(duplicates.check_link_duplicate, received(), inp, at(TUESDAY))


# -- R-EDIT-1 ----------------------------------------------------------------------------


def test_r_edit_1_contact_details_are_corrected_with_old_value_reason_and_who() -> None:
    state = acknowledged()
    inp = CorrectContactInput(
        by="o.ahmed", reason="Typo at intake", email="alex.m@example.org", postcode="LS1 1AA"
    )
    effects = corrections.correct_contact(state, inp, at(TUESDAY))
    assert state.intake.complainant.email == "alex.m@example.org"
    assert state.intake.complainant.postcode == "LS1 1AA"
    assert [(c.what, c.old, c.new, c.by) for c in state.corrections] == [
        ("email", "alex@example.org", "alex.m@example.org", "o.ahmed"),
        ("postcode", None, "LS1 1AA", "o.ahmed"),
    ]
    (event,) = events(effects, "corrected")
    assert event.data["fields"]["email"] == {"old": "alex@example.org", "new": "alex.m@example.org"}
    row = summarise(state)
    assert (row.email, row.postcode) == ("alex.m@example.org", "LS1 1AA")


@pytest.mark.parametrize(
    ("inp", "says"),
    [
        (CorrectContactInput(reason="x", email="a@b.org"), "reason for the correction"),
        (CorrectContactInput(reason="No change", email="alex@example.org"), "differs"),
        (CorrectContactInput(reason="Typo at intake", email="not an address"), "email"),
    ],
    ids=["no reason", "nothing changes", "invalid email"],
)
def test_r_edit_1_a_bad_contact_correction_is_refused(inp, says) -> None:
    assert says in refuse(corrections.check_correct_contact, acknowledged(), inp, at(TUESDAY))


def test_r_edit_1_service_and_organisation_corrected_and_letters_follow() -> None:
    state = acknowledged(organisation="landlord")
    inp = CorrectServiceInput(
        by="o.ahmed", reason="Care, not housing", service_area="adult_social_care"
    )
    refused = refuse(corrections.check_correct_service, state, inp, at(TUESDAY))
    assert "does not provide adult social care" in refused
    inp = inp.model_copy(update={"organisation": "care"})
    effects = corrections.correct_service(state, inp, at(TUESDAY))
    assert state.intake.service_area == ServiceArea.ADULT_SOCIAL_CARE
    assert state.intake.organisation == "care"
    assert state.organisation is not None and state.organisation.name == "Northgate Care"
    assert {c.what: (c.old, c.new) for c in state.corrections} == {
        "service_area": ("landlord_services", "adult_social_care"),
        "organisation": ("landlord", "care"),
    }
    assert events(effects, "corrected")
    row = summarise(state)
    assert (row.service_area, row.organisation) == ("adult_social_care", "care")


def test_r_edit_1_an_unknown_service_area_is_refused() -> None:
    inp = CorrectServiceInput(reason="Wrong area", service_area="gardening")
    says = refuse(corrections.check_correct_service, acknowledged(), inp, at(TUESDAY))
    assert "'gardening' is not a service area" in says


# -- R-DEF-1 -----------------------------------------------------------------------------


def comment():
    state, effects = complaint(kind=Kind.COMMENT, reference="CMT-2026-000001")
    comments.keep_comment_open(state)
    return state, effects


def test_r_def_1_a_comment_is_thanked_as_a_comment_and_stays_open_to_become_a_complaint():
    state, effects = comment()
    assert [letter.letter for letter in letters(effects)] == ["comment_reply"]
    text = letter_text(letters(effects)[0])
    assert "Thank you" in text and "compliment" not in text
    assert state.retain_until is not None and state.retain_until > MONDAY
    assert not timekeeping.finished(state, at(TUESDAY))
    assert catalogue.TREAT_AS_COMPLAINT.offered(state)


def test_r_def_1_a_comment_treated_as_a_complaint_splits_off_from_first_contact() -> None:
    state, _ = comment()
    inp = TreatAsComplaintInput(by="o.ahmed", reason="Unhappy with the repair")
    effects = comments.treat_as_complaint(state, inp, at(date(2026, 3, 10)))
    (split,) = [e for e in effects if isinstance(e, SplitOff)]
    assert split.first_contact_on == MONDAY
    assert split.summary == state.intake.description
    assert state.treated_as_complaint_on == date(2026, 3, 10)
    assert "Unhappy with the repair" in events(effects, "treated_as_complaint")[0].summary
    says = refuse(comments.check_treat_as_complaint, state, inp, at(date(2026, 3, 10)))
    assert "was treated as a complaint" in says


def test_r_def_1_only_a_comment_can_be_treated_as_a_complaint() -> None:
    inp = TreatAsComplaintInput(reason="Unhappy")
    says = refuse(comments.check_treat_as_complaint, received(), inp, at(TUESDAY))
    assert "Only a comment" in says
    compliment, _ = complaint(kind=Kind.COMPLIMENT, reference="CPL-2026-000001")
    assert not catalogue.TREAT_AS_COMPLAINT.offered(compliment)
