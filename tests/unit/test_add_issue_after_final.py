"""R-S1-5: an issue is added while the complaint is being answered, never once its final
response has gone; the reviewer is then not offered "Add an issue"."""

from __future__ import annotations

from datetime import date

import pytest

from models.messages import AddIssueInput
from rules import catalogue
from rules.handling import responses
from rules.handling.common import Refused
from tests.unit.test_rules_intake import at, stage_one_answered


def test_r_s1_5_an_issue_is_added_while_the_complaint_is_answered() -> None:
    state = stage_one_answered("seed")
    assert catalogue.ADD_ISSUE.offered(state)
    responses.check_add_issue(state, AddIssueInput(summary="Damp"), at(date(2026, 3, 11)))


def test_r_s1_5_no_issue_is_added_after_the_final_response() -> None:
    state = stage_one_answered("seed").model_copy(update={"final": True})
    assert not catalogue.ADD_ISSUE.offered(state)
    with pytest.raises(Refused, match="final response has been sent"):
        responses.check_add_issue(state, AddIssueInput(summary="Damp"), at(date(2026, 3, 11)))
