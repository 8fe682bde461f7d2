"""The hazard's clocks (R-HAZ-1..5), pure: instants and the calendar snapshot passed in.

An emergency counts in hours, through nights, weekends and bank holidays (R-HAZ-2). Every
other clock counts working days that exclude weekends and bank holidays only: the
hazard's calendar snapshot is built without the landlord's closure days, so they never
extend a hazard deadline (R-HAZ-1). A working-day clock runs to the end of its last day
(00:00 London the day after, R-TIME-3); the day it starts never counts (R-TIME-2).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from models.hazard import (
    HazardRegime,
    HazardStep,
)
from models.hazard_state import (
    HazardDeadline,
)
from rules.calendar import LONDON, WorkingCalendar, format_due, local_date, overdue_from


def format_instant(instant: datetime) -> str:
    """An instant as staff read it in London: "Sat 12 Dec 2026 17:30"."""
    local = instant.astimezone(LONDON)
    return f"{format_due(local.date())} {local:%H:%M}"


def emergency_due(aware_at: datetime, regime: HazardRegime) -> datetime:
    """R-HAZ-2: investigated and made safe within 24 hours of awareness, in hours: elapsed
    hours in UTC, so a night when the clocks change is 23 or 25 hours of wall time."""
    return aware_at.astimezone(UTC) + timedelta(hours=regime.emergency_hours)


def investigation_due_on(aware_at: datetime, regime: HazardRegime, cal: WorkingCalendar) -> date:
    """R-HAZ-3: a significant hazard is investigated within 10 working days of awareness."""
    return cal.add_working_days(local_date(aware_at), regime.investigate_wd)


def summary_due_on(concluded_at: datetime, regime: HazardRegime, cal: WorkingCalendar) -> date:
    """R-HAZ-4: the written summary within 3 working days of the investigation concluding."""
    return cal.add_working_days(local_date(concluded_at), regime.summary_wd)


def safety_works_due_on(concluded_at: datetime, regime: HazardRegime, cal: WorkingCalendar) -> date:
    """R-HAZ-5: safety works within 5 working days of the investigation concluding."""
    return cal.add_working_days(local_date(concluded_at), regime.safety_works_wd)


def further_works_begin_on(
    concluded_at: datetime, regime: HazardRegime, cal: WorkingCalendar
) -> date:
    """R-HAZ-5: further preventative works begin within 5 working days of the conclusion."""
    return cal.add_working_days(local_date(concluded_at), regime.further_works_begin_wd)


def further_works_start_by(concluded_at: datetime, regime: HazardRegime) -> date:
    """R-HAZ-5: where beginning within 5 WD is not reasonably practicable, the works are
    physically started within 12 weeks (calendar weeks) of the conclusion."""
    return local_date(concluded_at) + timedelta(weeks=regime.further_works_start_weeks)


def emergency_deadline(aware_at: datetime, regime: HazardRegime) -> HazardDeadline:
    due = emergency_due(aware_at, regime)
    return HazardDeadline(
        step=HazardStep.MAKE_SAFE,
        label=f"Emergency: make safe by {format_instant(due)}",
        due=due,
    )


def day_deadline(step: HazardStep, what: str, due_on: date) -> HazardDeadline:
    """A working-day deadline: late from 00:00 London the day after ``due_on``."""
    return HazardDeadline(
        step=step, label=f"{what} by {format_due(due_on)}", due=overdue_from(due_on)
    )


def investigation_deadline(
    aware_at: datetime, regime: HazardRegime, cal: WorkingCalendar
) -> HazardDeadline:
    due_on = investigation_due_on(aware_at, regime, cal)
    return day_deadline(HazardStep.INVESTIGATE, "Significant: investigate", due_on)


def after_conclusion(
    concluded_at: datetime, regime: HazardRegime, cal: WorkingCalendar, *, works: bool
) -> list[HazardDeadline]:
    """R-HAZ-4, R-HAZ-5: the clocks that start from the investigation's conclusion: the
    summary always; safety works and further works when a significant hazard was found."""
    found = [
        day_deadline(
            HazardStep.SUMMARY, "Written summary", summary_due_on(concluded_at, regime, cal)
        )
    ]
    if works:
        found += [
            day_deadline(
                HazardStep.SAFETY_WORKS,
                "Safety works",
                safety_works_due_on(concluded_at, regime, cal),
            ),
            day_deadline(
                HazardStep.FURTHER_WORKS,
                "Further works begun",
                further_works_begin_on(concluded_at, regime, cal),
            ),
        ]
    return found


def fallback_deadline(concluded_at: datetime, regime: HazardRegime) -> HazardDeadline:
    """R-HAZ-5: the 12-week deadline for further works physically started."""
    return day_deadline(
        HazardStep.FURTHER_WORKS,
        "Further works started",
        further_works_start_by(concluded_at, regime),
    )
