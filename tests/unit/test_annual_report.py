"""R-GOV-1 to R-GOV-3: each clause's evidence in the self-assessment and each part of the
annual report, on fixed read-model rows (written as the read model keeps them)."""

from __future__ import annotations

from datetime import date

import pytest

from intake.calendar import calendar_for
from reports import annual, assessment, figures
from rules.calendar import WorkingCalendar
from rules.code_clauses import code_clauses
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


def test_r_gov_3_every_clause_of_the_code_is_data_with_whether_it_is_mandatory() -> None:
    clauses = code_clauses()
    assert len(clauses) == 72 and len({c.clause for c in clauses}) == 72
    assert [c.clause for c in clauses][:3] == ["1.2", "1.3", "1.4"]
    by_number = {c.clause: c for c in clauses}
    assert by_number["5.1"].mandatory and not by_number["5.2"].mandatory
    assert by_number["8.2"].requirement.startswith("Landlords must also carry out")


@pytest.mark.parametrize(
    ("clause", "figures_say", "share", "proposed"),
    [
        ("1.7", "3 of 5 complaint(s) accepted; 2 declined", None, None),
        ("2.1", "2 channel(s) used: web form 4, telephone 1.", None, None),
        ("4.1", "2 of 2 acknowledgements in time (100%).", 1.0, True),
        ("5.1", "1 of 2 Stage 1 responses in time (50%).", 0.5, False),
        ("5.10", "No escalation decisions came due in the period.", None, None),
        ("5.13", "No Stage 2 responses came due in the period.", None, None),
        ("5.2", "1 extension(s) over 5 complaint(s).", None, None),
        ("6.2", "Remedies: apology 1, financial 1; compensation £150.00.", None, None),
        ("7.2", "1 lesson(s) recorded in the period", None, None),
        ("7.4", "1 lesson(s) recorded in the period.", None, None),
        ("3.1", "", None, None),  # the data says nothing: written evidence only
    ],
)
def test_r_gov_3_each_clause_has_the_evidence_the_data_gives(
    clause: str, figures_say: str, share: float | None, proposed: bool | None
) -> None:
    drafted = {c.clause: c for c in assessment.draft(report(), "annual").clauses}
    assert len(drafted) == 72
    found = drafted[clause]
    assert found.figures.startswith(figures_say) if figures_say else found.figures == ""
    assert found.share == share
    assert found.comply is proposed


def test_r_gov_3_a_new_run_carries_the_written_evidence_and_answers_forward() -> None:
    first = assessment.draft(report(), "annual").clauses
    answered = assessment.answered(
        first,
        {
            "3.1": {"comply": "yes", "evidence": "The complaints team of four.", "explanation": ""},
            "5.1": {"comply": "no", "evidence": "", "explanation": "Two handlers left in May."},
        },
    )
    again = {c.clause: c for c in assessment.draft(report(), "restructure", answered).clauses}
    assert again["3.1"].comply is True and again["3.1"].evidence == "The complaints team of four."
    assert again["5.1"].comply is False  # the figures propose it afresh
    assert again["5.1"].explanation == "Two handlers left in May."


@pytest.mark.parametrize(
    ("answers", "refusal"),
    [
        ({}, "Clause 1.2: say whether it is met."),
        ({"3.1": {"comply": "yes"}}, "Clause 3.1: give the evidence."),
        ({"5.1": {"comply": "no"}}, "Clause 5.1 is not met: explain why"),
    ],
)
def test_r_gov_3_approval_needs_every_clause_answered_with_evidence_and_explanations(
    answers: dict, refusal: str
) -> None:
    clauses = assessment.answered(assessment.draft(report(), "annual").clauses, answers)
    assert any(reason.startswith(refusal) for reason in assessment.not_ready_for_approval(clauses))


def test_r_gov_3_a_fully_answered_run_may_be_approved() -> None:
    clauses = assessment.draft(report(), "annual").clauses
    answers = {
        c.clause: {"comply": "yes", "evidence": "Policy section 5.", "explanation": ""}
        for c in clauses
    }
    answers["5.1"] = {"comply": "no", "evidence": "", "explanation": "Two handlers left."}
    assert assessment.not_ready_for_approval(assessment.answered(clauses, answers)) == []


def test_a_run_has_a_reason_from_the_code() -> None:
    with pytest.raises(ValueError, match="restructure"):
        assessment.draft(report(), "whim")


def annual_report() -> annual.AnnualReport:
    clauses = assessment.draft(report(), "annual").clauses
    return annual.annual_report(
        ROWS,
        YEAR,
        cal=CAL,
        homes=12500,
        extensions={LATE.reference: 1},
        lessons=LESSONS,
        assessment=clauses,
        letters=["Annual complaints letter 2026-27"],
        written={"introduction": "Our year.", "unknown": "dropped"},
        board_response="The board welcomes the report.",
    )


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("self_assessment", lambda r: len(r.self_assessment) == 72),
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
