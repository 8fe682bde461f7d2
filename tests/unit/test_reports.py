"""Section 9, learning and reporting (R-RPT-1 to R-RPT-4): the figures from read-model rows,
table-driven, with the rows written as the read model keeps them (dates as ISO strings)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from intake.calendar import calendar_for
from models.effects import ComplaintSummary
from reports import assessment, figures
from reports.__main__ import text
from rules.calendar import WorkingCalendar
from rules.code_clauses import edition

Q4 = (date(2026, 10, 1), date(2026, 12, 31))


def deadline(key: str, target: str, due: str, met_on: str | None, **flags: Any) -> dict:
    return {
        "key": key,
        "label": key,
        "target": target,
        "limit": due,
        "due": due,
        "met_on": met_on,
        "cancelled": flags.get("cancelled", False),
        "target_missed": False,
        "limit_missed": flags.get("limit_missed", False),
    }


def row(n: int, **changes: Any) -> ComplaintSummary:
    fields: dict[str, Any] = {
        "reference": f"CMP-2026-{n:06d}",
        "kind": "complaint",
        "organisation": "landlord",
        "service_area": "landlord_services",
        "channel": "web_form",
        "stage": "stage_1",
        "status": "closed",
        "complainant_name": f"Resident {n}",
        "first_contact_on": date(2026, 11, 2),
        "logged_at": datetime(2026, 11, 2, 10, tzinfo=UTC),
        "categories": ["repairs"],
    }
    fields.update(changes)
    return ComplaintSummary(**fields)


ON_TIME = row(
    1,
    outcome="upheld",
    compensation_total=150.0,
    remedies=[{"kind": "apology"}, {"kind": "financial"}],
    issues=[{"id": 1, "decision": "upheld"}],
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-03"),
        deadline("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-13"),
    ],
    closed_on=date(2026, 11, 13),
)
LATE = row(
    2,
    channel="telephone",
    categories=["repairs", "communication"],
    outcome="not_upheld",
    issues=[{"id": 1, "decision": "not_upheld"}],
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-06"),
        deadline("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-19"),
    ],
    closed_on=date(2026, 11, 19),
)
AT_STAGE_2 = row(
    3,
    stage="stage_2",
    status="open",
    service_area="care_services",
    outcome="partially_upheld",
    ombudsman=[{"id": 1, "determination": "maladministration"}],
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", "2026-11-04"),
        deadline("stage_1_response", "2026-11-13", "2026-11-17", "2026-11-16"),
        deadline("escalation_decision_1", "2026-11-25", "2026-11-25", "2026-11-24"),
        deadline("stage_2_response", "2026-12-18", "2026-12-23", None),  # still running
    ],
)
MISSED = row(
    4,
    status="open",
    deadlines=[
        deadline("acknowledgement", "2026-11-04", "2026-11-09", None, limit_missed=True),
    ],
)
LAST_YEAR = row(5, first_contact_on=date(2025, 11, 2), closed_on=date(2026, 11, 20))
COMPLIMENT = row(6, kind="compliment", status="recorded")
ROWS = [ON_TIME, LATE, AT_STAGE_2, MISSED, LAST_YEAR, COMPLIMENT]


def report() -> figures.PeriodReport:
    return figures.period_report(
        ROWS,
        *Q4,
        cal=WorkingCalendar(calendar_for(Q4[0])),
        extensions={ON_TIME.reference: 1, LAST_YEAR.reference: 2},
        lessons=["Order parts on the first visit"],
    )


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ("complaints", 4),  # the quarter's complaints: not last year's, not the compliment
        ("by_stage", {"stage_1": 3, "stage_2": 1}),
        ("by_service_area", {"landlord_services": 3, "care_services": 1}),
        ("by_category", {"repairs": 4, "communication": 1}),
        ("by_channel", {"web_form": 3, "telephone": 1}),
        ("outcomes", {"upheld": 1, "not_upheld": 1, "partially_upheld": 1}),
        ("extensions", 1),
        ("remedies", {"apology": 1, "financial": 1}),
        ("compensation_total", 150.0),
        ("ombudsman_cases", 1),
        ("ombudsman_determinations", {"maladministration": 1}),
        ("lessons", ["Order parts on the first visit"]),
    ],
)
def test_r_rpt_1_the_quarters_volumes_outcomes_remedies_and_lessons(figure, expected) -> None:
    assert getattr(report(), figure) == expected


@pytest.mark.parametrize(
    ("kind", "stage", "counted", "within_target", "within_limit"),
    [
        # Acknowledgements: early, late but within the limit, on the target day, missed.
        ("acknowledged", "stage_1", 4, 2, 3),
        # Stage 1 responses: on the target, past the limit, between target and limit.
        ("responded", "stage_1", 3, 1, 2),
        ("acknowledged", "stage_2", 1, 1, 1),
    ],
)
def test_r_rpt_1_share_acknowledged_and_responded_within_target_and_limit_per_stage(
    kind, stage, counted, within_target, within_limit
) -> None:
    found = getattr(report(), kind)[stage]
    assert (found.counted, found.within_target, found.within_limit) == (
        counted,
        within_target,
        within_limit,
    )
    assert "stage_2" not in report().responded  # a response still running is not counted


def test_r_rpt_1_average_working_days_from_first_contact_to_the_response() -> None:
    # Mon 2 Nov 2026 to Fri 13 Nov (9), Thu 19 Nov (13) and Mon 16 Nov (10) working days.
    assert report().average_working_days_to_response == {"stage_1": round(32 / 3, 1)}


def test_r_rpt_2_ch01_per_thousand_homes_and_ch02_share_in_time_per_stage() -> None:
    found = figures.tenant_satisfaction(ROWS, *Q4, homes=2000)
    assert found.complaints == {"stage_1": 3, "stage_2": 1}
    assert found.ch01 == {"stage_1": 1.5, "stage_2": 0.5}
    assert found.ch02 == {"stage_1": round(2 / 3, 4), "stage_2": None}


def test_r_rpt_2_refuses_a_landlord_with_no_homes() -> None:
    with pytest.raises(ValueError, match="more than 0"):
        figures.tenant_satisfaction(ROWS, *Q4, homes=0)


def closed_in_november(count: int) -> list[ComplaintSummary]:
    return [
        row(100 + n, closed_on=date(2026, 11, 1 + n % 28), outcome="not_upheld")
        for n in range(count)
    ]


@pytest.mark.parametrize(("closed", "sampled"), [(0, 0), (1, 1), (10, 1), (11, 2), (45, 5)])
def test_r_rpt_3_a_tenth_of_the_months_closed_complaints_at_least_one(closed, sampled) -> None:
    found = figures.qa_sample(closed_in_november(closed), 2026, 11)
    assert (found.closed, len(found.sampled)) == (closed, sampled)


def test_r_rpt_3_the_same_month_draws_the_same_sample_whatever_the_row_order() -> None:
    rows = closed_in_november(45)
    first = figures.qa_sample(rows, 2026, 11)
    again = figures.qa_sample(list(reversed(rows)), 2026, 11)
    other_month = figures.qa_sample(
        [r.model_copy(update={"closed_on": date(2026, 12, 1)}) for r in rows], 2026, 12
    )
    assert [c.reference for c in first.sampled] == [c.reference for c in again.sampled]
    assert [c.reference for c in first.sampled] != [c.reference for c in other_month.sampled]


@pytest.mark.parametrize(
    ("complaint", "score", "failed"),
    [
        (ON_TIME, 1.0, []),
        # Nothing upheld: the remedy item does not apply, so 3 of the 4 that do.
        (LATE, 0.75, ["responded within the Code's limit"]),
        # No deadline came due: the two timeliness items do not apply, so 1 of 3.
        (
            row(9, closed_on=date(2026, 11, 3), outcome="upheld", issues=[{"id": 1}]),
            1 / 3,
            ["a decision on every issue", "a remedy recorded where anything was upheld"],
        ),
    ],
)
def test_r_rpt_3_each_sampled_complaint_has_a_checklist_score(complaint, score, failed) -> None:
    checked = figures.checklist(complaint)
    assert (checked.score, checked.failed) == (score, failed)


def test_r_rpt_4_self_assessment_gives_each_clause_the_evidence_of_the_period() -> None:
    found = {e.clause: e for e in figures.self_assessment(report())}
    assert found["4.1"].evidence == "3 of 4 acknowledgements in time (75%)."
    assert found["5.1"].share == round(2 / 3, 4)
    assert found["5.10"].evidence == "1 of 1 escalation decisions in time (100%)."
    assert found["5.13"].evidence == "No Stage 2 responses came due in the period."
    assert found["5.13"].share is None
    assert found["5.2"].evidence == "1 extension(s) over 4 complaint(s)."
    assert found["7.4"].evidence == "1 lesson(s) recorded in the period."


def test_r_rpt_4_the_command_names_the_clauses_of_the_edition_in_force_for_the_period() -> None:
    """``python -m reports self-assessment`` gives the clauses in the numbering of the Code's
    edition in force for the period, as the web self-assessment does: 2024 since 1 April
    2024, the 2022 edition before it."""
    found = assessment.period_evidence(report())
    assert (found.edition, found.code) == ("2024", "Housing Ombudsman Complaint Handling Code 2024")
    by_clause = {c.clause: c for c in found.clauses}
    assert list(by_clause) == [
        *("2.1", "2.4", "3.1", "6.2", "6.3", "6.4", "6.11", "6.14", "6.15", "7.2", "9.1", "9.3")
    ]
    assert by_clause["6.2"].evidence == "3 of 4 acknowledgements in time (75%)."
    assert by_clause["6.3"].share == round(2 / 3, 4)
    assert by_clause["6.11"].evidence == "1 of 1 escalation decisions in time (100%)."
    said = edition("2024").clause("6.14")
    assert said is not None and by_clause["6.14"].requirement == said.requirement
    lines = text(found).splitlines()
    assert lines[0] == (
        "Self-assessment against the Housing Ombudsman Complaint Handling Code 2024, "
        "1 October 2026 to 31 December 2026: the clauses the period's figures speak to."
    )
    assert [line.split("  ")[0] for line in lines[1:]] == list(by_clause)

    q4_2023 = (date(2023, 10, 1), date(2023, 12, 31))
    before = figures.period_report([], *q4_2023, cal=WorkingCalendar(calendar_for(q4_2023[0])))
    earlier = assessment.period_evidence(before)
    assert earlier.edition == "2022"
    assert [c.clause for c in earlier.clauses] == [
        *("1.7", "2.1", "4.1", "5.1", "5.2", "5.10", "5.13", "6.2", "7.2", "7.4")
    ]
    assert "Complaint Handling Code 2022, 1 October 2023" in text(earlier)
