"""Each role against each action, allowed and refused (table-driven), through the pages.

A GET of an action's form runs the same check as its POST; a refused POST changes nothing.
R-S2-1: the Stage 1 handler never acts on the complaint at Stage 2.
"""

import pytest

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
from tests.harness import HANDLER, REVIEWER, settled
from tests.web.steps import act

USERS = ("officer", "handler", "other_handler", "reviewer", "manager", "governance", "admin")

# At Stage 1, open, handled by h.khan ("handler"), no reviewer yet: who may take each action.
STAGE_1_ALLOWED = {
    "accept": {"officer", "manager"},
    "decline": {"officer", "manager"},
    "assign_handler": {"officer", "manager"},
    "acknowledge": {"officer", "handler", "manager"},
    "request_clarification": {"officer", "handler", "manager"},
    "record_consent": {"officer", "handler", "manager"},
    "extend": {"handler", "manager"},
    "request_agreement": {"handler", "manager"},
    "add_issue": {"handler", "manager"},
    "submit_response": {"handler", "manager"},
    "request_escalation": {"officer", "manager"},
    "assign_reviewer": {"officer", "manager"},
    "decide_escalation": {"manager"},
    "arrange_panel": {"officer", "manager"},
    "record_progress": {"officer", "handler", "manager"},
    "record_ombudsman_case": {"officer", "manager"},
}
# At Stage 2, reviewed by r.patel ("reviewer"); h.khan handled Stage 1.
STAGE_2_ALLOWED = {
    "extend": {"reviewer", "manager"},
    "submit_response": {"reviewer", "manager"},
    "add_issue": {"reviewer", "manager"},
    "request_clarification": {"officer", "reviewer", "manager"},
    "assign_reviewer": {"officer", "manager"},
    "record_ombudsman_case": {"officer", "manager"},
}
CASES_1 = [
    (user, action, user in allowed) for action, allowed in STAGE_1_ALLOWED.items() for user in USERS
]
CASES_2 = [
    (user, action, user in allowed) for action, allowed in STAGE_2_ALLOWED.items() for user in USERS
]


async def open_at_stage_1(complaints):
    handle = await complaints.log(handler=HANDLER)
    await complaints.act(handle, "accept", AcceptInput(by="o.bennett"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by="o.bennett", definition="The boiler", outcomes_sought="Repair", issues=["Boiler"]
        ),
    )
    return handle


async def open_at_stage_2(complaints):
    handle = await open_at_stage_1(complaints)
    response = StageResponse(
        definition="The boiler",
        decisions=[IssueDecision(issue_id=1, decision=Decision.NOT_UPHELD, reasons="Repaired")],
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
    return handle


async def check_table(browser, complaints, handle, cases) -> None:
    before = await settled(complaints, handle)
    signed_in = {user: await browser(user) for user in USERS}
    wrong = []
    for user, action, allowed in cases:
        response = await signed_in[user].get(f"/complaints/{handle.id}/actions/{action}")
        if (response.status_code == 200) != allowed or response.status_code not in (200, 403):
            wrong.append((user, action, allowed, response.status_code))
        if not allowed:  # the POST is refused the same way, before the engine hears of it
            posted = await act(signed_in[user], handle.id, action, {"reason": "x" * 20})
            if posted.status_code != 403:
                wrong.append((user, action, "POST", posted.status_code))
    assert wrong == []
    assert await settled(complaints, handle) == before


async def test_each_role_against_each_action_at_stage_1(browser, complaints) -> None:
    handle = await open_at_stage_1(complaints)
    await check_table(browser, complaints, handle, CASES_1)


async def test_r_s2_1_each_role_against_each_action_at_stage_2_the_stage_1_handler_never(
    browser, complaints
) -> None:
    handle = await open_at_stage_2(complaints)
    await check_table(browser, complaints, handle, CASES_2)
    handler = await browser("handler")  # h.khan is a reviewer too, but handled Stage 1
    response = await handler.get(f"/complaints/{handle.id}/actions/submit_response")
    assert response.status_code == 403 and "Code 6.13" in response.text


@pytest.mark.parametrize("path", ["/staff", "/queues/mine", "/api/queues"])
async def test_an_administrator_manages_users_but_does_not_see_complaints(browser, path) -> None:
    admin = await browser("admin")
    assert (await admin.get(path)).status_code == 403


async def test_governance_reads_a_complaint_and_is_offered_no_action(browser, complaints) -> None:
    handle = await open_at_stage_1(complaints)
    governance = await browser("governance")
    page = await governance.get(f"/complaints/{handle.id}")
    assert page.status_code == 200
    assert 'id="no-actions"' in page.text
    officer_page = (await (await browser("officer")).get(f"/complaints/{handle.id}")).text
    assert 'id="action-record_ombudsman_case"' in officer_page


async def test_a_signed_out_visitor_is_sent_to_sign_in(browser, complaints) -> None:
    visitor = await browser()
    response = await visitor.get("/queues/overdue")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")
    assert (await visitor.get("/api/queues")).status_code == 401
