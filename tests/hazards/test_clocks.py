"""Pure tests of the hazard clocks and regimes (R-HAZ-1..5), table-driven."""

from datetime import UTC, date, datetime

import pytest

from models.calendar import Closures
from models.hazard import (
    HazardKind,
    HazardRegime,
    HazardStep,
    HazardTenure,
)
from rules.calendar import LONDON, WorkingCalendar, overdue_from
from rules.hazards import clocks
from rules.hazards.regimes import (
    NoRegimeError,
    kinds_for,
    out_of_scope_reason,
    regime_on,
    shipped_regimes,
)
from rules.holidays_source import build_snapshot, default_overrides

REGIME = regime_on(date(2026, 1, 1))
# Bank holidays only: the landlord's closure days never extend a hazard deadline.
CAL = WorkingCalendar(
    build_snapshot(date(2025, 1, 1), date(2028, 12, 31), overrides=default_overrides())
)


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("aware_at", "due"),
    [
        # Friday 17:30 is due Saturday 17:30: hours, not working days.
        (london(2026, 12, 11, 17, 30), london(2026, 12, 12, 17, 30)),
        # Christmas Eve evening runs through Christmas Day.
        (london(2026, 12, 24, 20, 0), london(2026, 12, 25, 20, 0)),
        # Across the clocks going back (25 Oct 2026): 24 hours, not the same wall time.
        (london(2026, 10, 24, 12, 0), london(2026, 10, 25, 11, 0)),
    ],
)
def test_r_haz_2_emergency_counts_24_hours_through_nights_and_weekends(aware_at, due):
    assert clocks.emergency_due(aware_at, REGIME) == due
    deadline = clocks.emergency_deadline(aware_at, REGIME)
    assert deadline.step == HazardStep.MAKE_SAFE
    assert deadline.due == due


def test_r_haz_2_emergency_label_says_when_in_words():
    deadline = clocks.emergency_deadline(london(2026, 12, 11, 17, 30), REGIME)
    assert deadline.label == "Emergency: make safe by Sat 12 Dec 2026 17:30"


@pytest.mark.parametrize(
    ("aware_at", "due_on"),
    [
        # The Friday before Christmas 2026: 25 Dec, 28 Dec (Boxing Day substitute) and
        # 1 Jan are bank holidays, so the 10th working day is Wed 6 Jan 2027.
        (london(2026, 12, 18, 16, 0), date(2027, 1, 6)),
        # An ordinary Monday: two weeks later.
        (london(2026, 3, 2, 10, 0), date(2026, 3, 16)),
        # Reported on a Saturday: the Monday is day 1.
        (london(2026, 3, 7, 10, 0), date(2026, 3, 20)),
        # Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr).
        (london(2026, 3, 30, 9, 0), date(2026, 4, 15)),
    ],
)
def test_r_haz_3_significant_investigated_within_10_working_days(aware_at, due_on):
    assert clocks.investigation_due_on(aware_at, REGIME, CAL) == due_on
    deadline = clocks.investigation_deadline(aware_at, REGIME, CAL)
    assert deadline.due == overdue_from(due_on)


def test_r_haz_1_closure_days_never_extend_a_hazard_deadline():
    closed = Closures(dates=[date(2026, 3, 4), date(2026, 3, 5)])
    with_closures = WorkingCalendar(
        build_snapshot(date(2026, 1, 1), date(2026, 12, 31), closures=closed)
    )
    aware = london(2026, 3, 2, 10, 0)
    # A complaint calendar with closures would move it; the hazard's (bank holidays only)
    # does not.
    assert clocks.investigation_due_on(aware, REGIME, with_closures) == date(2026, 3, 18)
    assert clocks.investigation_due_on(aware, REGIME, CAL) == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("concluded_at", "summary_on", "safety_on", "begin_on", "start_by"),
    [
        # Concluded Thursday 10 Dec 2026 afternoon.
        (
            london(2026, 12, 10, 15, 0),
            date(2026, 12, 15),
            date(2026, 12, 17),
            date(2026, 12, 17),
            date(2027, 3, 4),
        ),
        # Concluded Wednesday 23 Dec 2026: across Christmas and Boxing Day.
        (
            london(2026, 12, 23, 11, 0),
            date(2026, 12, 30),
            date(2027, 1, 4),
            date(2027, 1, 4),
            date(2027, 3, 17),
        ),
    ],
)
def test_r_haz_4_r_haz_5_clocks_count_from_the_investigations_conclusion(
    concluded_at, summary_on, safety_on, begin_on, start_by
):
    assert clocks.summary_due_on(concluded_at, REGIME, CAL) == summary_on
    assert clocks.safety_works_due_on(concluded_at, REGIME, CAL) == safety_on
    assert clocks.further_works_begin_on(concluded_at, REGIME, CAL) == begin_on
    assert clocks.further_works_start_by(concluded_at, REGIME) == start_by
    steps = [d.step for d in clocks.after_conclusion(concluded_at, REGIME, CAL, works=True)]
    assert steps == [HazardStep.SUMMARY, HazardStep.SAFETY_WORKS, HazardStep.FURTHER_WORKS]


def test_r_haz_4_after_an_emergency_only_the_summary_clock_runs():
    found = clocks.after_conclusion(london(2026, 12, 12, 9, 0), REGIME, CAL, works=False)
    assert [d.step for d in found] == [HazardStep.SUMMARY]
    # Concluded on a Saturday: Mon, Tue, Wed.
    assert found[0].label == "Written summary by Wed 16 Dec 2026"


def test_r_haz_5_twelve_week_fallback_is_calendar_weeks():
    deadline = clocks.fallback_deadline(datetime(2026, 5, 1, 9, tzinfo=UTC), REGIME)
    assert deadline.label == "Further works started by Fri 24 Jul 2026"


@pytest.mark.parametrize(
    ("tenure", "in_scope"),
    [
        (HazardTenure.SOCIAL_TENANCY, True),
        (HazardTenure.SHARED_OWNERSHIP, False),
        (HazardTenure.SUPPORTED_HOUSING, False),
        (HazardTenure.HOMELESSNESS_ACCOMMODATION, False),
        (HazardTenure.LICENCE, False),
    ],
)
def test_r_haz_1_tenures_in_and_out_of_scope(tenure, in_scope):
    reason = out_of_scope_reason(REGIME, tenure)
    assert (reason is None) is in_scope
    if not in_scope:
        assert "Awaab's Law" in reason


@pytest.mark.parametrize(
    ("hazard", "kinds"),
    [
        ("damp_and_mould", [HazardKind.EMERGENCY, HazardKind.SIGNIFICANT]),
        ("electrical_hazards", [HazardKind.EMERGENCY]),
        ("crowding_and_space", []),
    ],
)
def test_r_haz_1_phase_one_scope(hazard, kinds):
    assert kinds_for(REGIME, hazard) == kinds


def test_r_haz_1_a_regime_applies_from_its_date_only():
    later = REGIME.model_copy(
        update={
            "name": "awaabs-law-phase-2",
            "in_force_from": date(2026, 10, 1),
            "significant": ["damp_and_mould", "excess_cold", "fire"],
        }
    )
    regimes = (*shipped_regimes(), later)
    assert regime_on(date(2026, 9, 30), regimes).name == "awaabs-law-phase-1"
    assert regime_on(date(2026, 10, 1), regimes).name == "awaabs-law-phase-2"
    assert regime_on(date(2025, 10, 27)).name == "awaabs-law-phase-1"
    with pytest.raises(NoRegimeError, match="No hazard regime was in force on 26 October 2025"):
        regime_on(date(2025, 10, 26))


def test_r_haz_1_a_regime_naming_an_unknown_hazard_is_refused():
    data = REGIME.model_dump() | {"significant": ["mould_everywhere"]}
    with pytest.raises(ValueError, match="unknown hazards: mould_everywhere"):
        HazardRegime.model_validate(data)
