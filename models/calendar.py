"""The working-day calendar a complaint is timed against, as plain data.

A snapshot is built once by an activity (bank holidays, closure days, overrides) and
handed to the workflow, so the workflow never consults the ``holidays`` package and a
replay sees exactly the dates the complaint was timed against (R-TIME-5).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator


def calendar_version(non_working: Iterable[date]) -> str:
    """Short content hash of the non-working dates: first 12 hex digits of sha256.

    Two snapshots with the same dates have the same version, so a recorded version
    tells whether the calendar changed since a deadline was computed (R-TIME-4).
    """
    text = "\n".join(d.isoformat() for d in sorted(set(non_working)))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:12]


class CalendarSnapshot(BaseModel):
    """Non-working dates (bank holidays and closure days) over a covered range.

    Weekends are implicit and need not be listed.

    ``non_working`` is normalised to sorted and unique; every date in it, and every
    date named in ``names``, must lie inside ``covers_from``..``covers_to``.
    ``version`` is filled in from the dates when not given.
    """

    model_config = ConfigDict(frozen=True)

    covers_from: date
    covers_to: date
    non_working: tuple[date, ...]
    names: dict[date, str] = {}
    version: str

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        # Sorting here (not only in the builder) keeps the version stable however a
        # caller happened to order the dates.
        if isinstance(data, dict) and "non_working" in data:
            data = dict(data)
            dates = [
                date.fromisoformat(d) if isinstance(d, str) else d for d in data["non_working"]
            ]
            data["non_working"] = tuple(sorted(set(dates)))
            data.setdefault("version", calendar_version(data["non_working"]))
        return data

    @model_validator(mode="after")
    def _check_range(self) -> CalendarSnapshot:
        if self.covers_to < self.covers_from:
            raise ValueError(
                f"calendar range ends ({self.covers_to}) before it starts ({self.covers_from})"
            )
        outside = [d for d in self.non_working if not self.covers_from <= d <= self.covers_to]
        if outside:
            raise ValueError(
                f"non-working date {outside[0]} is outside the covered range "
                f"{self.covers_from} to {self.covers_to}"
            )
        unlisted = sorted(set(self.names) - set(self.non_working))
        if unlisted:
            raise ValueError(
                f"name given for {unlisted[0]}, which is not a listed non-working date"
            )
        return self


class Closures(BaseModel):
    """Days the landlord's offices are closed: every year (``"MM-DD"``) and one-off dates."""

    annual: list[str] = []
    dates: list[date] = []

    @field_validator("annual")
    @classmethod
    def _check_month_days(cls, values: list[str]) -> list[str]:
        for value in values:
            _parse_month_day(value)
        return values

    def on(self, year: int) -> list[date]:
        """The annual closure dates falling in ``year`` (29 February only in leap years)."""
        days = []
        for value in self.annual:
            month, day = _parse_month_day(value)
            try:
                days.append(date(year, month, day))
            except ValueError:
                continue  # 02-29 in a common year: no closure that year
        return days

    @classmethod
    def from_setting(cls, value: str | None) -> Closures:
        """Read ``REDRESS_CLOSURES``: a comma-separated list of ``MM-DD`` (closed every year,
        e.g. ``12-29,12-30,12-31``) and ISO dates (closed once, e.g. ``2026-06-15``).
        Raises ``ValueError`` naming the bad entry."""
        annual: list[str] = []
        dates: list[date] = []
        for entry in (part.strip() for part in (value or "").split(",")):
            if not entry:
                continue
            if len(entry) == 5:
                annual.append(entry)  # the validator checks it is a real month and day
                continue
            try:
                dates.append(date.fromisoformat(entry))
            except ValueError:
                raise ValueError(
                    f'REDRESS_CLOSURES entry "{entry}" is neither a month and day ("12-29") '
                    f'nor a date ("2026-12-29")'
                ) from None
        return cls(annual=annual, dates=dates)


def _parse_month_day(value: str) -> tuple[int, int]:
    problem = f'annual closure "{value}" is not a month and day written "MM-DD", e.g. "12-29"'
    parts = value.split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ValueError(problem)
    month, day = int(parts[0]), int(parts[1])
    try:
        date(2000, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        raise ValueError(problem) from None
    return month, day
