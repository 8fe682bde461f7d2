"""Working days and London time: R-TIME-1, R-TIME-2, R-TIME-3 and R-S1-2 office hours."""

from datetime import UTC, date, datetime, timedelta

import pytest

from models.calendar import CalendarSnapshot, calendar_version
from rules.calendar import (
    CalendarRangeError,
    WorkingCalendar,
    add_months,
    format_due,
    is_met,
    is_overdue,
    local_date,
    london_midnight,
    next_office_hours,
    office_hours_on,
    overdue_from,
)
from rules.holidays_source import Closures, build_snapshot

ENGLAND = WorkingCalendar(build_snapshot(date(2021, 1, 1), date(2027, 12, 31)))
WITH_CLOSURES = WorkingCalendar(
    build_snapshot(
        date(2024, 1, 1), date(2025, 12, 31), closures=Closures(annual=["12-29", "12-30", "12-31"])
    )
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2024, 1, 12), True, id="an ordinary Friday is a working day"),
        pytest.param(date(2024, 1, 13), False, id="a Saturday is not"),
        pytest.param(date(2024, 1, 14), False, id="a Sunday is not"),
        pytest.param(date(2024, 3, 29), False, id="Good Friday 2024 is not"),
        pytest.param(date(2024, 4, 1), False, id="Easter Monday 2024 is not"),
        pytest.param(date(2021, 12, 27), False, id="27 Dec 2021 substitute Christmas Day is not"),
        pytest.param(date(2021, 12, 28), False, id="28 Dec 2021 substitute Boxing Day is not"),
        pytest.param(date(2022, 1, 3), False, id="3 Jan 2022 substitute New Year is not"),
        pytest.param(date(2022, 12, 26), False, id="Boxing Day Monday 26 Dec 2022 is not"),
        pytest.param(date(2022, 12, 27), False, id="27 Dec 2022 substitute Christmas Day is not"),
        pytest.param(date(2023, 1, 2), False, id="2 Jan 2023 substitute New Year is not"),
        pytest.param(date(2022, 9, 19), False, id="the state funeral of Queen Elizabeth II is not"),
        pytest.param(date(2023, 5, 8), False, id="the coronation bank holiday is not"),
        pytest.param(date(2026, 12, 28), False, id="28 Dec 2026 substitute Boxing Day is not"),
        pytest.param(date(2026, 12, 29), True, id="29 Dec 2026 is one without closures configured"),
    ],
)
def test_r_time_1_working_day_table(day: date, working: bool) -> None:
    assert ENGLAND.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2024, 12, 27), True, id="27 Dec is a working day before the closure"),
        pytest.param(date(2024, 12, 30), False, id="30 Dec is an annual closure day"),
        pytest.param(date(2024, 12, 31), False, id="31 Dec is an annual closure day"),
        pytest.param(date(2025, 12, 29), False, id="the closure repeats the next year"),
        pytest.param(date(2025, 1, 2), True, id="2 Jan after the closure is a working day"),
    ],
)
def test_r_time_1_configured_closure_days_are_not_working_days(day: date, working: bool) -> None:
    assert WITH_CLOSURES.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(
            date(2026, 12, 18),
            5,
            date(2026, 12, 29),
            id="R-TIME-2 example: Fri 18 Dec 2026 plus 5 is Tue 29 Dec",
        ),
        pytest.param(date(2024, 1, 10), 0, date(2024, 1, 10), id="zero days is the date itself"),
        pytest.param(
            date(2024, 1, 10), 1, date(2024, 1, 11), id="one day after a Wednesday is Thursday"
        ),
        pytest.param(
            date(2024, 1, 12), 1, date(2024, 1, 15), id="one day after a Friday is Monday"
        ),
        pytest.param(
            date(2024, 1, 13), 1, date(2024, 1, 15), id="receipt on a Saturday counts from Monday"
        ),
        pytest.param(
            date(2024, 1, 14), 1, date(2024, 1, 15), id="receipt on a Sunday counts from Monday"
        ),
        pytest.param(
            date(2024, 1, 13),
            5,
            date(2024, 1, 19),
            id="five days after a Saturday is the next Friday",
        ),
        pytest.param(
            date(2024, 4, 1), 1, date(2024, 4, 2), id="receipt on Easter Monday counts from Tuesday"
        ),
        pytest.param(
            date(2024, 3, 28),
            2,
            date(2024, 4, 3),
            id="counting skips Good Friday and Easter Monday",
        ),
        pytest.param(
            date(2021, 12, 24),
            4,
            date(2022, 1, 4),
            id="counting skips the 2021 Christmas and New Year substitutes",
        ),
        pytest.param(
            date(2022, 12, 23),
            4,
            date(2023, 1, 3),
            id="counting skips the 2022 Christmas and New Year substitutes",
        ),
        pytest.param(
            date(2022, 9, 16), 1, date(2022, 9, 20), id="counting skips the state funeral"
        ),
        pytest.param(
            date(2023, 5, 5), 1, date(2023, 5, 9), id="counting skips the coronation bank holiday"
        ),
        pytest.param(
            date(2024, 1, 1), 10, date(2024, 1, 15), id="ten days after New Year's Day 2024"
        ),
    ],
)
def test_r_time_2_counting_table(start: date, n: int, expected: date) -> None:
    assert ENGLAND.add_working_days(start, n) == expected


def test_r_time_2_counting_skips_configured_closure_days() -> None:
    # 25/26 Dec are bank holidays and 27 Dec the last day before the closure.
    assert WITH_CLOSURES.add_working_days(date(2024, 12, 24), 2) == date(2025, 1, 2)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(
            date(2024, 1, 15), 1, date(2024, 1, 12), id="one before a Monday is the Friday"
        ),
        pytest.param(
            date(2024, 4, 2),
            1,
            date(2024, 3, 28),
            id="one before the Tuesday after Easter is Maundy Thursday",
        ),
        pytest.param(
            date(2026, 12, 29),
            5,
            date(2026, 12, 18),
            id="five before Tue 29 Dec 2026 is Fri 18 Dec",
        ),
        pytest.param(date(2024, 1, 13), 0, date(2024, 1, 13), id="zero days is the date itself"),
    ],
)
def test_r_time_2_subtracting_working_days(start: date, n: int, expected: date) -> None:
    assert ENGLAND.subtract_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(
            date(2026, 12, 18), date(2026, 12, 29), 5, id="the R-TIME-2 example counts back to 5"
        ),
        pytest.param(date(2024, 1, 12), date(2024, 1, 12), 0, id="the same day is zero"),
        pytest.param(date(2024, 1, 15), date(2024, 1, 12), 0, id="an earlier end is zero"),
        pytest.param(date(2024, 1, 12), date(2024, 1, 14), 0, id="a weekend adds nothing"),
        pytest.param(
            date(2024, 3, 28),
            date(2024, 4, 5),
            4,
            id="Easter week has four working days after Thursday",
        ),
    ],
)
def test_r_time_2_working_days_between(a: date, b: date, expected: int) -> None:
    assert ENGLAND.working_days_between(a, b) == expected


@pytest.mark.parametrize(
    ("day", "expected_next", "expected_on_or_after"),
    [
        pytest.param(
            date(2024, 1, 10), date(2024, 1, 11), date(2024, 1, 10), id="a working Wednesday"
        ),
        pytest.param(date(2024, 1, 13), date(2024, 1, 15), date(2024, 1, 15), id="a Saturday"),
        pytest.param(date(2024, 3, 29), date(2024, 4, 2), date(2024, 4, 2), id="Good Friday"),
    ],
)
def test_r_time_2_next_working_day_is_strictly_after_and_on_or_after_may_be_the_day(
    day: date, expected_next: date, expected_on_or_after: date
) -> None:
    assert ENGLAND.next_working_day(day) == expected_next
    assert ENGLAND.working_day_on_or_after(day) == expected_on_or_after


SMALL = WorkingCalendar(
    CalendarSnapshot(
        covers_from=date(2024, 1, 1), covers_to=date(2024, 1, 31), non_working=(date(2024, 1, 1),)
    )
)


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(
            lambda: SMALL.is_working_day(date(2024, 2, 1)), id="asking about a day after the range"
        ),
        pytest.param(
            lambda: SMALL.is_working_day(date(2023, 12, 29)),
            id="asking about a day before the range",
        ),
        pytest.param(
            lambda: SMALL.add_working_days(date(2024, 1, 30), 5), id="counting past the end"
        ),
        pytest.param(
            lambda: SMALL.subtract_working_days(date(2024, 1, 3), 5),
            id="counting back past the start",
        ),
        pytest.param(
            lambda: SMALL.add_working_days(date(2023, 12, 31), 1),
            id="counting from before the start",
        ),
    ],
)
def test_r_time_1_calendar_refuses_dates_outside_its_range(attempt) -> None:
    with pytest.raises(CalendarRangeError, match="2024-01-01 to 2024-01-31"):
        attempt()


def test_r_time_1_range_error_names_the_date_needed() -> None:
    with pytest.raises(CalendarRangeError, match="2024-02-01") as caught:
        SMALL.add_working_days(date(2024, 1, 30), 5)
    assert caught.value.covers_to == date(2024, 1, 31)


def test_r_time_2_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        SMALL.add_working_days(date(2024, 1, 10), -1)


def test_r_time_5_snapshot_is_kept_and_versioned_by_its_dates() -> None:
    assert SMALL.snapshot.version == calendar_version([date(2024, 1, 1)])
    assert len(SMALL.snapshot.version) == 12


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        pytest.param(
            datetime(2024, 7, 1, 23, 30, tzinfo=UTC),
            date(2024, 7, 2),
            id="23:30 UTC in summer is the next London day",
        ),
        pytest.param(
            datetime(2024, 1, 1, 23, 30, tzinfo=UTC),
            date(2024, 1, 1),
            id="23:30 UTC in winter is the same London day",
        ),
    ],
)
def test_r_time_3_local_date_is_the_london_calendar_date(instant: datetime, expected: date) -> None:
    assert local_date(instant) == expected


def test_r_time_3_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        local_date(datetime(2024, 1, 1, 12))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(
            date(2024, 7, 1),
            datetime(2024, 7, 1, 8, tzinfo=UTC),
            id="09:00 London in summer is 08:00 UTC",
        ),
        pytest.param(
            date(2024, 1, 15),
            datetime(2024, 1, 15, 9, tzinfo=UTC),
            id="09:00 London in winter is 09:00 UTC",
        ),
        pytest.param(
            date(2024, 3, 31),
            datetime(2024, 3, 31, 8, tzinfo=UTC),
            id="09:00 on the spring change day is already BST",
        ),
        pytest.param(
            date(2024, 10, 27),
            datetime(2024, 10, 27, 9, tzinfo=UTC),
            id="09:00 on the autumn change day is already GMT",
        ),
    ],
)
def test_r_s1_2_office_hours_are_dst_correct(day: date, expected: datetime) -> None:
    assert office_hours_on(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(
            date(2024, 10, 26),
            datetime(2024, 10, 25, 23, tzinfo=UTC),
            id="midnight before the October change is 23:00 UTC",
        ),
        pytest.param(
            date(2024, 10, 27),
            datetime(2024, 10, 26, 23, tzinfo=UTC),
            id="midnight of the October change day is still BST",
        ),
        pytest.param(
            date(2024, 10, 28),
            datetime(2024, 10, 28, 0, tzinfo=UTC),
            id="midnight after the October change is 00:00 UTC",
        ),
    ],
)
def test_r_time_3_london_midnight_across_the_october_change(day: date, expected: datetime) -> None:
    assert london_midnight(day) == expected
    assert london_midnight(day).tzinfo == UTC


def test_r_time_3_the_october_change_day_lasts_25_hours() -> None:
    assert london_midnight(date(2024, 10, 28)) - london_midnight(date(2024, 10, 27)) == timedelta(
        hours=25
    )


@pytest.mark.parametrize(
    ("action_on", "due", "met"),
    [
        pytest.param(
            date(2024, 1, 11), date(2024, 1, 12), True, id="the day before the due date is met"
        ),
        pytest.param(date(2024, 1, 12), date(2024, 1, 12), True, id="on the due date is met"),
        pytest.param(date(2024, 1, 13), date(2024, 1, 12), False, id="the day after is missed"),
    ],
)
def test_r_time_3_met_on_or_before_the_due_date(action_on: date, due: date, met: bool) -> None:
    assert is_met(action_on, due) is met


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        pytest.param(
            datetime(2024, 7, 12, 22, 59, 59, tzinfo=UTC),
            False,
            id="23:59:59 London on the due date is not overdue",
        ),
        pytest.param(
            datetime(2024, 7, 12, 23, 0, tzinfo=UTC),
            True,
            id="00:00 London the next day is overdue",
        ),
    ],
)
def test_r_time_3_overdue_from_midnight_london_the_next_day(now: datetime, overdue: bool) -> None:
    assert overdue_from(date(2024, 7, 12)) == datetime(2024, 7, 12, 23, tzinfo=UTC)
    assert is_overdue(now, date(2024, 7, 12)) is overdue


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        pytest.param(
            datetime(2024, 1, 10, 8, 0, tzinfo=UTC),
            datetime(2024, 1, 10, 9, tzinfo=UTC),
            id="before 09:00 on a working day waits for 09:00",
        ),
        pytest.param(
            datetime(2024, 1, 10, 9, 0, tzinfo=UTC),
            datetime(2024, 1, 10, 9, tzinfo=UTC),
            id="exactly 09:00 is sent at once",
        ),
        pytest.param(
            datetime(2024, 1, 10, 14, 0, tzinfo=UTC),
            datetime(2024, 1, 11, 9, tzinfo=UTC),
            id="after 09:00 waits for the next working day",
        ),
        pytest.param(
            datetime(2024, 1, 13, 0, 0, tzinfo=UTC),
            datetime(2024, 1, 15, 9, tzinfo=UTC),
            id="midnight on a Saturday waits for Monday",
        ),
        pytest.param(
            datetime(2024, 3, 28, 23, 0, tzinfo=UTC),
            datetime(2024, 4, 2, 8, tzinfo=UTC),
            id="midnight before Good Friday waits for Tuesday in BST",
        ),
        pytest.param(
            datetime(2024, 7, 11, 23, 0, tzinfo=UTC),
            datetime(2024, 7, 12, 8, tzinfo=UTC),
            id="midnight London in summer is sent at 09:00 that day",
        ),
    ],
)
def test_r_s1_2_staff_notifications_wait_for_office_hours(
    instant: datetime, expected: datetime
) -> None:
    assert next_office_hours(instant, ENGLAND) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(
            date(2024, 8, 31), 6, date(2025, 2, 28), id="31 Aug plus 6 months clamps to 28 Feb"
        ),
        pytest.param(
            date(2023, 8, 31),
            6,
            date(2024, 2, 29),
            id="31 Aug plus 6 months clamps to 29 Feb in a leap year",
        ),
        pytest.param(
            date(2024, 1, 31), 1, date(2024, 2, 29), id="31 Jan plus 1 month is 29 Feb 2024"
        ),
        pytest.param(
            date(2024, 2, 29), 12, date(2025, 2, 28), id="29 Feb plus 12 months is 28 Feb"
        ),
        pytest.param(
            date(2024, 11, 15), 3, date(2025, 2, 15), id="months carry into the next year"
        ),
        pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="minus 1 month also clamps"),
        pytest.param(date(2024, 5, 10), 0, date(2024, 5, 10), id="zero months is the date itself"),
    ],
)
def test_r_esc_2_calendar_month_arithmetic_clamps_to_month_end(
    start: date, n: int, expected: date
) -> None:
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("day", "text"),
    [
        pytest.param(date(2024, 1, 12), "Fri 12 Jan 2024", id="a Friday in January"),
        pytest.param(date(2026, 12, 29), "Tue 29 Dec 2026", id="the R-TIME-2 example due date"),
        pytest.param(date(2024, 9, 1), "Sun 1 Sep 2024", id="no leading zero on the day"),
    ],
)
def test_r_time_3_due_dates_read_as_staff_write_them(day: date, text: str) -> None:
    assert format_due(day) == text
