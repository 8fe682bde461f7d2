"""After the last stage's response the resident gets exactly one final letter, which names
the actions promised earlier and still open (issue 15; R-S2-3, R-EXT-1, R-REM-3)."""

from __future__ import annotations

from datetime import timedelta

from models.aftercare import TrackedItem
from models.effects import Letter
from models.messages import SubmitResponseInput
from rules.handling import responses
from tests.unit.test_rules_escalation import STAGE_2_DUE, at, at_stage_two, response, stage_ids


def test_r_s2_3_after_the_stage_2_response_there_is_exactly_one_final_letter() -> None:
    state, _ = at_stage_two()
    state.tracked["1"] = TrackedItem(
        id="1",
        kind="action",
        what="Fit a new extractor fan",
        due=STAGE_2_DUE + timedelta(days=10),
        workflow_id=f"{state.reference}/action-1",
    )
    state.tracked["2"] = TrackedItem(
        id="2",
        kind="action",
        what="Already done",
        due=STAGE_2_DUE,
        workflow_id=f"{state.reference}/action-2",
        completed_on=STAGE_2_DUE,
    )
    inp = SubmitResponseInput(response=response(stage_ids(state)))
    effects = responses.submit_response(state, inp, at(STAGE_2_DUE))
    sent = [e for e in effects if isinstance(e, Letter)]
    assert [e.letter for e in sent] == ["stage_2_response"]
    (letter,) = sent
    assert letter.fields["route"]["final"] is True
    assert letter.fields["earlier_actions"] == [
        {"what": "Fit a new extractor fan", "due": (STAGE_2_DUE + timedelta(days=10)).isoformat()}
    ]
