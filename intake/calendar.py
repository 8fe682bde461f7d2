"""The working-day calendar a complaint starts with (R-TIME-1, R-TIME-5): bank holidays,
the closures in ``Settings.closures`` (``REDRESS_CLOSURES``), the shipped overrides."""

from __future__ import annotations

from datetime import date, timedelta

from models.calendar import CalendarSnapshot, Closures
from rules.calendar import add_months
from rules.holidays_source import build_snapshot, default_overrides
from settings import Settings
from workflows.complaint import CALENDAR_YEARS_AHEAD


def calendar_for(first_contact: date, closures: Closures | None = None) -> CalendarSnapshot:
    """The England and Wales working-day calendar around a complaint's first contact, with
    ``closures`` (by default, as ``REDRESS_CLOSURES`` says now: read afresh, not from the
    process's cached settings, so a changed closure counts from the next complaint)."""
    return build_snapshot(
        first_contact - timedelta(days=60),
        add_months(first_contact, 12 * CALENDAR_YEARS_AHEAD),  # 29 Feb safe
        closures=closures if closures is not None else Settings().closures,
        overrides=default_overrides(),
    )
