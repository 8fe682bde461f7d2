"""The Member Responsible for Complaints' quarterly pack (R-GOV-4, Code 9.5 to 9.7): pure.

The quarter's volumes, categories and outcomes, handling performance including compliance
with the Ombudsman's orders, the trends against the quarter before, and the Tenant
Satisfaction Measures. ``activities.governance`` reads the rows, renders it
(``reports.publish``) and sends it, on a Temporal Schedule (``workflows.governance``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel

from models.effects import ComplaintSummary
from reports.figures import PeriodReport, TenantSatisfaction, period_report, tenant_satisfaction
from rules.calendar import WorkingCalendar


class OrdersCompliance(BaseModel):
    """The Ombudsman's orders that came due in the quarter, and how many were done by then."""

    due: int = 0
    complied: int = 0
    outstanding: int = 0  # past due and not done


class Trend(BaseModel):
    category: str
    before: int
    now: int


class MrcPack(BaseModel):
    quarter: str  # "2026-27 Q3"
    start: date
    end: date
    mrc_name: str | None
    report: PeriodReport
    satisfaction: TenantSatisfaction | None
    orders: OrdersCompliance
    trends: list[Trend]


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_before(day: date) -> tuple[date, date]:
    """The last whole calendar quarter before `day`."""
    end = quarter_start(day) - timedelta(days=1)
    return quarter_start(end), end


def quarter_name(start: date) -> str:
    """Financial-year quarters: April to June is Q1."""
    year = start.year if start.month >= 4 else start.year - 1
    return f"{year}-{(year + 1) % 100:02d} Q{((start.month - 4) % 12) // 3 + 1}"


def orders_compliance(rows: Sequence[ComplaintSummary], start: date, end: date) -> OrdersCompliance:
    """Orders (tracked as ``ombudsman_order`` actions) due in the quarter."""
    found = OrdersCompliance()
    for row in rows:
        for item in row.actions:
            if item.get("kind") != "ombudsman_order":
                continue
            due = date.fromisoformat(str(item["due"]))
            if not start <= due <= end:
                continue
            found.due += 1
            done = item.get("completed_on")
            if done is not None and date.fromisoformat(str(done)) <= due:
                found.complied += 1
            elif done is None:
                found.outstanding += 1
    return found


def mrc_pack(
    rows: Sequence[ComplaintSummary],
    day: date,
    *,
    cal: WorkingCalendar,
    homes: int,
    mrc_name: str | None = None,
    extensions: dict[str, int] | None = None,
    lessons: Sequence[str] = (),
    closures: dict[str, str] | None = None,
) -> MrcPack:
    """The pack for the quarter before `day`; `rows` cover it and the quarter before it."""
    start, end = quarter_before(day)
    before_start, before_end = quarter_before(start)
    report = period_report(
        rows, start, end, cal=cal, extensions=extensions, lessons=lessons, closures=closures
    )
    before = period_report(rows, before_start, before_end, cal=cal, closures=closures)
    categories = sorted(set(report.by_category) | set(before.by_category))
    return MrcPack(
        quarter=quarter_name(start),
        start=start,
        end=end,
        mrc_name=mrc_name,
        report=report,
        satisfaction=tenant_satisfaction(rows, start, end, homes, closures) if homes else None,
        orders=orders_compliance(rows, start, end),
        trends=[
            Trend(category=c, before=before.by_category.get(c, 0), now=report.by_category.get(c, 0))
            for c in categories
        ],
    )
