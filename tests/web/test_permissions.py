"""The pure rules of who may act, and of a row's colour (table-driven)."""

from datetime import date

import pytest

from models.enums import Rag, Stage
from web.permissions import ALL_ACTIONS, Facts, refusal
from web.queues import rag

STAGE_1 = Facts(Stage.STAGE_1, handler_id="h.khan", reviewer_id=None)
STAGE_2 = Facts(
    Stage.STAGE_2, handler_id="h.khan", reviewer_id="r.patel", stage_1_staff=("h.khan",)
)


@pytest.mark.parametrize(
    ("roles", "staff_id", "action", "facts", "allowed"),
    [
        (["handler"], "h.khan", "extend", STAGE_1, True),
        (["handler"], "j.doe", "extend", STAGE_1, False),
        (["handler"], "h.khan", "accept", STAGE_1, False),
        (["handler"], "h.khan", "extend", STAGE_2, False),
        (["reviewer"], "r.patel", "extend", STAGE_2, True),
        (["reviewer"], "r.patel", "extend", STAGE_1, False),
        (["reviewer"], "x.y", "decide_escalation", STAGE_2, False),
        (["handler", "reviewer"], "h.khan", "decide_escalation", STAGE_2, False),
        (["manager"], "h.khan", "submit_response", STAGE_2, False),
        (["manager"], "m.osei", "submit_response", STAGE_2, True),
        (["officer"], "o.bennett", "accept", STAGE_1, True),
        (["officer"], "o.bennett", "submit_response", STAGE_1, False),
        (["governance"], "g.ward", "accept", STAGE_1, False),
        (["admin"], "a.admin", "accept", STAGE_1, False),
        ([], "nobody", "accept", STAGE_1, False),
        (["manager"], "m.osei", "no_such_action", STAGE_1, False),
    ],
)
def test_who_may_take_an_action(roles, staff_id, action, facts, allowed) -> None:
    assert (refusal(roles, staff_id, action, facts) is None) == allowed


def test_r_s2_1_someone_who_handled_stage_1_is_told_why_they_cannot_review() -> None:
    reason = refusal(["reviewer"], "h.khan", "decide_escalation", STAGE_2)
    assert reason is not None and "Code 6.13" in reason


def test_governance_is_told_it_reads_only() -> None:
    for action in ALL_ACTIONS:
        assert "read" in (refusal(["governance"], "g.ward", action, STAGE_1) or "")


D = date(2026, 12, 10)


@pytest.mark.parametrize(
    ("today", "target", "due", "colour"),
    [
        (date(2026, 12, 8), date(2026, 12, 9), D, Rag.GREEN),
        (date(2026, 12, 9), date(2026, 12, 9), D, Rag.GREEN),  # met on the day is on time
        (date(2026, 12, 10), date(2026, 12, 9), D, Rag.AMBER),
        (date(2026, 12, 11), date(2026, 12, 9), D, Rag.RED),
        (date(2026, 12, 11), None, D, Rag.RED),
        (date(2026, 12, 1), None, None, None),
    ],
)
def test_r_time_3_a_row_is_red_past_its_limit_and_amber_past_its_target(
    today, target, due, colour
) -> None:
    assert rag(today, target, due) == colour
