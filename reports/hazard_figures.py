"""The figures of hazards under Awaab's Law (R-HAZ-7: "reports give the share of hazards
meeting each deadline"), from the ``hazards`` read model's rows (``HazardSummary``).

Pure, as ``reports.figures``: hazards by kind and by source, the share meeting each
statutory step, the average time to make an emergency safe and to do a significant
hazard's safety works, and every late or missed step with the reasons recorded for it
(R-HAZ-6), which are the landlord's evidence that it took all reasonable steps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel

from models.hazard import (
    HazardStep,
)
from models.hazard_state import (
    HazardSummary,
)
from rules.calendar import LONDON, format_due

# The statutory steps, in the order a hazard meets them.
STEPS = (
    HazardStep.TRIAGE,
    HazardStep.MAKE_SAFE,
    HazardStep.INVESTIGATE,
    HazardStep.SUMMARY,
    HazardStep.SAFETY_WORKS,
    HazardStep.FURTHER_WORKS,
)


class StepTimeliness(BaseModel):
    """How many of a step's deadlines came to an end (met, or missed) and how many in time;
    deadlines still running are not counted."""

    counted: int = 0
    in_time: int = 0
    share_in_time: float | None = None


class LateStep(BaseModel):
    """A step done late or missed, with every reason recorded for it (R-HAZ-6)."""

    reference: str
    step: str
    due: datetime
    done: datetime | None  # None: missed and not yet done
    reasons: list[str]


class HazardFigures(BaseModel):
    start: date
    end: date
    hazards: int = 0
    by_kind: dict[str, int] = {}
    by_source: dict[str, int] = {}
    by_hazard: dict[str, int] = {}
    steps: dict[str, StepTimeliness] = {}
    average_hours_to_make_safe: float | None = None  # emergencies, from awareness
    average_days_to_safety_works: float | None = None  # significant, from the conclusion
    alternative_accommodation: int = 0
    late: list[LateStep] = []


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period in London time, from the start of `start` to the end of `end`."""
    return (
        datetime.combine(start, time(), tzinfo=LONDON),
        datetime.combine(date.fromordinal(end.toordinal() + 1), time(), tzinfo=LONDON),
    )


def _reasons(row: HazardSummary, step: str) -> list[str]:
    """Each reason in words: "No access on Sat 7 Nov 2026: ... (evidence: ...)"."""
    return [
        f"{r['reason'].replace('_', ' ').capitalize()} on "
        f"{format_due(date.fromisoformat(str(r['occurred_on'])[:10]))}: {r['detail']} "
        f"(evidence: {r['evidence']})"
        for r in row.late_reasons
        if r.get("step") == step
    ]


def _average(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def hazard_figures(
    rows: Iterable[HazardSummary], start: date, end: date, organisation: str = ""
) -> HazardFigures:
    """The hazards the landlord became aware of between `start` and `end` (London days),
    of one organisation's homes, or of the whole group when `organisation` is empty
    (R-ORG-1)."""
    since, until = period_bounds(start, end)
    chosen = [
        r
        for r in rows
        if since <= r.aware_at < until and (not organisation or r.organisation == organisation)
    ]
    figures = HazardFigures(start=start, end=end, hazards=len(chosen))
    figures.by_kind = dict(Counter(r.kind or "not_yet_triaged" for r in chosen))
    figures.by_source = dict(Counter(r.source for r in chosen))
    figures.by_hazard = dict(Counter(r.hazard_words for r in chosen))
    ended: dict[str, StepTimeliness] = {}
    safety_days: list[float] = []
    for row in chosen:
        for d in row.deadlines:
            due, met = _moment(d["due"]), _moment(d.get("met_at"))
            assert due is not None
            if d.get("gave_way_at") or (met is None and not d.get("breached")):
                continue  # still running, or gave way to the 12-week clock (R-HAZ-5)
            found = ended.setdefault(d["step"], StepTimeliness())
            found.counted += 1
            if met is not None and met <= due:
                found.in_time += 1
            else:
                figures.late.append(
                    LateStep(
                        reference=row.reference,
                        step=d["step"],
                        due=due,
                        done=met,
                        reasons=_reasons(row, d["step"]),
                    )
                )
            if d["step"] == HazardStep.SAFETY_WORKS and met and row.concluded_at:
                safety_days.append((met - row.concluded_at).total_seconds() / 86400)
        figures.alternative_accommodation += len(row.accommodation)
    for step in STEPS:
        if step.value in ended:
            found = ended[step.value]
            found.share_in_time = round(found.in_time / found.counted, 4)
            figures.steps[step.value] = found
    figures.average_hours_to_make_safe = _average(
        [
            (r.made_safe_at - r.aware_at).total_seconds() / 3600
            for r in chosen
            if r.kind == "emergency" and r.made_safe_at is not None
        ]
    )
    figures.average_days_to_safety_works = _average(safety_days)
    figures.late.sort(key=lambda late: (late.due, late.reference))
    return figures
