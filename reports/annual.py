"""The annual complaints performance and service improvement report (R-GOV-1, R-GOV-2):
pure, drafted from the data for a financial year with every part clause 8.1 of the Code
asks for.

- the self-assessment against the Code (``reports.assessment``);
- the quantitative analysis (the period report and the Tenant Satisfaction Measures) and
  governance's qualitative analysis beside it, with the types of complaint refused;
- the Ombudsman's findings of non-compliance, from the ombudsman cases;
- the service improvements made, from the lessons log;
- the Ombudsman's annual letter and other reports about the landlord, as uploaded;
- the governing body's response, published alongside.

Governance writes the parts in ``WRITTEN_PARTS``; the figures are drawn afresh until the
report is published, when the whole report is kept as it stood.

`drafted` makes the report from its figures, as governance's page does with the figures
aggregated in PostgreSQL (``reports.sql``, ``reports.sql_governance``); `annual_report`
makes them from the year's rows read into Python, the reference those are held to.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from pydantic import BaseModel

from models.effects import ComplaintSummary
from reports.assessment import AssessedClause
from reports.figures import (
    PeriodReport,
    TenantSatisfaction,
    closed_as,
    in_period,
    period_report,
    tenant_satisfaction,
)
from rules.calendar import WorkingCalendar

# What governance writes, in the order the report shows it, with the heading of each.
WRITTEN_PARTS = {
    "introduction": "Introduction",
    "qualitative": "Qualitative analysis of complaint handling",
    "refusals": "Complaints we did not accept",
    "findings": "The Ombudsman's findings",
    "improvements": "Service improvements from learning",
    "letters": "The Ombudsman's annual letter and reports",
}
# The Ombudsman's determinations that are findings against the landlord.
NON_COMPLIANCE = ("severe_maladministration", "maladministration", "service_failure")
# Landlords with more homes than this make the Ombudsman's annual submission by 30 September.
LARGE_LANDLORD_HOMES = 1000
REMIND_DAYS = 60  # the reminder shows from this many days before the due date


class OmbudsmanFinding(BaseModel):
    reference: str  # the complaint's
    case_reference: str
    ombudsman: str
    determination: str
    determined_on: date | None = None
    orders: int = 0


class AnnualReport(BaseModel):
    year: int  # the financial year starting on 1 April of this year
    start: date
    end: date
    homes: int
    submission_due: date
    performance: PeriodReport
    satisfaction: TenantSatisfaction | None = None  # None: the number of homes is not set
    refused: dict[str, int] = {}  # the types of complaint declined, by category
    findings: list[OmbudsmanFinding] = []
    improvements: list[str] = []
    self_assessment: list[AssessedClause] = []
    assessment_edition: str = ""  # the Code's edition the self-assessment answers
    letters: list[str] = []  # titles of the uploaded Ombudsman letters and reports
    written: dict[str, str] = {}
    board_response: str = ""


def financial_year(year: int) -> tuple[date, date]:
    """1 April of `year` to 31 March of the next."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def year_of(day: date) -> int:
    """The financial year a day falls in, by its first calendar year."""
    return day.year if day.month >= 4 else day.year - 1


def submission_due(year: int, homes: int) -> date:
    """R-GOV-2: 30 September after the year for a landlord with more than 1,000 homes,
    else six months after the year ends."""
    end = financial_year(year)[1]
    if homes > LARGE_LANDLORD_HOMES:
        return date(end.year, 9, 30)
    month = end.month + 6
    later = date(end.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    last = calendar.monthrange(later.year, later.month)[1]
    return later.replace(day=min(end.day, last))


def reminder(today: date, due: date, submitted_on: date | None) -> str | None:
    """What the report's page says about the submission: nothing until the reminder
    period, then how long is left, then that it is late."""
    if submitted_on is not None:
        return None
    if today > due:
        return f"The submission to the Ombudsman is {(today - due).days} day(s) late."
    if due - today <= timedelta(days=REMIND_DAYS):
        return f"The report is due with the Ombudsman in {(due - today).days} day(s)."
    return None


def refused_types(
    rows: Iterable[ComplaintSummary], closures: dict[str, str] | None = None
) -> dict[str, int]:
    """The complaints declined, by category (their service area when they have none)."""
    found: Counter[str] = Counter()
    for row in rows:
        if closed_as(row, closures) == "declined":
            found.update(row.categories or [row.service_area])
    return dict(found)


def findings(rows: Iterable[ComplaintSummary], start: date, end: date) -> list[OmbudsmanFinding]:
    """The Ombudsman's findings against the landlord determined in the period."""
    found = []
    for row in rows:
        for case in row.ombudsman:
            determined = case.get("determined_on")
            day = date.fromisoformat(determined) if isinstance(determined, str) else determined
            if case.get("determination") not in NON_COMPLIANCE:
                continue
            if day is not None and not start <= day <= end:
                continue
            found.append(
                OmbudsmanFinding(
                    reference=row.reference,
                    case_reference=case.get("case_reference", ""),
                    ombudsman=case.get("ombudsman", ""),
                    determination=case["determination"],
                    determined_on=day,
                    orders=len(case.get("orders", [])),
                )
            )
    return sorted(found, key=lambda f: (f.determined_on or start, f.reference))


def annual_report(
    rows: Sequence[ComplaintSummary],
    year: int,
    *,
    cal: WorkingCalendar,
    homes: int,
    extensions: dict[str, int] | None = None,
    lessons: Sequence[str] = (),
    closures: dict[str, str] | None = None,
    assessment: Sequence[AssessedClause] = (),
    assessment_edition: str = "",
    letters: Sequence[str] = (),
    written: dict[str, str] | None = None,
    board_response: str = "",
) -> AnnualReport:
    """The year's report from the read model's rows and what governance has written: the
    reference the report drafted from PostgreSQL's aggregates is held to."""
    start, end = financial_year(year)
    performance = period_report(
        rows, start, end, cal=cal, extensions=extensions, lessons=lessons, closures=closures
    )
    return drafted(
        year,
        homes=homes,
        performance=performance,
        satisfaction=tenant_satisfaction(rows, start, end, homes, closures) if homes > 0 else None,
        refused=refused_types(in_period(rows, start, end), closures),
        findings=findings(rows, start, end),
        assessment=assessment,
        assessment_edition=assessment_edition,
        letters=letters,
        written=written,
        board_response=board_response,
    )


def drafted(
    year: int,
    *,
    homes: int,
    performance: PeriodReport,
    satisfaction: TenantSatisfaction | None,
    refused: dict[str, int],
    findings: Sequence[OmbudsmanFinding],
    assessment: Sequence[AssessedClause] = (),
    assessment_edition: str = "",
    letters: Sequence[str] = (),
    written: dict[str, str] | None = None,
    board_response: str = "",
) -> AnnualReport:
    """The year's report from its figures (the improvements are the performance's lessons)
    and what governance has written."""
    start, end = financial_year(year)
    return AnnualReport(
        year=year,
        start=start,
        end=end,
        homes=homes,
        submission_due=submission_due(year, homes),
        performance=performance,
        satisfaction=satisfaction,
        refused=refused,
        findings=list(findings),
        improvements=list(performance.lessons),
        self_assessment=list(assessment),
        assessment_edition=assessment_edition if assessment else "",
        letters=list(letters),
        written={part: (written or {}).get(part, "") for part in WRITTEN_PARTS},
        board_response=board_response,
    )
