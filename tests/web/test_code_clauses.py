"""Staff read the Code's clause numbers, not our rule ids: every action's form, the complaint
page and a refusal say "Code 6.13" where the rules say "R-S2-1" (issue 15), in the numbers
of the 2024 Code, in force since 1 April 2024."""

from __future__ import annotations

from typing import Any

import pytest

from rules.code_clauses import edition
from rules.rule_clauses import CLAUSES, EDITION, RULE_ID, code_reference, in_clauses
from tests.harness import Complaints
from tests.web.steps import file_complaint
from tests.web.test_roles import open_at_stage_2
from web.actions import ACTIONS


def numbered_rule_ids(page: str) -> list[str]:
    """The rule ids on a page that the Code numbers, and so should read as its clauses."""
    return [found for found in RULE_ID.findall(page) if found in CLAUSES]


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("not involved (R-S2-1)", "not involved (Code 6.13)"),
        ("upheld (R-LRN-1)", "upheld (Code 9.1, 9.3)"),
        ("more time (R-S1-3)", "more time (Code 6.4)"),
        ("declined (R-ACC-2)", "declined (Code 2.4)"),
        ("reminders (R-S1-2)", "reminders (R-S1-2)"),  # the Code numbers no reminders
        ("names staff (R-S1-7).", "names staff (R-S1-7)."),  # the 2022 edition's 4.9 only
    ],
)
def test_a_rule_id_reads_as_the_codes_clause_where_it_has_one(text: str, reads: str) -> None:
    assert in_clauses(text) == reads


def test_an_actions_clauses_are_listed_once_in_the_codes_order() -> None:
    assert code_reference(["R-S1-4", "R-S1-3", "R-S1-1"]) == "Code 5.9, 6.3, 6.4, 6.5"
    assert code_reference(["R-S2-2", "R-S2-1"]) == "Code 6.13, 6.14, 6.15, 6.16"
    assert code_reference(["R-FIND-1"]) == ""


def test_every_cited_clause_is_a_clause_of_the_2024_code() -> None:
    """The numbers are the 2024 edition's, and each names a clause that edition has."""
    code = edition(EDITION)
    assert EDITION == "2024" and code.in_force_until is None  # the edition in force
    cited = {clause for clauses in CLAUSES.values() for clause in clauses}
    assert sorted(c for c in cited if code.clause(c) is None) == []

    def says(rule: str) -> str:
        found = code.clause(CLAUSES[rule][0])
        assert found is not None
        return found.requirement

    # Each rule's first clause says what the rule does, read against the Code's words.
    assert "must not be the one who considered it at Stage 1" in says("R-S2-1")
    assert "within 20 working days" in says("R-S2-2")
    assert "within 10 working days" in says("R-S1-1")
    assert "no more than 10 working days" in says("R-S1-3")
    assert "unacceptable behaviour" in says("R-COM-2")
    assert "full record" in says("R-REC-1")


async def test_no_staff_page_shows_a_rule_id_the_code_numbers(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    manager = await browser("manager")
    complaint_page = await manager.get(f"/complaints/{reference}")
    assert complaint_page.status_code == 200
    assert numbered_rule_ids(complaint_page.text) == []
    shown = 0
    for action in ACTIONS:
        form = await manager.get(f"/complaints/{reference}/actions/{action.update}")
        assert numbered_rule_ids(form.text) == [], action.update
        shown += form.status_code == 200
    assert shown > 10
    extend = await manager.get(f"/complaints/{reference}/actions/extend")
    assert "Code 6.4" in extend.text


async def test_a_refusal_names_the_codes_clause(browser: Any, complaints: Complaints) -> None:
    handle = await open_at_stage_2(complaints)
    handler = await browser("handler")  # handled Stage 1, so may not review it (R-S2-1)
    response = await handler.get(f"/complaints/{handle.id}/actions/submit_response")
    assert response.status_code == 403
    assert "Code 6.13" in response.text and numbered_rule_ids(response.text) == []
