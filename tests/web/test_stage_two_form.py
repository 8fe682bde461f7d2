"""The Stage 2 response form keeps each issue's number from Stage 1 and shows the Stage 1
decision beside it (R-S2-3, issue 15): the reviewer answers "issue 1", not a renumbered
"issue 3"."""

from __future__ import annotations

from typing import Any

from models.enums import Decision
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignReviewerInput,
    DecideEscalationInput,
    RequestEscalationInput,
    SubmitResponseInput,
)
from models.stages import IssueDecision, StageResponse
from tests.harness import HANDLER, REVIEWER, Complaints
from tests.web.steps import act, state


async def at_stage_2_with_two_issues(complaints: Complaints) -> str:
    handle = await complaints.log(handler=HANDLER)
    await complaints.act(handle, "accept", AcceptInput(by="o.bennett"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by="o.bennett",
            definition="The boiler and the damp",
            outcomes_sought="Repairs",
            issues=["Boiler not repaired", "Damp in the bedroom"],
        ),
    )
    response = StageResponse(
        definition="The boiler and the damp",
        decisions=[
            IssueDecision(issue_id=1, decision=Decision.NOT_UPHELD, reasons="Repaired on time"),
            IssueDecision(issue_id=2, decision=Decision.NOT_UPHELD, reasons="No damp was found"),
        ],
        reasons="Our repairs policy was followed throughout.",
    )
    await complaints.act(
        handle, "submit_response", SubmitResponseInput(by="h.khan", response=response)
    )
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons="Too slow"))
    await complaints.act(
        handle, "assign_reviewer", AssignReviewerInput(by="o.bennett", reviewer=REVIEWER)
    )
    await complaints.act(
        handle,
        "decide_escalation",
        DecideEscalationInput(
            by="r.patel", accept=True, understanding="The delay", outcomes_sought="An apology"
        ),
    )
    return handle.id


async def test_r_s2_3_the_stage_2_form_keeps_the_issue_numbers_beside_stage_1s_decisions(
    browser: Any, complaints: Complaints
) -> None:
    reference = await at_stage_2_with_two_issues(complaints)
    reviewer = await browser("reviewer")

    form = await reviewer.get(f"/complaints/{reference}/actions/submit_response")

    assert form.status_code == 200
    page = form.text
    assert "Issue 1: Boiler not repaired" in page and "Issue 2: Damp in the bedroom" in page
    assert "Issue 3" not in page and "Issue 4" not in page
    assert "Stage 1 decision on issue 1:</strong> Not upheld. Repaired on time" in page
    assert "Stage 1 decision on issue 2:</strong> Not upheld. No damp was found" in page

    # An issue left undecided is named by its number too.
    missing = await act(
        reviewer,
        reference,
        "submit_response",
        {"definition": "The delay", "reasons": "We reviewed every repair record again."},
    )
    assert missing.status_code == 422
    assert "a decision on issue 1" in missing.text and "issue 3" not in missing.text

    # The decisions sent are those of the Stage 2 issues the form showed.
    stage_2 = [i.id for i in (await state(complaints, reference)).issues if i.stage == "stage_2"]
    sent = await act(
        reviewer,
        reference,
        "submit_response",
        {
            "definition": "The delay",
            "reasons": "We reviewed every repair record again.",
            **{f"decision-{n}": "not_upheld" for n in stage_2},
            **{f"reasons-{n}": "Confirmed at review" for n in stage_2},
        },
    )
    assert sent.status_code == 303, sent.text
    decided = {i.id: i.decision for i in (await state(complaints, reference)).issues}
    assert [decided[n] for n in stage_2] == [Decision.NOT_UPHELD, Decision.NOT_UPHELD]
