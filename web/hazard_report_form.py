"""The form of the complaint's `report_hazard` (R-HAZ-1, R-HAZ-7): which hazard, what it
is, where in the home, who is affected and any vulnerability, and when we became aware:
the hazard's clock starts then, not when it is logged."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from pydantic import BaseModel

from models.hazard import HazardTenure, ReportHazardInput
from models.text import SUMMARY
from rules.calendar import LONDON
from rules.hazards.regimes import NoRegimeError, regime_on
from web.forms import Choices, Field, Reader

TEXTAREA = "textarea"
TENURES = [(t.value, t.value.replace("_", " ").capitalize()) for t in HazardTenure]


def hazard_choices(context: Any) -> Choices:
    """The hazards the regime in force today names, in words, A to Z."""
    try:
        regime = regime_on(context.today)
    except NoRegimeError:
        return []
    return sorted(regime.hazards.items(), key=lambda item: item[1])


def _aware_at(r: Reader) -> datetime | None:
    """When we became aware, from a date and a 24-hour time (London)."""
    on = r.date("aware_on", "the date we became aware", required=True)
    clock = r.text("aware_time", "the time we became aware", required=True, limit=5)
    try:
        at = time.fromisoformat(clock.replace(".", ":").zfill(5)) if clock else None
    except ValueError:
        r.errors["aware_time"] = "Enter the time like 14:30"
        return None
    if on is None or at is None:
        return None
    return datetime.combine(on, at, tzinfo=LONDON)


def build_report_hazard(r: Reader, context: Any) -> BaseModel:
    hazard = r.choice("hazard", hazard_choices(context), "which hazard it is")
    description = r.text("description", "what the hazard is", required=True)
    location = r.text("location", "where in the home it is", required=True, limit=SUMMARY)
    affected = r.text("affected", "who is affected", required=True, limit=SUMMARY)
    vulnerability = r.text("vulnerability", limit=SUMMARY) or None
    tenure = r.choice("tenure", TENURES, "the tenure", required=False)
    aware_at = _aware_at(r)
    r.done()
    assert aware_at is not None
    return ReportHazardInput(
        hazard=hazard or "",
        description=description,
        location=location,
        aware_at=aware_at,
        affected=affected,
        vulnerability=vulnerability,
        tenure=HazardTenure(tenure) if tenure else HazardTenure.SOCIAL_TENANCY,
    )


FIELDS = (
    Field("hazard", "Which hazard is it?", "select", True, choices=hazard_choices),
    Field(
        "description",
        "What is it?",
        TEXTAREA,
        True,
        hint="As the resident or whoever saw it described it.",
    ),
    Field("location", "Where in the home?", required=True, hint="For example, back bedroom."),
    Field("affected", "Who is affected?", required=True, hint="Who lives there, and their ages."),
    Field("vulnerability", "Any vulnerability", hint="For example, the baby has asthma."),
    Field("tenure", "Tenure", "radios", choices=TENURES, hint="Leave blank for a social tenancy."),
    Field(
        "aware_on",
        "Date we became aware",
        "date",
        True,
        hint="The hazard's clock starts then, not when it is recorded.",
    ),
    Field("aware_time", "Time we became aware", required=True, hint="24-hour clock, like 14:30."),
)
