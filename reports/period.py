"""The period report (R-RPT-1) and the Tenant Satisfaction Measures (R-RPT-2), computed
in Python from read-model rows and the event log's closures; see ``reports.figures``.

This is the table-driven reference: every surface that shows these figures takes them from
PostgreSQL (``reports.sql``) instead — the web report pages, ``python -m reports``, the
quarterly pack, the governance board's self-assessment and the annual report — and the
tests hold those to these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from models.effects import ComplaintSummary
from reports.hazard_figures import HazardFigures
from rules.calendar import WorkingCalendar

STAGES = ("stage_1", "stage_2", "stage_3")


class Timeliness(BaseModel):
    """How many of a kind of deadline came to an end (met, or missed) and how they went."""

    counted: int = 0
    within_target: int = 0
    within_limit: int = 0  # by the due date, an agreed extension included

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.counted if self.counted else None

    @property
    def share_within_limit(self) -> float | None:
        return self.within_limit / self.counted if self.counted else None


class PeriodReport(BaseModel):
    """R-RPT-1: a quarter's or a year's complaints, by the day they first reached us."""

    start: date
    end: date
    complaints: int = 0  # a second contact linked to another complaint counts once (R-DUP-1)
    # How many of them closed without a response, each apart (R-ACC-2, R-WDR-1, R-DUP-1):
    # declined, withdrawn by the resident, and second contacts linked as duplicates (these
    # last are not among `complaints`).
    declined: int = 0
    withdrawn: int = 0
    duplicates: int = 0
    by_stage: dict[str, int] = {}
    by_service_area: dict[str, int] = {}
    by_category: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    acknowledged: dict[str, Timeliness] = {}  # per stage
    responded: dict[str, Timeliness] = {}  # per stage
    extensions: int = 0
    average_working_days_to_response: dict[str, float] = {}  # per stage, from first contact
    remedies: dict[str, int] = {}
    compensation_total: float = 0.0
    ombudsman_cases: int = 0
    ombudsman_determinations: dict[str, int] = {}
    lessons: list[str] = []
    hazards: HazardFigures | None = None  # R-HAZ-7: reported in the period


def in_period(rows: Iterable[ComplaintSummary], start: date, end: date) -> list[ComplaintSummary]:
    """Complaints (not compliments or comments) first received between start and end."""
    return [r for r in rows if r.kind == "complaint" and start <= r.first_contact_on <= end]


CLOSED_WITHOUT_RESPONSE = ("declined", "withdrawn", "duplicate")


def closed_as(row: ComplaintSummary, closures: dict[str, str] | None = None) -> str | None:
    """Whether the complaint was declined, withdrawn or linked as a duplicate: from the
    event log (`closures`, see ``reports.load.closures``), which still says so once the
    record is complete, else from the row's status."""
    found = (closures or {}).get(row.reference)
    if found is None and row.status in CLOSED_WITHOUT_RESPONSE:
        found = row.status
    return found


def counted(
    rows: Iterable[ComplaintSummary], closures: dict[str, str] | None = None
) -> list[ComplaintSummary]:
    """R-DUP-1: the complaints to count, without second contacts linked to another."""
    return [r for r in rows if closed_as(r, closures) != "duplicate"]


def deadlines_of(row: ComplaintSummary, kind: str, stage: str) -> list[dict[str, Any]]:
    """The row's deadlines of a kind ("acknowledgement" or "response") at a stage, with
    their dates as dates (the read model keeps them as ISO strings); a deadline written
    without its flags (an older row) is neither cancelled nor missed, as the SQL report
    takes it."""
    if kind == "response":
        found = [d for d in row.deadlines if d["key"] == f"{stage}_response"]
    elif stage == "stage_1":
        found = [d for d in row.deadlines if d["key"] == "acknowledgement"]
    elif stage == "stage_2":
        found = [d for d in row.deadlines if d["key"].startswith("escalation_decision_")]
    else:
        found = []
    flags = {"cancelled": False, "limit_missed": False}
    return [
        {**flags, **d, **{k: _day(d.get(k)) for k in ("target", "due", "met_on")}} for d in found
    ]


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _reached(row: ComplaintSummary, stage: str) -> bool:
    """Whether the complaint reached the stage: its response came due there."""
    return bool(deadlines_of(row, "response", stage))


def _timeliness(rows: Iterable[ComplaintSummary], kind: str, stage: str) -> Timeliness:
    """Met deadlines, and missed ones (past their limit, not met); cancelled ones and those
    still running are not counted."""
    found = Timeliness()
    for row in rows:
        for d in deadlines_of(row, kind, stage):
            met = d["met_on"]
            if d["cancelled"] or (met is None and not d["limit_missed"]):
                continue
            found.counted += 1
            if met is not None and met <= d["target"]:
                found.within_target += 1
            if met is not None and met <= d["due"]:
                found.within_limit += 1
    return found


def period_report(
    rows: Iterable[ComplaintSummary],
    start: date,
    end: date,
    *,
    cal: WorkingCalendar,
    extensions: dict[str, int] | None = None,
    lessons: Sequence[str] = (),
    closures: dict[str, str] | None = None,
) -> PeriodReport:
    """R-RPT-1. `extensions` counts each complaint's extensions (its ``extended`` events);
    `lessons` are the period's recorded lessons (R-LRN-1); `closures` says which were
    declined, withdrawn or linked as duplicates (R-WDR-1, R-DUP-1)."""
    received = in_period(rows, start, end)
    chosen = counted(received, closures)
    extensions = extensions or {}
    ends = Counter(closed_as(r, closures) for r in received)
    report = PeriodReport(
        start=start,
        end=end,
        complaints=len(chosen),
        declined=ends["declined"],
        withdrawn=ends["withdrawn"],
        duplicates=ends["duplicate"],
    )
    report.by_stage = dict(Counter(r.stage for r in chosen))
    report.by_service_area = dict(Counter(r.service_area for r in chosen))
    report.by_category = dict(Counter(c for r in chosen for c in r.categories))
    report.by_channel = dict(Counter(r.channel for r in chosen))
    report.outcomes = dict(Counter(r.outcome for r in chosen if r.outcome))
    for stage in STAGES:
        acknowledged = _timeliness(chosen, "acknowledgement", stage)
        responded = _timeliness(chosen, "response", stage)
        if acknowledged.counted:
            report.acknowledged[stage] = acknowledged
        if responded.counted:
            report.responded[stage] = responded
        days = [
            cal.working_days_between(r.first_contact_on, d["met_on"])
            for r in chosen
            for d in deadlines_of(r, "response", stage)
            if d["met_on"] is not None
        ]
        if days:
            report.average_working_days_to_response[stage] = round(sum(days) / len(days), 1)
    report.extensions = sum(extensions.get(r.reference, 0) for r in chosen)
    report.remedies = dict(Counter(m["kind"] for r in chosen for m in r.remedies))
    report.compensation_total = round(sum(r.compensation_total for r in chosen), 2)
    cases = [case for r in chosen for case in r.ombudsman]
    report.ombudsman_cases = len(cases)
    report.ombudsman_determinations = dict(
        Counter(c["determination"] for c in cases if c.get("determination"))
    )
    report.lessons = list(lessons)
    return report


class TenantSatisfaction(BaseModel):
    """R-RPT-2: CH01 complaints per 1,000 homes and CH02 share answered in time, per stage."""

    start: date
    end: date
    homes: int
    complaints: dict[str, int]  # per stage: complaints that reached it
    ch01: dict[str, float]  # per 1,000 homes
    ch02: dict[str, float | None]  # share of responses within the Code's timescales


def tenant_satisfaction(
    rows: Iterable[ComplaintSummary],
    start: date,
    end: date,
    homes: int,
    closures: dict[str, str] | None = None,
) -> TenantSatisfaction:
    """CH01 counts a complaint at each stage it reached; CH02 is the share of those stages'
    responses given by their due date (the Code's limit, or an agreed extension). A second
    contact linked as a duplicate counts once, as its original (R-DUP-1)."""
    if homes <= 0:
        raise ValueError("The number of homes must be more than 0 (CH01 is per 1,000 homes).")
    chosen = counted(in_period(rows, start, end), closures)
    stages = ("stage_1", "stage_2")
    counts = {s: sum(1 for r in chosen if _reached(r, s)) for s in stages}
    ch02: dict[str, float | None] = {}
    for stage in stages:
        share = _timeliness(chosen, "response", stage).share_within_limit
        ch02[stage] = None if share is None else round(share, 4)
    return TenantSatisfaction(
        start=start,
        end=end,
        homes=homes,
        complaints=counts,
        ch01={s: round(counts[s] / homes * 1000, 2) for s in stages},
        ch02=ch02,
    )
