"""The Member Responsible for Complaints' quarterly pack (R-GOV-4, Code 9.5 to 9.7).

The quarter's volumes, categories and outcomes, handling performance including compliance
with the Ombudsman's orders, the trends against the quarter before, and the Tenant
Satisfaction Measures. `stored_mrc_pack` takes them from PostgreSQL (``reports.sql``, and
one query here for the orders); `mrc_pack` gives the same pack from rows read into Python,
the reference the tests hold it to. ``activities.mrc_pack`` renders it
(``reports.publish``) and sends it, on a Temporal Schedule (``workflows.mrc_pack``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from models.effects import ComplaintSummary
from reports import load, sql
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
    return _pack(
        report,
        before,
        tenant_satisfaction(rows, start, end, homes, closures) if homes else None,
        orders_compliance(rows, start, end),
        mrc_name,
    )


def _pack(
    report: PeriodReport,
    before: PeriodReport,
    satisfaction: TenantSatisfaction | None,
    orders: OrdersCompliance,
    mrc_name: str | None,
) -> MrcPack:
    categories = sorted(set(report.by_category) | set(before.by_category))
    return MrcPack(
        quarter=quarter_name(report.start),
        start=report.start,
        end=report.end,
        mrc_name=mrc_name,
        report=report,
        satisfaction=satisfaction,
        orders=orders,
        trends=[
            Trend(category=c, before=before.by_category.get(c, 0), now=report.by_category.get(c, 0))
            for c in categories
        ],
    )


# The orders on the complaints the pack reads (first received or closed from the quarter
# before to the day before `day`) that came due in the quarter, as `orders_compliance`.
ORDERS = f"""
SELECT count(*),
       count(*) FILTER (WHERE completed_on IS NOT NULL AND completed_on::date <= due),
       count(*) FILTER (WHERE completed_on IS NULL)
FROM (
    SELECT CASE WHEN item->>'kind' = 'ombudsman_order' THEN (item->>'due')::date END AS due,
           item->>'completed_on' AS completed_on
    FROM complaints, jsonb_array_elements(actions) AS item
    WHERE {sql.READ}
) AS orders
WHERE due BETWEEN :start AND :end
"""


async def stored_mrc_pack(
    session: AsyncSession, day: date, *, homes: int, mrc_name: str | None = None
) -> MrcPack:
    """The pack for the quarter before `day`, as `mrc_pack` over the rows of the quarter
    before it to the day before `day` (the lessons of the quarter to then), aggregated in
    PostgreSQL."""
    start, end = quarter_before(day)
    before_start, before_end = quarter_before(start)
    last = day - timedelta(days=1)
    report = await sql.period_counts(session, start, end)
    report.lessons = await load.lessons(session, start, last)
    before = await sql.period_counts(session, before_start, before_end)
    satisfaction = await sql.tenant_satisfaction(session, start, end, homes) if homes else None
    values = {"start": start, "end": end, "read_from": before_start, "read_to": last}
    due, complied, outstanding = (await session.execute(text(ORDERS), values)).one()
    orders = OrdersCompliance(due=due, complied=complied, outstanding=outstanding)
    return _pack(report, before, satisfaction, orders, mrc_name)
