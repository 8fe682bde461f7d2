"""What every governance report view (``web.report_views``) is made of: a title, the scope
in words, headline figures and tables, some with a chart; what the reader chose (a period or
a month, an organisation or the group, R-ORG-1); and the period's figures aggregated in
PostgreSQL for the chosen organisation, which several views share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from reports import figures, sql, sql_governance
from reports import governance as gov
from web.charts import Chart
from web.render import day, humanise

KINDS = {
    "period": "Complaints report",
    "tsm": "Tenant Satisfaction Measures",
    "qa": "Quality sample",
    "self-assessment": "Self-assessment",
}
STAGE_NAMES = {"stage_1": "Stage 1", "stage_2": "Stage 2", "stage_3": "Stage 3"}


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
    chart: Chart | None = None
    links: dict[int, str] = field(default_factory=dict)  # row index: address of its first cell
    widths: tuple[int, ...] | None = None  # the PDF's columns in proportion; even if None


@dataclass
class ReportView:
    kind: str
    title: str
    scope: str  # the period (or month) and the organisation, in words
    headline: list[tuple[str, str]]
    tables: list[Table]


@dataclass(frozen=True)
class Choice:
    """What the reader chose: a period (or a month for the sample), an organisation."""

    start: date
    end: date
    organisation: str = gov.GROUP
    homes: int | None = None
    month: str | None = None


def share(value: float | None) -> str:
    return "none due" if value is None else f"{value:.0%}"


def stage(value: str) -> str:
    return STAGE_NAMES.get(value, humanise(value))


def counts_table(
    caption: str,
    counts: dict[str, int],
    what: str,
    *,
    chart: bool = False,
    words: Any = humanise,
    unit: str = "Complaints",
) -> Table:
    """How many `unit` (complaints, or hazards) of each `what`, the most first."""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    table = Table(caption, [what, unit], [[words(k), str(v)] for k, v in rows])
    if chart and rows:
        table.chart = Chart(caption, [unit], [(words(k), [float(v)]) for k, v in rows])
    return table


def scope(choice: Choice) -> str:
    who = choice.organisation or "the group (every organisation)"
    if choice.month:
        return f"Complaints closed in {choice.month}, {who}"
    return f"{day(choice.start)} to {day(choice.end)}, {who}"


async def period_figures(db: AsyncSession, choice: Choice) -> figures.PeriodReport:
    """The period report for the chosen organisation (or the group), aggregated in
    PostgreSQL (``reports.sql``), with the lessons learned in the period."""
    organisation = choice.organisation or None
    report = await sql.period_counts(db, choice.start, choice.end, organisation=organisation)
    report.lessons = await sql_governance.lessons(db, choice.start, choice.end, organisation)
    return report
