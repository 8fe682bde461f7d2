"""Where non-working dates come from: bank holidays, closures and overrides (R-TIME-1).

This is the one rules module that imports the ``holidays`` package. It runs in
activities and tooling only; workflows receive the resulting ``CalendarSnapshot`` and
never call this module, so a package upgrade cannot change a replay (R-TIME-5).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any, Literal

import holidays
from pydantic import BaseModel, ValidationError

from models.calendar import CalendarSnapshot, Closures, calendar_version

GOVUK_DIVISION = "england-and-wales"
EXTRA_HOLIDAYS_FILE = "extra-bank-holidays.json"
CLOSURE_NAME = "Office closure"


class HolidayOverride(BaseModel):
    """A correction to the package's bank holidays, applied after everything else.

    ``removed=True`` cancels a date (e.g. a holiday that was moved); otherwise the date
    is added as a non-working day. ``source`` says where the override came from:
    ``"gov.uk"`` for a full gov.uk download, ``"manual"`` for a hand-made addition.
    """

    date: dt.date
    name: str
    removed: bool = False
    source: Literal["gov.uk", "manual"] = "manual"


def load_govuk_bank_holidays(data: dict[str, Any] | str | bytes) -> list[HolidayOverride]:
    """Read the gov.uk bank-holidays JSON and return the England and Wales dates.

    ``data`` is the parsed document or its text. Other divisions are ignored. Raises
    ``ValueError`` saying what is wrong when the document is not in that format.
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ValueError(f"bank holidays file is not valid JSON: {error}") from None
    if not isinstance(data, dict) or GOVUK_DIVISION not in data:
        raise ValueError(f'bank holidays file has no "{GOVUK_DIVISION}" division')
    division = data[GOVUK_DIVISION]
    events = division.get("events") if isinstance(division, dict) else None
    if not isinstance(events, list):
        raise ValueError(f'"{GOVUK_DIVISION}" division has no list of "events"')
    overrides = []
    for position, event in enumerate(events):
        try:
            overrides.append(
                HolidayOverride(date=event["date"], name=event["title"], source="gov.uk")
            )
        except (KeyError, TypeError, ValidationError):
            raise ValueError(
                f'event {position} in "{GOVUK_DIVISION}" needs a "title" and a "date" '
                f"written YYYY-MM-DD, got {event!r}"
            ) from None
    return overrides


def default_overrides() -> list[HolidayOverride]:
    """The landlord's additions shipped in ``rules/data/extra-bank-holidays.json``.

    That file is where a newly announced bank holiday goes before the ``holidays``
    package knows it. Its entries are additions, never authoritative for a year.
    """
    text = resources.files("rules").joinpath("data", EXTRA_HOLIDAYS_FILE).read_text("utf-8")
    return [o.model_copy(update={"source": "manual"}) for o in load_govuk_bank_holidays(text)]


def build_snapshot(
    covers_from: dt.date,
    covers_to: dt.date,
    *,
    closures: Closures | None = None,
    overrides: Sequence[HolidayOverride] = (),
    govuk_years_authoritative: bool = True,
) -> CalendarSnapshot:
    """The non-working weekdays from ``covers_from`` to ``covers_to`` inclusive.

    England and Wales bank holidays from the ``holidays`` package (GB, subdivision ENG),
    then the landlord's closures, then ``overrides`` in order (add, or cancel when
    ``removed``). With ``govuk_years_authoritative``, a year that a gov.uk download
    covers takes its bank holidays from that download alone, since gov.uk is the
    official list and the package may lag it. Weekend dates are left out: weekends are
    never working days anyway.
    """
    if covers_to < covers_from:
        raise ValueError(f"calendar range ends ({covers_to}) before it starts ({covers_from})")
    years = range(covers_from.year, covers_to.year + 1)
    # Without subdiv="ENG" the package gives only UK-wide days: no Easter Monday and
    # no August bank holiday.
    package = holidays.country_holidays("GB", subdiv="ENG", years=years)
    named: dict[dt.date, str] = dict(package.items())
    if govuk_years_authoritative:
        govuk_years = {o.date.year for o in overrides if o.source == "gov.uk"}
        named = {d: n for d, n in named.items() if d.year not in govuk_years}
    closures = closures or Closures()
    for closed in [*(d for y in years for d in closures.on(y)), *closures.dates]:
        named.setdefault(closed, CLOSURE_NAME)
    for override in overrides:
        if override.removed:
            named.pop(override.date, None)
        else:
            named[override.date] = override.name
    kept = {d: named[d] for d in sorted(named) if covers_from <= d <= covers_to and d.weekday() < 5}
    return CalendarSnapshot(
        covers_from=covers_from,
        covers_to=covers_to,
        non_working=tuple(kept),
        names=kept,
        version=calendar_version(kept),
    )
