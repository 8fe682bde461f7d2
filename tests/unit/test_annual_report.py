"""R-GOV-1 and R-GOV-2: each part of the annual report, on fixed read-model rows (written as
the read model keeps them). The self-assessment's clauses are in ``test_self_assessment``."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from intake.calendar import calendar_for
from reports import annual, assessment, figures, publish
from rules.calendar import WorkingCalendar
from tests.unit.test_reports import deadline, row

YEAR = 2026  # April 2026 to March 2027
START, END = annual.financial_year(YEAR)
CAL = WorkingCalendar(calendar_for(START))

ON_TIME = row(
    1,
    outcome="upheld",
    compensation_total=150.0,
    remedies=[{"kind": "apology"}, {"kind": "financial"}],
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-03"),
        deadline("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-13"),
    ],
)
LATE = row(
    2,
    channel="telephone",
    outcome="not_upheld",
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-06"),
        deadline("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-19"),
    ],
)
DECLINED = row(3, status="declined", categories=["anti_social_behaviour"])
DECLINED_NO_CATEGORY = row(4, status="declined", categories=[], service_area="care_services")
MALADMINISTRATION = row(
    5,
    ombudsman=[
        {
            "id": 1,
            "ombudsman": "housing_ombudsman",
            "case_reference": "HOS-1",
            "referred_on": "2026-06-01",
            "determination": "maladministration",
            "determined_on": "2027-01-15",
            "orders": ["order-1", "order-2"],
        },
        {
            "id": 2,
            "ombudsman": "housing_ombudsman",
            "case_reference": "HOS-2",
            "referred_on": "2026-06-01",
            "determination": "no_maladministration",
            "determined_on": "2027-01-20",
        },
    ],
)
ROWS = [ON_TIME, LATE, DECLINED, DECLINED_NO_CATEGORY, MALADMINISTRATION]
LESSONS = ["Order boiler parts on the first visit"]


def report() -> figures.PeriodReport:
    return figures.period_report(
        ROWS, START, END, cal=CAL, extensions={LATE.reference: 1}, lessons=LESSONS
    )


def annual_report() -> annual.AnnualReport:
    drafted = assessment.draft(report(), "annual")
    return annual.annual_report(
        ROWS,
        YEAR,
        cal=CAL,
        homes=12500,
        extensions={LATE.reference: 1},
        lessons=LESSONS,
        assessment=drafted.clauses,
        assessment_edition=drafted.edition,
        letters=["Annual complaints letter 2026-27"],
        written={"introduction": "Our year.", "unknown": "dropped"},
        board_response="The board welcomes the report.",
    )


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("self_assessment", lambda r: len(r.self_assessment) == 72),
        ("the Code's edition", lambda r: r.assessment_edition == "2024"),
        ("quantitative", lambda r: r.performance.complaints == 5 and r.performance.declined == 2),
        ("timeliness", lambda r: r.performance.responded["stage_1"].within_limit == 1),
        ("tsm", lambda r: r.satisfaction is not None and r.satisfaction.ch01["stage_1"] == 0.16),
        ("refused", lambda r: r.refused == {"anti_social_behaviour": 1, "care_services": 1}),
        (
            "findings",
            lambda r: (
                [(f.case_reference, f.determination, f.orders) for f in r.findings]
                == [("HOS-1", "maladministration", 2)]
            ),
        ),
        ("improvements", lambda r: r.improvements == LESSONS),
        ("letters", lambda r: r.letters == ["Annual complaints letter 2026-27"]),
        (
            "written",
            lambda r: r.written["introduction"] == "Our year." and "unknown" not in r.written,
        ),
        ("every written part", lambda r: list(r.written) == list(annual.WRITTEN_PARTS)),
        ("board", lambda r: r.board_response == "The board welcomes the report."),
        ("due", lambda r: r.submission_due == date(2027, 9, 30)),
    ],
)
def test_r_gov_1_the_annual_report_has_each_part_clause_8_1_asks_for(part: str, expected) -> None:
    assert expected(annual_report()), part


def test_r_gov_2_the_published_report_names_the_edition_its_self_assessment_answers() -> None:
    """The web page and the PDF for the landlord's website say which edition of the Code the
    self-assessment answers, with its clauses; with no self-assessment they name none."""
    report = annual_report()
    page = " ".join(publish.annual_html(report, "Riverside Homes").split())
    pdf = PdfReader(io.BytesIO(publish.annual_pdf(report, "Riverside Homes")))
    printed = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for words in (page, printed):
        assert "Self-assessment against the Complaint Handling Code 2024" in words
        assert (
            "Every clause of the Housing Ombudsman Complaint Handling Code 2024, in force "
            "from 1 April 2024: 72 clauses" in words
        )
    none = report.model_copy(update={"self_assessment": [], "assessment_edition": ""})
    without = " ".join(publish.annual_html(none, "Riverside Homes").split())
    assert "Self-assessment against the Complaint Handling Code</h2>" in without
    assert "No self-assessment has been run for the year." in without


def test_r_gov_1_findings_outside_the_year_are_left_out() -> None:
    found = annual.findings([MALADMINISTRATION], date(2027, 4, 1), date(2028, 3, 31))
    assert found == []


@pytest.mark.parametrize(
    ("homes", "due"),
    [(12500, date(2027, 9, 30)), (1001, date(2027, 9, 30)), (800, date(2027, 9, 30))],
)
def test_r_gov_2_the_submission_is_due_by_30_september_or_six_months_after(
    homes: int, due: date
) -> None:
    assert annual.submission_due(YEAR, homes) == due


@pytest.mark.parametrize(
    ("today", "submitted_on", "says"),
    [
        (date(2027, 7, 1), None, None),
        (date(2027, 8, 1), None, "The report is due with the Ombudsman in 60 day(s)."),
        (date(2027, 9, 30), None, "The report is due with the Ombudsman in 0 day(s)."),
        (date(2027, 10, 2), None, "The submission to the Ombudsman is 2 day(s) late."),
        (date(2027, 10, 2), date(2027, 9, 20), None),
    ],
)
def test_r_gov_2_a_reminder_shows_before_the_due_date(
    today: date, submitted_on: date | None, says: str | None
) -> None:
    assert annual.reminder(today, date(2027, 9, 30), submitted_on) == says


@pytest.mark.parametrize(
    ("day", "year"), [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026), (date(2027, 4, 1), 2027)]
)
def test_the_financial_year_runs_from_april(day: date, year: int) -> None:
    assert annual.year_of(day) == year
