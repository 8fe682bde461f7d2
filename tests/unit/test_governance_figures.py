"""Governance's figures beside the period report (reports.governance), table-driven on
fixed rows: volumes by month, the organisation filter (R-ORG-1), the survey's answers
(R-GOV-6), the reviewers' quality scores and the checklist's not applicable (R-RPT-3), and
lessons tracked to improvements (R-GOV-5)."""

from __future__ import annotations

from datetime import date

import pytest

from reports import figures
from reports import governance as gov
from tests.unit.test_reports import AT_STAGE_2, LATE, ON_TIME, row

Q4 = (date(2026, 10, 1), date(2026, 12, 31))
OTHER = row(7, organisation="care_trust", first_contact_on=date(2026, 10, 20))


def answer(n: int, score: int, on: date, by: str = "resident online", org: str = "landlord"):
    return gov.SurveyAnswerRow(
        reference=f"CMP-2026-{n:06d}",
        organisation=org,
        stage="stage_1",
        answered_on=on,
        satisfaction=score,
        by=by,
    )


def test_r_rpt_1_volumes_by_month_count_each_complaint_in_its_first_months_stage() -> None:
    found = gov.monthly_volumes([ON_TIME, LATE, AT_STAGE_2, OTHER], *Q4)
    assert list(found) == ["2026-10", "2026-11", "2026-12"]
    assert found["2026-10"] == {"stage_1": 1, "stage_2": 0, "stage_3": 0}
    assert sum(found["2026-11"].values()) == 3 and found["2026-11"]["stage_2"] == 1
    assert sum(found["2026-12"].values()) == 0


@pytest.mark.parametrize(
    ("organisation", "references"),
    [
        (gov.GROUP, {1, 2, 3, 7}),
        ("landlord", {1, 2, 3}),
        ("care_trust", {7}),
        ("nobody", set()),
    ],
)
def test_r_org_1_reports_are_for_one_organisation_or_the_group(organisation, references) -> None:
    rows = gov.for_organisation([ON_TIME, LATE, AT_STAGE_2, OTHER], organisation)
    assert {int(r.reference[-6:]) for r in rows} == references


def test_r_org_1_the_group_is_split_by_organisation() -> None:
    found = gov.by_organisation([ON_TIME, LATE, AT_STAGE_2, OTHER], *Q4, None)
    assert found == {"care_trust": 1, "landlord": 3}


ANSWERS = [
    answer(1, 5, date(2026, 11, 20)),
    answer(2, 4, date(2026, 11, 21), by="o.bennett"),
    answer(3, 2, date(2026, 12, 1)),
    answer(7, 1, date(2026, 12, 2), org="care_trust"),
    answer(8, 5, date(2027, 1, 5)),  # after the period
]


@pytest.mark.parametrize(
    ("organisation", "answered", "satisfied", "share", "average", "online"),
    [
        (gov.GROUP, 4, 2, 0.5, 3.0, 3),
        ("landlord", 3, 2, round(2 / 3, 4), round(11 / 3, 2), 2),
        ("care_trust", 1, 0, 0.0, 1.0, 1),
        ("nobody", 0, 0, None, None, 0),
    ],
)
def test_r_gov_6_survey_answers_are_counted_in_the_period(
    organisation, answered, satisfied, share, average, online
) -> None:
    found = gov.satisfaction(ANSWERS, *Q4, organisation)
    assert (found.answered, found.satisfied, found.share_satisfied) == (answered, satisfied, share)
    assert (found.average, found.online, found.by_staff) == (average, online, answered - online)
    assert sum(found.by_score.values()) == answered


ITEMS = figures.CHECKLIST


@pytest.mark.parametrize(
    ("scores", "score"),
    [
        (None, None),
        (dict.fromkeys(ITEMS, "yes"), 1.0),
        (dict.fromkeys(ITEMS, "n/a"), 1.0),
        ({**dict.fromkeys(ITEMS, "yes"), ITEMS[0]: "n/a", ITEMS[4]: "no"}, 0.75),
        ({**dict.fromkeys(ITEMS, "no"), ITEMS[1]: "yes"}, 0.2),
    ],
)
def test_r_rpt_3_a_reviewers_score_is_the_share_yes_of_the_items_that_apply(scores, score) -> None:
    assert gov.review_score(scores) == score


def test_r_rpt_3_reviews_feed_the_scores_by_month_and_organisation() -> None:
    reviews = [
        gov.QaReviewRow(month="2026-11", reference="A", organisation="landlord",
                        scores=dict.fromkeys(ITEMS, "yes")),
        gov.QaReviewRow(month="2026-11", reference="B", organisation="landlord",
                        scores={**dict.fromkeys(ITEMS, "yes"), ITEMS[0]: "no"}),
        gov.QaReviewRow(month="2026-11", reference="C", organisation="care_trust"),
        gov.QaReviewRow(month="2026-09", reference="D", organisation="landlord",
                        scores=dict.fromkeys(ITEMS, "no")),
    ]  # fmt: skip
    found = gov.qa_scores(reviews, ["2026-10", "2026-11", "2026-12"])
    assert (found.sampled, found.reviewed, found.average_score) == (3, 2, 0.9)
    assert found.items[ITEMS[0]] == {"yes": 1, "no": 1, "n/a": 0}
    assert gov.qa_scores(reviews, ["2026-11"], "care_trust").reviewed == 0


@pytest.mark.parametrize(
    ("complaint", "not_applicable"),
    [
        (ON_TIME, []),
        (LATE, ["a remedy recorded where anything was upheld"]),
        (
            row(9, closed_on=date(2026, 11, 3), outcome="upheld", issues=[{"id": 1}]),
            ["acknowledged within the Code's limit", "responded within the Code's limit"],
        ),
    ],
)
def test_r_rpt_3_a_check_with_nothing_to_judge_is_not_applicable_not_a_pass(
    complaint, not_applicable
) -> None:
    checked = figures.checklist(complaint)
    assert checked.not_applicable == not_applicable
    assert not set(checked.not_applicable) & set(checked.passed)


def lesson(n: int, **changes) -> gov.LessonRow:
    fields = {
        "event_id": n,
        "reference": f"CMP-2026-{n:06d}",
        "organisation": "landlord",
        "service_area": "repairs",
        "recorded_on": date(2026, 11, 2),
        "lesson": f"Lesson {n}",
    }
    return gov.LessonRow(**(fields | changes))


TODAY = date(2026, 12, 10)
ACTED = dict(owner="Head of repairs", action="Stock parts", due_on=date(2026, 12, 31))
LESSONS = [
    lesson(1),
    lesson(2, **ACTED),
    lesson(3, **(ACTED | {"due_on": date(2026, 12, 1)})),
    lesson(4, **ACTED, completed_on=date(2026, 12, 5), outcome="Parts on vans"),
    lesson(5, **ACTED, completed_on=date(2027, 1, 5), organisation="care_trust"),
]


@pytest.mark.parametrize(
    ("n", "state"),
    [(1, "no action yet"), (2, "in progress"), (3, "overdue"), (4, "done"), (5, "done")],
)
def test_r_gov_5_each_lesson_is_tracked_to_completion(n, state) -> None:
    assert gov.lesson_state(LESSONS[n - 1], TODAY) == state


@pytest.mark.parametrize(
    ("words", "found"),
    [("", [1, 2, 3, 4, 5]), ("STOCK", [2, 3, 4, 5]), ("vans parts", [4]), ("000001", [1])],
)
def test_r_gov_5_the_lessons_log_is_searchable(words, found) -> None:
    assert [x.event_id for x in gov.search_lessons(LESSONS, words)] == found


def test_r_gov_5_the_period_report_shows_the_improvements_completed_in_it() -> None:
    assert [x.event_id for x in gov.improvements(LESSONS, *Q4)] == [4]
    assert gov.improvements(LESSONS, *Q4, "care_trust") == []
