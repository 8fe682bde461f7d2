"""The hazard figures (R-HAZ-7) on fixed rows: by kind and source, the share meeting each
statutory step, the average time to make safe, and late steps with their reasons."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from models.hazard_state import (
    HazardSummary,
)
from reports.hazard_figures import hazard_figures
from rules.calendar import LONDON

Q4 = (date(2026, 10, 1), date(2026, 12, 31))
AWARE = datetime(2026, 11, 6, 17, 30, tzinfo=LONDON)  # a Friday evening


def deadline(step: str, due: datetime, met: datetime | None = None, breached: bool = False):
    return {
        "step": step,
        "label": step,
        "due": due.isoformat(),
        "met_at": met.isoformat() if met else None,
        "breached": breached,
    }


def row(n: int, **changes: Any) -> HazardSummary:
    values: dict[str, Any] = {
        "reference": f"HAZ-2026-{n:06d}",
        "organisation": "main",
        "hazard": "damp_and_mould",
        "hazard_words": "Damp and mould growth",
        "source": "complaint",
        "tenure": "social_tenancy",
        "location": "back bedroom",
        "kind": "significant",
        "step": "investigate",
        "aware_at": AWARE,
        "logged_at": AWARE,
        "regime": "awaabs-law-phase-1",
    }
    return HazardSummary(**{**values, **changes})


HOURS = timedelta(hours=1)
EMERGENCY_IN_TIME = row(
    1,
    hazard="electrical_hazards",
    hazard_words="Electrical hazards",
    kind="emergency",
    source="call",
    made_safe_at=AWARE + 6 * HOURS,
    deadlines=[
        deadline("triage", AWARE + 24 * HOURS, AWARE + HOURS),
        deadline("make_safe", AWARE + 24 * HOURS, AWARE + 6 * HOURS),
    ],
)
EMERGENCY_LATE = row(
    2,
    kind="emergency",
    source="form",
    made_safe_at=AWARE + 30 * HOURS,
    deadlines=[
        deadline("triage", AWARE + 24 * HOURS, AWARE + 2 * HOURS),
        deadline("make_safe", AWARE + 24 * HOURS, AWARE + 30 * HOURS),
    ],
    late_reasons=[
        {
            "step": "make_safe",
            "reason": "no_access",
            "occurred_on": "2026-11-07",
            "detail": "Nobody answered at 10:00",
            "evidence": "calling card left",
        }
    ],
)
CONCLUDED = AWARE + 72 * HOURS
SIGNIFICANT_MISSED = row(
    3,
    source="form",
    concluded_at=CONCLUDED,
    deadlines=[
        deadline("triage", AWARE + 24 * HOURS, AWARE + 3 * HOURS),
        deadline("investigate", AWARE + 14 * 24 * HOURS, CONCLUDED),
        deadline("safety_works", CONCLUDED + 7 * 24 * HOURS, CONCLUDED + 48 * HOURS),
        deadline("summary", CONCLUDED + 5 * 24 * HOURS, breached=True),
    ],
)
STILL_RUNNING = row(4, kind=None, step="triage", deadlines=[deadline("triage", AWARE + HOURS)])
BEFORE_THE_PERIOD = row(5, aware_at=datetime(2026, 9, 30, 23, 0, tzinfo=LONDON))
ROWS = [EMERGENCY_IN_TIME, EMERGENCY_LATE, SIGNIFICANT_MISSED, STILL_RUNNING, BEFORE_THE_PERIOD]
FIGURES = hazard_figures(ROWS, *Q4)


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("hazards", 4),  # 30 September 23:00 in London is before the quarter
        ("by_kind", {"emergency": 2, "significant": 1, "not_yet_triaged": 1}),
        ("by_source", {"call": 1, "form": 2, "complaint": 1}),
        ("by_hazard", {"Electrical hazards": 1, "Damp and mould growth": 3}),
        ("average_hours_to_make_safe", 18.0),  # 6 and 30 hours
        ("average_days_to_safety_works", 2.0),
    ],
)
def test_r_haz_7_hazards_counted_by_kind_source_and_time_to_make_safe(
    figure: str, expected: Any
) -> None:
    assert getattr(FIGURES, figure) == expected


@pytest.mark.parametrize(
    ("step", "counted", "in_time", "share"),
    [
        ("triage", 3, 3, 1.0),  # the untriaged report is still running: not counted
        ("make_safe", 2, 1, 0.5),
        ("investigate", 1, 1, 1.0),
        ("safety_works", 1, 1, 1.0),
        ("summary", 1, 0, 0.0),  # missed, not done
    ],
)
def test_r_haz_7_the_share_of_hazards_meeting_each_statutory_step(
    step: str, counted: int, in_time: int, share: float
) -> None:
    found = FIGURES.steps[step]
    assert (found.counted, found.in_time, found.share_in_time) == (counted, in_time, share)


def test_r_haz_7_no_step_is_reported_that_never_came_to_an_end() -> None:
    assert "further_works" not in FIGURES.steps


def test_r_haz_6_late_steps_carry_the_reasons_recorded_with_their_date_and_evidence() -> None:
    late = [(s.reference, s.step, s.done is None, s.reasons) for s in FIGURES.late]
    assert late == [
        (
            "HAZ-2026-000002",
            "make_safe",
            False,
            ["No access on Sat 7 Nov 2026: Nobody answered at 10:00 (evidence: calling card left)"],
        ),
        ("HAZ-2026-000003", "summary", True, []),
    ]


def test_r_haz_7_a_period_with_no_hazards_has_no_shares_or_averages() -> None:
    empty = hazard_figures([], *Q4)
    assert (empty.hazards, empty.steps, empty.average_hours_to_make_safe) == (0, {}, None)
