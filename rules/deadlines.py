"""What is due when: the Code's timescales applied to local dates.

Every function takes its arguments in one order: the local (Europe/London) date the
period runs from, then the ``PolicyProfile``, then the ``WorkingCalendar`` when working
days are counted. Working days count strictly after the start date (R-TIME-2); calendar
months clamp to the month end. Pure and deterministic: no clock, no I/O, no
``holidays`` package, so a workflow can call these and replay identically (R-TIME-5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from models.policy import PolicyProfile
from rules.calendar import CalendarRangeError, WorkingCalendar, add_months

Rag = Literal["green", "amber", "red"]


@dataclass(frozen=True)
class Due:
    """A deadline: ``target`` is the service standard, ``limit`` the Code's maximum.

    Where the table gives one figure the two are the same date.
    """

    target: date
    limit: date

    def __post_init__(self) -> None:
        if self.limit < self.target:
            raise ValueError(f"deadline limit {self.limit} is before its target {self.target}")


def _due(start: date, target_wd: int, limit_wd: int, calendar: WorkingCalendar) -> Due:
    return Due(
        target=calendar.add_working_days(start, target_wd),
        limit=calendar.add_working_days(start, limit_wd),
    )


def log_due(first_contact: date, profile: PolicyProfile, calendar: WorkingCalendar) -> Due:
    """R-INT-1: log the complaint within the profile's days of first contact."""
    return _due(first_contact, profile.log_target_wd, profile.log_target_wd, calendar)


def acknowledgement_due(received: date, profile: PolicyProfile, calendar: WorkingCalendar) -> Due:
    """R-ACK-1: acknowledge Stage 1 by the target, and at the latest by the limit, after receipt."""
    return _due(received, profile.ack_target_wd, profile.ack_limit_wd, calendar)


def stage_one_response_due(
    acknowledged: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> Due:
    """R-S1-1: respond at Stage 1 within the profile's days of acknowledgement."""
    days = profile.stage_1_response_wd
    return _due(acknowledged, days, days, calendar)


def stage_one_extension_ceiling(
    original_due: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> date:
    """R-S1-3: the latest date extensions may reach, in total, without the resident's agreement."""
    return calendar.add_working_days(original_due, profile.stage_1_extension_wd)


def escalation_decision_due(
    requested: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> Due:
    """R-ESC-2: decide an escalation request (and acknowledge Stage 2) within the profile's days."""
    days = profile.escalation_decision_wd
    return _due(requested, days, days, calendar)


def stage_two_response_due(
    escalation_acknowledged: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> Due:
    """R-S2-2: respond at Stage 2 within the profile's days of acknowledging the escalation."""
    days = profile.stage_2_response_wd
    return _due(escalation_acknowledged, days, days, calendar)


def stage_two_extension_ceiling(
    original_due: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> date:
    """R-S2-2: as R-S1-3 with the Stage 2 extension days."""
    return calendar.add_working_days(original_due, profile.stage_2_extension_wd)


def stage_three_panel_due(
    confirmed: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> Due:
    """R-S3-1: hold the Stage 3 panel within the profile's days of the request being confirmed."""
    days = profile.stage_3_panel_wd
    return _due(confirmed, days, days, calendar)


def stage_three_response_due(
    meeting: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> Due:
    """R-S3-1: respond after the panel meeting by the target, and at the latest by the limit."""
    target, limit = profile.stage_3_response_target_wd, profile.stage_3_response_limit_wd
    return _due(meeting, target, limit, calendar)


def escalation_window_closes(responded: date, profile: PolicyProfile) -> date:
    """R-ESC-2: the last day a request to escalate is in time, months after the Stage 1 response."""
    return add_months(responded, profile.escalation_window_months)


def is_late_complaint(issue_date: date, received: date, profile: PolicyProfile) -> bool:
    """R-ACC-1: the issue is older than the profile's months when the complaint is received.

    Received exactly on the anniversary is still in time; the day after is late.
    """
    return received > add_months(issue_date, profile.late_complaint_months)


def survey_due(closed: date, profile: PolicyProfile) -> date:
    """R-SAT-1: the date the satisfaction survey goes out, months after closure."""
    return add_months(closed, profile.survey_after_months)


def next_action_update_due(
    last_update: date, profile: PolicyProfile, calendar: WorkingCalendar
) -> date:
    """R-REM-3: the resident hears about open actions again within the profile's days."""
    return calendar.add_working_days(last_update, profile.action_update_every_wd)


def reminder_on(
    due: date, profile: PolicyProfile, calendar: WorkingCalendar, *, not_before: date
) -> date:
    """R-S1-2: the working day the handler is reminded of ``due``.

    That is ``reminder_before_wd`` working days before ``due``, but never before the
    first working day on or after ``not_before`` (normally today), so a deadline set
    close to now is reminded at once rather than in the past. The result is after
    ``due`` only when ``not_before`` is; a caller then has nothing left to remind.
    """
    floor = calendar.working_day_on_or_after(not_before)
    try:
        ideal = calendar.subtract_working_days(due, profile.reminder_before_wd)
    except CalendarRangeError:
        # The ideal day is before the calendar starts, hence before the floor too.
        return floor
    return max(ideal, floor)


def rag(today: date, due: Due) -> Rag:
    """Green on or before the target, amber after it up to the limit, red after the limit.

    R-TIME-3: a date is met on the day itself, so each colour changes at the next day.
    """
    if today <= due.target:
        return "green"
    if today <= due.limit:
        return "amber"
    return "red"
