"""Where non-working dates come from (R-TIME-1) and how a calendar change shows (R-TIME-4)."""

import json
import subprocess
import sys
from datetime import date

import pytest
from pydantic import ValidationError

from models.calendar import CalendarSnapshot
from rules.holidays_source import (
    Closures,
    HolidayOverride,
    build_snapshot,
    default_overrides,
    load_govuk_bank_holidays,
)

ENGLAND = build_snapshot(date(2021, 1, 1), date(2027, 12, 31))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        pytest.param(
            date(2021, 12, 27),
            "Christmas Day (observed)",
            id="27 Dec 2021 substitutes Christmas Day",
        ),
        pytest.param(
            date(2021, 12, 28), "Boxing Day (observed)", id="28 Dec 2021 substitutes Boxing Day"
        ),
        pytest.param(
            date(2022, 1, 3),
            "New Year's Day (observed)",
            id="3 Jan 2022 substitutes New Year's Day",
        ),
        pytest.param(date(2022, 12, 26), "Boxing Day", id="26 Dec 2022 is Boxing Day"),
        pytest.param(
            date(2022, 12, 27),
            "Christmas Day (observed)",
            id="27 Dec 2022 substitutes Christmas Day",
        ),
        pytest.param(
            date(2023, 1, 2),
            "New Year's Day (observed)",
            id="2 Jan 2023 substitutes New Year's Day",
        ),
        pytest.param(
            date(2026, 12, 28), "Boxing Day (observed)", id="28 Dec 2026 substitutes Boxing Day"
        ),
        pytest.param(date(2024, 3, 29), "Good Friday", id="Good Friday 2024"),
        pytest.param(
            date(2024, 4, 1), "Easter Monday", id="Easter Monday 2024 needs the ENG subdivision"
        ),
        pytest.param(
            date(2024, 8, 26),
            "Late Summer Bank Holiday",
            id="the August bank holiday needs the ENG subdivision",
        ),
        pytest.param(
            date(2022, 9, 19),
            "State Funeral of Queen Elizabeth II",
            id="the state funeral on Mon 19 Sep 2022",
        ),
        pytest.param(
            date(2023, 5, 8),
            "Coronation of Charles III",
            id="the coronation bank holiday on Mon 8 May 2023",
        ),
    ],
)
def test_r_time_1_england_and_wales_bank_holidays_are_listed_with_names(
    day: date, name: str
) -> None:
    assert day in ENGLAND.non_working
    assert ENGLAND.names[day] == name


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2021, 12, 25), id="Christmas Day on a Saturday is left to the weekend"),
        pytest.param(date(2026, 12, 26), id="Boxing Day on a Saturday is left to the weekend"),
        pytest.param(date(2022, 1, 1), id="New Year's Day on a Saturday is left to the weekend"),
    ],
)
def test_r_time_1_weekend_holidays_are_not_listed_because_weekends_are_implicit(day: date) -> None:
    assert day not in ENGLAND.non_working
    assert day not in ENGLAND.names


def test_r_time_1_only_dates_inside_the_range_are_listed() -> None:
    snapshot = build_snapshot(date(2024, 4, 1), date(2024, 5, 31))
    assert snapshot.non_working == (date(2024, 4, 1), date(2024, 5, 6), date(2024, 5, 27))


def test_r_time_1_closure_days_are_added_annually_and_once() -> None:
    closures = Closures(annual=["12-29", "12-30", "12-31"], dates=[date(2024, 7, 5)])
    snapshot = build_snapshot(date(2024, 1, 1), date(2025, 12, 31), closures=closures)
    for day in [date(2024, 12, 30), date(2024, 12, 31), date(2025, 12, 29), date(2025, 12, 31)]:
        assert day in snapshot.non_working, day
    assert date(2024, 12, 29) not in snapshot.non_working  # a Sunday: implicit
    assert snapshot.names[date(2024, 7, 5)] == "Office closure"
    assert snapshot.names[date(2024, 12, 25)] == "Christmas Day"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("12/29", id="a slash instead of a dash"),
        pytest.param("13-01", id="a month that does not exist"),
        pytest.param("02-30", id="a day the month never has"),
        pytest.param("1-5", id="digits not written as two"),
    ],
)
def test_r_time_1_a_bad_annual_closure_is_refused_with_a_clear_message(bad: str) -> None:
    with pytest.raises(ValidationError, match='written "MM-DD"'):
        Closures(annual=[bad])


def test_r_time_1_an_annual_29_february_closure_happens_only_in_leap_years() -> None:
    closures = Closures(annual=["02-29"])
    assert closures.on(2024) == [date(2024, 2, 29)]
    assert closures.on(2025) == []


def test_r_time_4_an_override_adds_a_newly_announced_holiday_and_changes_the_version() -> None:
    announced = HolidayOverride(date=date(2027, 6, 7), name="Newly announced bank holiday")
    before = build_snapshot(date(2027, 1, 1), date(2027, 12, 31))
    after = build_snapshot(date(2027, 1, 1), date(2027, 12, 31), overrides=[announced])
    assert date(2027, 6, 7) in after.non_working
    assert after.names[date(2027, 6, 7)] == "Newly announced bank holiday"
    assert after.version != before.version


def test_r_time_4_a_removed_override_cancels_a_package_date() -> None:
    moved = HolidayOverride(date=date(2027, 5, 3), name="May Day", removed=True)
    snapshot = build_snapshot(date(2027, 1, 1), date(2027, 12, 31), overrides=[moved])
    assert date(2027, 5, 3) not in snapshot.non_working
    assert date(2027, 5, 3) not in snapshot.names


GOVUK_SAMPLE = {
    "england-and-wales": {
        "division": "england-and-wales",
        "events": [
            {"title": "New Year’s Day", "date": "2027-01-01", "notes": "", "bunting": True},
            {"title": "Extra bank holiday", "date": "2027-06-07", "notes": "", "bunting": True},
        ],
    },
    "scotland": {
        "division": "scotland",
        "events": [{"title": "2nd January", "date": "2027-01-04", "notes": "", "bunting": True}],
    },
    "northern-ireland": {"division": "northern-ireland", "events": []},
}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(GOVUK_SAMPLE, id="a parsed document"),
        pytest.param(json.dumps(GOVUK_SAMPLE), id="JSON text"),
        pytest.param(json.dumps(GOVUK_SAMPLE).encode(), id="JSON bytes"),
    ],
)
def test_r_time_1_govuk_import_takes_the_england_and_wales_division_only(data) -> None:
    overrides = load_govuk_bank_holidays(data)
    assert [(o.date, o.name, o.removed) for o in overrides] == [
        (date(2027, 1, 1), "New Year’s Day", False),
        (date(2027, 6, 7), "Extra bank holiday", False),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="text that is not JSON"),
        pytest.param(
            {"scotland": {}}, 'no "england-and-wales" division', id="no England and Wales division"
        ),
        pytest.param(
            {"england-and-wales": {"division": "x"}},
            'no list of "events"',
            id="a division without events",
        ),
        pytest.param(
            {"england-and-wales": {"events": [{"title": "x", "date": "7 June"}]}},
            "YYYY-MM-DD",
            id="a date in the wrong format",
        ),
        pytest.param(
            {"england-and-wales": {"events": [{"date": "2027-06-07"}]}},
            'needs a "title"',
            id="an event without a title",
        ),
        pytest.param([], 'no "england-and-wales" division', id="a list instead of an object"),
    ],
)
def test_r_time_1_malformed_govuk_files_are_refused_with_a_clear_message(
    data, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_govuk_bank_holidays(data)


def test_r_time_1_a_govuk_download_is_authoritative_for_the_years_it_covers() -> None:
    govuk = load_govuk_bank_holidays(GOVUK_SAMPLE)
    snapshot = build_snapshot(date(2027, 1, 1), date(2028, 12, 31), overrides=govuk)
    assert [d for d in snapshot.non_working if d.year == 2027] == [
        date(2027, 1, 1),
        date(2027, 6, 7),
    ]
    assert date(2028, 4, 14) in snapshot.non_working  # 2028 still comes from the package


def test_r_time_1_a_govuk_download_only_adds_dates_when_not_authoritative() -> None:
    govuk = load_govuk_bank_holidays(GOVUK_SAMPLE)
    snapshot = build_snapshot(
        date(2027, 1, 1), date(2027, 12, 31), overrides=govuk, govuk_years_authoritative=False
    )
    assert date(2027, 6, 7) in snapshot.non_working
    assert date(2027, 3, 29) in snapshot.non_working  # Easter Monday kept from the package


def test_r_time_1_the_shipped_extra_holidays_file_adds_without_replacing_a_year() -> None:
    extras = default_overrides()
    assert all(o.source == "manual" for o in extras)
    snapshot = build_snapshot(date(2026, 1, 1), date(2026, 12, 31), overrides=extras)
    assert date(2026, 4, 6) in snapshot.non_working


def test_r_time_5_the_same_inputs_give_the_same_snapshot_and_version() -> None:
    again = build_snapshot(date(2021, 1, 1), date(2027, 12, 31))
    assert again == ENGLAND
    assert len(ENGLAND.version) == 12


def test_r_time_5_a_snapshot_round_trips_through_json_unchanged() -> None:
    assert CalendarSnapshot.model_validate_json(ENGLAND.model_dump_json()) == ENGLAND


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(
            {"covers_to": date(2023, 12, 31)},
            "before it starts",
            id="a range that ends before it starts",
        ),
        pytest.param(
            {"non_working": (date(2025, 1, 1),)},
            "outside the covered range",
            id="a date outside the range",
        ),
        pytest.param(
            {"names": {date(2024, 3, 1): "x"}},
            "not a listed non-working date",
            id="a name for an unlisted date",
        ),
    ],
)
def test_r_time_5_an_inconsistent_snapshot_is_refused(fields: dict, message: str) -> None:
    base = {"covers_from": date(2024, 1, 1), "covers_to": date(2024, 12, 31), "non_working": ()}
    with pytest.raises(ValidationError, match=message):
        CalendarSnapshot(**(base | fields))


def test_r_time_5_snapshot_dates_are_sorted_and_unique_whatever_the_input_order() -> None:
    snapshot = CalendarSnapshot(
        covers_from=date(2024, 1, 1),
        covers_to=date(2024, 12, 31),
        non_working=(date(2024, 5, 6), date(2024, 1, 1), date(2024, 5, 6)),
    )
    assert snapshot.non_working == (date(2024, 1, 1), date(2024, 5, 6))


def test_r_time_5_workflow_facing_rules_do_not_import_the_holidays_package() -> None:
    # A fresh interpreter, because this test module itself imports holidays.
    probe = (
        "import sys, rules.calendar, rules.policy, rules.deadlines; "
        "print(sorted(m for m in ('holidays', 'temporalio', 'sqlalchemy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
