"""Staff read the Code's clause numbers, not our rule ids: every action's form, the complaint
page and a refusal say "Code 5.12" where the rules say "R-S2-1" (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from rules.rule_clauses import CLAUSES, RULE_ID, code_reference, in_clauses
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
        ("names staff (R-S1-7).", "names staff (Code 4.9)."),
        ("not involved (R-S2-1)", "not involved (Code 5.12)"),
        ("upheld (R-LRN-1)", "upheld (Code 7.2, 7.5)"),
        ("reminders (R-S1-2)", "reminders (R-S1-2)"),  # the Code numbers no reminders
    ],
)
def test_a_rule_id_reads_as_the_codes_clause_where_it_has_one(text: str, reads: str) -> None:
    assert in_clauses(text) == reads


def test_an_actions_clauses_are_listed_once_in_the_codes_order() -> None:
    assert code_reference(["R-S1-4", "R-S1-3", "R-S1-1"]) == "Code 5.1, 5.2, 5.3"
    assert code_reference(["R-FIND-1"]) == ""


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
    assert "Code 5.1" in extend.text


async def test_a_refusal_names_the_codes_clause(browser: Any, complaints: Complaints) -> None:
    handle = await open_at_stage_2(complaints)
    handler = await browser("handler")  # handled Stage 1, so may not review it (R-S2-1)
    response = await handler.get(f"/complaints/{handle.id}/actions/submit_response")
    assert response.status_code == 403
    assert "Code 5.12" in response.text and numbered_rule_ids(response.text) == []
