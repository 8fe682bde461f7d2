"""Working days and London time (R-TIME-1, R-TIME-2, R-TIME-3).

Pure and deterministic: everything is computed from a ``CalendarSnapshot`` and the
instants or dates passed in. This module never imports the ``holidays`` package, so a
package upgrade cannot change what a workflow replay computes (R-TIME-5).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.calendar import CalendarSnapshot

LONDON = ZoneInfo("Europe/London")

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class CalendarRangeError(ValueError):
    """Working-day arithmetic needed a date the calendar snapshot does not cover."""

    def __init__(self, needed: date, snapshot: CalendarSnapshot, doing: str = "") -> None:
        prefix = f"{doing} needs {needed.isoformat()}, which" if doing else needed.isoformat()
        super().__init__(
            f"{prefix} is outside the working-day calendar, which covers "
            f"{snapshot.covers_from.isoformat()} to {snapshot.covers_to.isoformat()}"
        )
        self.needed = needed
        self.covers_from = snapshot.covers_from
        self.covers_to = snapshot.covers_to


class WorkingCalendar:
    """Working-day arithmetic over one snapshot.

    Every method takes local (Europe/London) calendar dates and raises
    ``CalendarRangeError`` rather than guess about a date outside the snapshot.
    """

    def __init__(self, snapshot: CalendarSnapshot) -> None:
        self._snapshot = snapshot
        closed = frozenset(snapshot.non_working)
        span = (snapshot.covers_to - snapshot.covers_from).days + 1
        days = (snapshot.covers_from + timedelta(days=i) for i in range(span))
        # A sorted list of every working day in range turns counting into index
        # arithmetic, so a long span costs no more than a short one.
        self._working: list[date] = [d for d in days if d.weekday() < 5 and d not in closed]

    @property
    def snapshot(self) -> CalendarSnapshot:
        """The snapshot this calendar was built from (record its version with a deadline)."""
        return self._snapshot

    def is_working_day(self, d: date) -> bool:
        """R-TIME-1: Monday to Friday and not a bank holiday or closure day."""
        self._require(d)
        i = bisect_left(self._working, d)
        return i < len(self._working) and self._working[i] == d

    def add_working_days(self, d: date, n: int) -> date:
        """R-TIME-2: the nth working day strictly after ``d``; ``d`` never counts; n=0 gives d."""
        _require_non_negative(n)
        self._require(d)
        if n == 0:
            return d
        i = bisect_right(self._working, d) + n - 1
        if i >= len(self._working):
            after = self._snapshot.covers_to + timedelta(days=1)
            raise CalendarRangeError(after, self._snapshot, f"counting {n} working days after {d}")
        return self._working[i]

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def working_day_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the next working day."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def subtract_working_days(self, d: date, n: int) -> date:
        """The nth working day strictly before ``d``; n=0 gives d."""
        _require_non_negative(n)
        self._require(d)
        if n == 0:
            return d
        i = bisect_left(self._working, d) - n
        if i < 0:
            before = self._snapshot.covers_from - timedelta(days=1)
            raise CalendarRangeError(
                before, self._snapshot, f"counting {n} working days before {d}"
            )
        return self._working[i]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b``; 0 when ``b`` is not after ``a``."""
        self._require(a)
        self._require(b)
        if b <= a:
            return 0
        return bisect_right(self._working, b) - bisect_right(self._working, a)

    def _require(self, d: date) -> None:
        if not self._snapshot.covers_from <= d <= self._snapshot.covers_to:
            raise CalendarRangeError(d, self._snapshot)


def _require_non_negative(n: int) -> None:
    if n < 0:
        raise ValueError(f"number of working days must be zero or more, not {n}")


def _require_aware(instant: datetime) -> None:
    # A naive datetime has no meaning here: workflow.now() and the database both give
    # aware instants, so a naive one is a bug upstream, not something to guess about.
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no time zone")


def local_date(instant: datetime) -> date:
    """The Europe/London calendar date of an aware instant."""
    _require_aware(instant)
    return instant.astimezone(LONDON).date()


def office_hours_on(d: date, hour: int = 9) -> datetime:
    """``hour``:00 Europe/London on ``d``, as an aware UTC datetime (DST-correct)."""
    if not 0 <= hour <= 23:
        raise ValueError(f"office hour must be 0 to 23, not {hour}")
    return datetime.combine(d, time(hour), tzinfo=LONDON).astimezone(UTC)


def london_midnight(d: date) -> datetime:
    """00:00 Europe/London at the start of ``d``, as an aware UTC datetime."""
    # UK clocks change at 01:00 UTC, so local midnight always exists exactly once.
    return office_hours_on(d, hour=0)


def overdue_from(due: date) -> datetime:
    """R-TIME-3: the instant a deadline becomes overdue, 00:00 London the day after ``due``."""
    return london_midnight(due + timedelta(days=1))


def is_met(action_on: date, due: date) -> bool:
    """R-TIME-3: an action on or before the due date (both local) meets the deadline."""
    return action_on <= due


def is_overdue(now: datetime, due: date) -> bool:
    """R-TIME-3: true from 00:00 London on the day after ``due``."""
    _require_aware(now)
    return now >= overdue_from(due)


def next_office_hours(instant: datetime, calendar: WorkingCalendar, hour: int = 9) -> datetime:
    """The first working-day ``hour``:00 London at or after ``instant``, as UTC.

    R-S1-2: staff reminders and notifications wait for office hours, so one falling due
    at midnight or on a weekend is sent at 09:00 on the next working day.
    """
    day = local_date(instant)
    if calendar.is_working_day(day) and office_hours_on(day, hour) >= instant:
        return office_hours_on(day, hour)
    return office_hours_on(calendar.next_working_day(day), hour)


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months, clamped to the month end (31 Aug + 6 = 28/29 Feb)."""
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    last_day = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


def format_due(d: date) -> str:
    """A date as staff read it, e.g. "Fri 12 Jan 2024", independent of the process locale."""
    return f"{_DAY_NAMES[d.weekday()]} {d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"
