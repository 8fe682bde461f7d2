"""What is due when, for both shipped profiles (R-ACK-1, R-S1-1, R-S1-3, R-ESC-2, R-S2-2)."""

from datetime import date

import pytest

from rules.calendar import WorkingCalendar
from rules.deadlines import (
    Due,
    acknowledgement_due,
    escalation_decision_due,
    escalation_window_closes,
    is_late_complaint,
    log_due,
    next_action_update_due,
    rag,
    reminder_on,
    stage_one_extension_ceiling,
    stage_one_response_due,
    stage_three_panel_due,
    stage_three_response_due,
    stage_two_extension_ceiling,
    stage_two_response_due,
    survey_due,
)
from rules.holidays_source import build_snapshot
from rules.policy import load_profile

CALENDAR = WorkingCalendar(build_snapshot(date(2021, 1, 1), date(2027, 12, 31)))
SEED = load_profile("seed")
HOS = load_profile("hos-2024")


def test_r_int_1_log_within_one_working_day_of_first_contact() -> None:
    # First contact on a Friday: logged by the Monday.
    assert log_due(date(2024, 1, 12), SEED, CALENDAR) == Due(date(2024, 1, 15), date(2024, 1, 15))


@pytest.mark.parametrize(
    ("profile", "received", "expected"),
    [
        pytest.param(
            SEED,
            date(2026, 12, 18),
            Due(date(2026, 12, 22), date(2026, 12, 29)),
            id="seed: Fri 18 Dec 2026 gives 22 Dec target and 29 Dec limit",
        ),
        pytest.param(
            HOS,
            date(2026, 12, 18),
            Due(date(2026, 12, 29), date(2026, 12, 29)),
            id="hos-2024: Fri 18 Dec 2026 gives 29 Dec for both",
        ),
        pytest.param(
            SEED,
            date(2024, 1, 13),
            Due(date(2024, 1, 16), date(2024, 1, 19)),
            id="seed: receipt on a Saturday counts from Monday",
        ),
        pytest.param(
            HOS,
            date(2024, 1, 14),
            Due(date(2024, 1, 19), date(2024, 1, 19)),
            id="hos-2024: receipt on a Sunday counts from Monday",
        ),
        pytest.param(
            SEED,
            date(2024, 4, 1),
            Due(date(2024, 4, 3), date(2024, 4, 8)),
            id="seed: receipt on Easter Monday counts from Tuesday",
        ),
    ],
)
def test_r_ack_1_acknowledgement_target_and_limit_after_receipt(
    profile, received: date, expected: Due
) -> None:
    assert acknowledgement_due(received, profile, CALENDAR) == expected


@pytest.mark.parametrize(
    ("acknowledged", "expected"),
    [
        pytest.param(
            date(2024, 1, 15),
            date(2024, 1, 29),
            id="ten working days after Mon 15 Jan 2024 is Mon 29 Jan",
        ),
        pytest.param(
            date(2024, 3, 21), date(2024, 4, 8), id="Easter pushes the response to Mon 8 Apr 2024"
        ),
    ],
)
@pytest.mark.parametrize("profile", [SEED, HOS], ids=["seed", "hos-2024"])
def test_r_s1_1_stage_one_response_due_ten_working_days_after_acknowledgement(
    profile, acknowledged: date, expected: date
) -> None:
    assert stage_one_response_due(acknowledged, profile, CALENDAR) == Due(expected, expected)


@pytest.mark.parametrize("profile", [SEED, HOS], ids=["seed", "hos-2024"])
def test_r_s1_3_stage_one_extension_reaches_ten_further_working_days(profile) -> None:
    assert stage_one_extension_ceiling(date(2024, 1, 29), profile, CALENDAR) == date(2024, 2, 12)


def test_r_esc_2_escalation_decided_within_five_working_days_skipping_the_state_funeral() -> None:
    assert escalation_decision_due(date(2022, 9, 16), SEED, CALENDAR) == Due(
        date(2022, 9, 26), date(2022, 9, 26)
    )


def test_r_s2_2_stage_two_response_due_twenty_working_days_after_escalation_acknowledged() -> None:
    assert stage_two_response_due(date(2024, 1, 15), HOS, CALENDAR) == Due(
        date(2024, 2, 12), date(2024, 2, 12)
    )


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        pytest.param(SEED, date(2024, 2, 26), id="seed extends Stage 2 by 10 working days"),
        pytest.param(HOS, date(2024, 3, 11), id="hos-2024 extends Stage 2 by 20 working days"),
    ],
)
def test_r_s2_2_stage_two_extension_ceiling_differs_by_profile(profile, expected: date) -> None:
    assert stage_two_extension_ceiling(date(2024, 2, 12), profile, CALENDAR) == expected


def test_r_s3_1_stage_three_panel_within_twenty_working_days_of_confirmation() -> None:
    assert stage_three_panel_due(date(2024, 1, 15), SEED, CALENDAR) == Due(
        date(2024, 2, 12), date(2024, 2, 12)
    )


def test_r_s3_1_stage_three_response_target_ten_and_limit_twenty_after_the_meeting() -> None:
    assert stage_three_response_due(date(2024, 1, 15), SEED, CALENDAR) == Due(
        date(2024, 1, 29), date(2024, 2, 12)
    )


@pytest.mark.parametrize(
    ("responded", "expected"),
    [
        pytest.param(
            date(2024, 3, 15), date(2024, 9, 15), id="six calendar months after 15 Mar is 15 Sep"
        ),
        pytest.param(
            date(2024, 8, 31), date(2025, 2, 28), id="six months after 31 Aug clamps to 28 Feb"
        ),
    ],
)
def test_r_esc_2_escalation_window_closes_six_calendar_months_after_the_response(
    responded: date, expected: date
) -> None:
    assert escalation_window_closes(responded, SEED) == expected


@pytest.mark.parametrize(
    ("issue", "received", "late"),
    [
        pytest.param(
            date(2023, 1, 10),
            date(2024, 1, 10),
            False,
            id="received on the twelve-month anniversary is in time",
        ),
        pytest.param(
            date(2023, 1, 10),
            date(2024, 1, 11),
            True,
            id="received the day after the anniversary is late",
        ),
        pytest.param(
            date(2024, 2, 29),
            date(2025, 2, 28),
            False,
            id="an issue on 29 Feb is in time on 28 Feb next year",
        ),
        pytest.param(
            date(2024, 2, 29),
            date(2025, 3, 1),
            True,
            id="an issue on 29 Feb is late on 1 Mar next year",
        ),
        pytest.param(date(2024, 6, 1), date(2024, 6, 3), False, id="a recent issue is not late"),
    ],
)
@pytest.mark.parametrize("profile", [SEED, HOS], ids=["seed", "hos-2024"])
def test_r_acc_1_late_complaint_is_an_issue_older_than_twelve_months(
    profile, issue: date, received: date, late: bool
) -> None:
    assert is_late_complaint(issue, received, profile) is late


@pytest.mark.parametrize(
    ("closed", "expected"),
    [
        pytest.param(date(2024, 1, 15), date(2024, 2, 15), id="one month after 15 Jan is 15 Feb"),
        pytest.param(
            date(2024, 1, 31), date(2024, 2, 29), id="one month after 31 Jan 2024 is 29 Feb"
        ),
    ],
)
def test_r_sat_1_survey_one_calendar_month_after_closure(closed: date, expected: date) -> None:
    assert survey_due(closed, SEED) == expected


def test_r_rem_3_resident_updated_on_open_actions_every_ten_working_days() -> None:
    assert next_action_update_due(date(2024, 1, 15), SEED, CALENDAR) == date(2024, 1, 29)


@pytest.mark.parametrize(
    ("due", "not_before", "expected"),
    [
        pytest.param(
            date(2024, 1, 29),
            date(2024, 1, 15),
            date(2024, 1, 25),
            id="two working days before a Monday due date is the Thursday",
        ),
        pytest.param(
            date(2024, 4, 2),
            date(2024, 3, 1),
            date(2024, 3, 27),
            id="Easter is skipped counting back",
        ),
        pytest.param(
            date(2024, 1, 17),
            date(2024, 1, 16),
            date(2024, 1, 16),
            id="a due date set close to today is reminded today",
        ),
        pytest.param(
            date(2024, 1, 16),
            date(2024, 1, 13),
            date(2024, 1, 15),
            id="a Saturday floor moves to Monday",
        ),
        pytest.param(
            date(2021, 1, 4),
            date(2021, 1, 1),
            date(2021, 1, 4),
            id="a reminder before the calendar starts falls on the floor",
        ),
    ],
)
def test_r_s1_2_handler_reminded_two_working_days_before_due(
    due: date, not_before: date, expected: date
) -> None:
    assert reminder_on(due, SEED, CALENDAR, not_before=not_before) == expected


TARGET_10_LIMIT_15 = Due(target=date(2024, 1, 10), limit=date(2024, 1, 15))
SINGLE_10 = Due(target=date(2024, 1, 10), limit=date(2024, 1, 10))


@pytest.mark.parametrize(
    ("today", "due", "colour"),
    [
        pytest.param(
            date(2024, 1, 9), TARGET_10_LIMIT_15, "green", id="before the target is green"
        ),
        pytest.param(date(2024, 1, 10), TARGET_10_LIMIT_15, "green", id="on the target is green"),
        pytest.param(
            date(2024, 1, 11), TARGET_10_LIMIT_15, "amber", id="the day after the target is amber"
        ),
        pytest.param(date(2024, 1, 15), TARGET_10_LIMIT_15, "amber", id="on the limit is amber"),
        pytest.param(
            date(2024, 1, 16), TARGET_10_LIMIT_15, "red", id="the day after the limit is red"
        ),
        pytest.param(
            date(2024, 1, 10), SINGLE_10, "green", id="a single due date is green on the day"
        ),
        pytest.param(
            date(2024, 1, 11), SINGLE_10, "red", id="a single due date goes straight to red"
        ),
    ],
)
def test_r_time_3_rag_table(today: date, due: Due, colour: str) -> None:
    assert rag(today, due) == colour


def test_r_time_3_a_limit_before_its_target_is_refused() -> None:
    with pytest.raises(ValueError, match="before its target"):
        Due(target=date(2024, 1, 10), limit=date(2024, 1, 9))
