"""R-GOV-3, R-RPT-4: every clause of each edition of the Code as data, the edition in force
for a run's period, and each clause's evidence from the data on fixed read-model rows (the
rows of ``test_annual_report``), in each edition's numbering."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from reports import annual, assessment
from rules.code_clauses import code_clauses, edition, edition_in_force, editions
from tests.unit.test_annual_report import report


def test_r_gov_3_the_2024_edition_has_every_clause_of_the_code_by_section() -> None:
    clauses = code_clauses("2024")
    assert len({c.clause for c in clauses}) == len(clauses) == 72
    per_section = Counter(c.clause.split(".")[0] for c in clauses)
    assert per_section == {
        "1": 5, "2": 5, "3": 7, "4": 3, "5": 15, "6": 20, "7": 4, "8": 5, "9": 8
    }  # fmt: skip
    by_number = {c.clause: c for c in clauses}
    assert "five working days" in by_number["6.2"].requirement
    assert "10 working days" in by_number["6.3"].requirement
    assert "20 working days" in by_number["6.14"].requirement
    assert "not be the one who considered it at Stage 1" in by_number["6.13"].requirement
    assert "Member Responsible for Complaints" in by_number["9.5"].requirement
    assert not by_number["8.4"].mandatory  # "may be asked": the only clause with no "must"
    assert all(c.mandatory for c in clauses if c.clause != "8.4")
    assert all(c.requirement.endswith(".") and c.section for c in clauses)


def test_r_gov_3_the_2022_edition_keeps_the_landlords_own_72_clauses() -> None:
    clauses = code_clauses("2022")
    assert len(clauses) == 72 and [c.clause for c in clauses][:3] == ["1.2", "1.3", "1.4"]
    by_number = {c.clause: c for c in clauses}
    assert by_number["5.1"].mandatory and not by_number["5.2"].mandatory
    assert by_number["8.2"].requirement.startswith("Landlords must also carry out")


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        (date(2022, 4, 1), "2022"),
        (date(2024, 3, 31), "2022"),
        (date(2024, 4, 1), "2024"),
        (date(2027, 1, 1), "2024"),
        (date(2020, 1, 1), "2022"),  # before the first edition: the first
    ],
)
def test_r_gov_3_the_edition_in_force_on_a_day(day: date, in_force: str) -> None:
    assert edition_in_force(day).edition == in_force


def test_r_gov_3_each_edition_ends_the_day_before_the_next_begins() -> None:
    earlier, later = editions()
    assert (earlier.in_force_until, later.in_force_from) == (date(2024, 3, 31), date(2024, 4, 1))
    assert later.in_force_until is None and code_clauses() == later.clauses
    with pytest.raises(ValueError, match="2022, 2024"):
        edition("2019")


@pytest.mark.parametrize(
    ("year", "drafted"),
    [(2023, "2022"), (2024, "2024"), (2026, "2024")],
)
def test_r_gov_3_a_run_answers_the_edition_in_force_for_its_financial_year(
    year: int, drafted: str
) -> None:
    start, end = annual.financial_year(year)
    assert assessment.edition_for(start, end).edition == drafted


def test_r_gov_3_every_clause_the_data_speaks_to_is_a_clause_of_its_edition() -> None:
    for name, speaks in assessment.SPEAKS_TO.items():
        numbers = {c.clause for c in code_clauses(name)}
        for figure, clauses in speaks.items():
            assert set(clauses) <= numbers, (name, figure)
    assert set(assessment.SPEAKS_TO["2022"]) == set(assessment.SPEAKS_TO["2024"])


ACCEPTED = "3 of 5 complaint(s) accepted; 2 declined"
CHANNELS = "2 channel(s) used: web form 4, telephone 1."
ACKNOWLEDGED = "2 of 2 acknowledgements in time (100%)."
RESPONDED = "1 of 2 Stage 1 responses in time (50%)."
EXTENSIONS = "1 extension(s) over 5 complaint(s)."
ESCALATIONS = "No escalation decisions came due in the period."
STAGE_2 = "No Stage 2 responses came due in the period."
REMEDIES = "Remedies: apology 1, financial 1; compensation £150.00."
LESSONS = "1 lesson(s) recorded in the period"


@pytest.mark.parametrize(
    ("name", "clause", "figures_say", "share", "proposed"),
    [
        ("2024", "2.1", ACCEPTED, None, None),
        ("2024", "2.4", ACCEPTED, None, None),
        ("2024", "3.1", CHANNELS, None, None),
        ("2024", "6.2", ACKNOWLEDGED, 1.0, True),
        ("2024", "6.3", RESPONDED, 0.5, False),
        ("2024", "6.4", EXTENSIONS, None, None),
        ("2024", "6.15", EXTENSIONS, None, None),
        ("2024", "6.11", ESCALATIONS, None, None),
        ("2024", "6.14", STAGE_2, None, None),
        ("2024", "7.2", REMEDIES, None, None),
        ("2024", "9.1", LESSONS + ".", None, None),
        ("2024", "9.3", LESSONS + ", reported", None, None),
        # the data says nothing: written evidence only
        ("2024", "4.1", "", None, None),
        ("2024", "5.10", "", None, None),
        ("2024", "9.7", "", None, None),
        ("2022", "1.7", ACCEPTED, None, None),
        ("2022", "2.1", CHANNELS, None, None),
        ("2022", "4.1", ACKNOWLEDGED, 1.0, True),
        ("2022", "5.1", RESPONDED, 0.5, False),
        ("2022", "5.10", ESCALATIONS, None, None),
        ("2022", "5.13", STAGE_2, None, None),
        ("2022", "5.2", EXTENSIONS, None, None),
        ("2022", "6.2", REMEDIES, None, None),
        ("2022", "7.2", LESSONS, None, None),
        ("2022", "7.4", LESSONS + ".", None, None),
        ("2022", "3.1", "", None, None),
    ],
)
def test_r_gov_3_each_clause_has_the_evidence_the_data_gives(
    name: str, clause: str, figures_say: str, share: float | None, proposed: bool | None
) -> None:
    drafted = assessment.draft(report(), "annual", name=name)
    assert drafted.edition == name
    found = {c.clause: c for c in drafted.clauses}[clause]
    assert found.figures.startswith(figures_say) if figures_say else found.figures == ""
    assert found.share == share
    assert found.comply is proposed


def test_r_gov_3_a_run_for_this_year_drafts_the_2024_edition() -> None:
    drafted = assessment.draft(report(), "annual")
    assert drafted.edition == "2024"
    assert [c.clause for c in drafted.clauses] == [c.clause for c in code_clauses("2024")]


def test_r_gov_3_a_new_run_carries_the_written_evidence_and_answers_forward() -> None:
    first = assessment.draft(report(), "annual").clauses
    answered = assessment.answered(
        first,
        {
            "4.1": {"comply": "yes", "evidence": "The complaints team of four.", "explanation": ""},
            "6.3": {"comply": "no", "evidence": "", "explanation": "Two handlers left in May."},
        },
    )
    again = {c.clause: c for c in assessment.draft(report(), "restructure", answered).clauses}
    assert again["4.1"].comply is True and again["4.1"].evidence == "The complaints team of four."
    assert again["6.3"].comply is False  # the figures propose it afresh
    assert again["6.3"].explanation == "Two handlers left in May."


@pytest.mark.parametrize(
    ("answers", "refusal"),
    [
        ({}, "Clause 1.2: say whether it is met."),
        ({"4.1": {"comply": "yes"}}, "Clause 4.1: give the evidence."),
        ({"6.3": {"comply": "no"}}, "Clause 6.3 is not met: explain why"),
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
    answers["6.3"] = {"comply": "no", "evidence": "", "explanation": "Two handlers left."}
    assert assessment.not_ready_for_approval(assessment.answered(clauses, answers)) == []


def test_a_run_has_a_reason_from_the_code() -> None:
    with pytest.raises(ValueError, match="restructure"):
        assessment.draft(report(), "whim")
