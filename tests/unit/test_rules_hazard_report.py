"""A hazard reported with a complaint, as pure rules (R-HAZ-1, R-HAZ-7): reported only while
the complaint is worked, its reference kept once, and a stage response refused until it
says what was done about it."""

from datetime import date, datetime, timedelta

import pytest

from models.enums import Status
from models.hazard import HazardOpened, ReportHazardInput
from models.messages import SubmitResponseInput
from rules import catalogue
from rules.calendar import LONDON
from rules.handling import hazards, responses
from rules.handling.common import Refused
from tests.unit.test_rules_responses import ACK_DAY, at, letters, opened, response

NOW = at(ACK_DAY)


def report(**changes) -> ReportHazardInput:
    fields = {
        "hazard": "damp_and_mould",
        "description": "Black mould on the bedroom wall for two months.",
        "location": "back bedroom",
        "aware_at": datetime(2026, 3, 2, 9, 0, tzinfo=LONDON),
        "affected": "two adults and a baby",
        "by": "h.khan",
    }
    return ReportHazardInput(**(fields | changes))


def test_r_haz_1_a_hazard_is_reported_with_a_complaint_being_worked() -> None:
    hazards.check_report_hazard(opened(), report(), NOW)
    assert catalogue.REPORT_HAZARD.offered(opened())


@pytest.mark.parametrize(
    "status", [Status.CLOSED, Status.DECLINED, Status.WITHDRAWN, Status.COMPLETED]
)
def test_r_haz_1_a_complaint_no_longer_worked_sends_the_hazard_on_its_own(status) -> None:
    state = opened()
    state.status = status
    with pytest.raises(Refused, match="Report it as a hazard on its own"):
        hazards.check_report_hazard(state, report(), NOW)
    assert not catalogue.REPORT_HAZARD.offered(state)


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"location": " "}, "where in the home"),
        ({"affected": ""}, "who is affected"),
        ({"aware_at": datetime(2026, 3, 2, 9, 0)}, "time zone"),
        ({"aware_at": NOW.now + timedelta(hours=1)}, "in the future"),
    ],
)
def test_r_haz_1_a_report_says_where_who_and_when_we_became_aware(changes, refusal) -> None:
    with pytest.raises(Refused, match=refusal):
        hazards.check_report_hazard(opened(), report(**changes), NOW)


def test_r_haz_7_the_complaint_keeps_the_hazards_reference_once_and_says_so() -> None:
    state = opened()
    opened_hazard = HazardOpened(
        reference="HAZ-2026-000001", hazard="damp_and_mould", location="back bedroom", by="h.khan"
    )
    (event,) = hazards.hazard_reported(state, opened_hazard, NOW)
    assert state.hazards == ["HAZ-2026-000001"]
    assert event.summary == (
        "A hazard was reported: damp and mould, back bedroom (HAZ-2026-000001)"
    )
    assert (event.kind, event.actor) == ("hazard_reported", "h.khan")
    assert hazards.hazard_reported(state, opened_hazard, NOW) == []  # told twice: once
    assert state.hazards == ["HAZ-2026-000001"]


def test_r_haz_7_a_response_must_say_what_was_done_about_the_hazard() -> None:
    state = opened()
    state.hazards = ["HAZ-2026-000001"]
    day = at(date(2026, 3, 10))
    with pytest.raises(Refused, match=r"hazard reported with this complaint \(HAZ-2026-000001\)"):
        responses.check_submit_response(state, SubmitResponseInput(response=response()), day)
    said = response(hazards_addressed="Mould treated on 5 Mar; extractor fan fitted 9 Mar.")
    responses.check_submit_response(state, SubmitResponseInput(response=said), day)


def test_r_haz_7_a_complaint_without_hazards_responds_as_before() -> None:
    responses.check_submit_response(
        opened(), SubmitResponseInput(response=response()), at(date(2026, 3, 10))
    )


def test_r_haz_7_the_response_letter_says_what_was_done_about_the_hazard() -> None:
    state = opened()
    state.hazards = ["HAZ-2026-000001"]
    said = response(hazards_addressed="Mould treated on 5 Mar; extractor fan fitted 9 Mar.")
    effects = responses.submit_response(
        state, SubmitResponseInput(response=said), at(date(2026, 3, 10))
    )
    (letter,) = letters(effects, "stage_1_response")
    assert letter.fields["hazards_addressed"] == said.hazards_addressed


def test_r_haz_7_a_response_without_hazards_has_no_hazard_part() -> None:
    effects = responses.submit_response(
        opened(), SubmitResponseInput(response=response()), at(date(2026, 3, 10))
    )
    (letter,) = letters(effects, "stage_1_response")
    assert "hazards_addressed" not in letter.fields
