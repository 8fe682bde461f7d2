"""A complaint through the web app, from the resident's form to the Stage 2 response, each
step taken by the person whose job it is; and the people who may not, refused."""

from html import unescape

from models.enums import Stage, Status
from tests.harness import eventually
from tests.web.conftest import date_fields
from tests.web.steps import act, file_complaint, refusal_on, state, whole_queue


async def test_a_complaint_from_the_resident_form_through_stage_1_escalation_and_stage_2(
    browser, complaints
) -> None:
    start = await complaints.start_of_working_day()
    wd = complaints.cal(start).add_working_days
    resident = await browser()
    reference = await file_complaint(resident, complaints)

    # -- the officer sees it awaiting acceptance, assigns the handler, accepts, acknowledges.
    officer = await browser("officer")
    queue = await whole_queue(officer, "awaiting-acceptance")
    assert f'id="row-{reference}"' in queue
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        (
            "acknowledge",
            {
                "definition": "The boiler was not repaired for three weeks",
                "outcomes_sought": "A working boiler and compensation",
                "issues": "Boiler repair delay\nPoor communication",
            },
        ),
    ):
        response = await act(officer, reference, update, form)
        assert response.status_code == 303, (update, response.text)
    acknowledged = await state(complaints, reference)
    assert (acknowledged.status, acknowledged.handler.id) == (Status.OPEN, "h.khan")
    assert acknowledged.intake.logged_by == "resident"
    due = acknowledged.deadlines["stage_1_response"].due

    # -- another handler may not touch it; nothing changes.
    other = await browser("other_handler")
    response = await act(
        other, reference, "extend", {**date_fields("new_due", wd(due, 2)), "reason": "Waiting"}
    )
    assert response.status_code == 403
    assert "not assigned to you" in unescape(response.text)
    assert (await state(complaints, reference)).deadlines["stage_1_response"].due == due

    # -- the handler: a refused extension shows its reason beside the form (R-S1-3) ...
    handler = await browser("handler")
    events_before = len(await complaints.events(reference))
    response = await act(
        handler,
        reference,
        "extend",
        {**date_fields("new_due", wd(due, 2)), "reason": "It was not prioritised this week"},
    )
    assert response.status_code == 409
    assert "not prioritised" in unescape(refusal_on(response.text)).lower()
    assert (await state(complaints, reference)).deadlines["stage_1_response"].due == due
    assert len(await complaints.events(reference)) == events_before

    # ... then extends with a reason and responds on each issue, with remedies (R-S1-6).
    extended = wd(due, 5)
    response = await act(
        handler,
        reference,
        "extend",
        {**date_fields("new_due", extended), "reason": "Waiting for the engineer's report"},
    )
    assert response.status_code == 303, response.text
    assert (await state(complaints, reference)).deadlines["stage_1_response"].due == extended
    response = await act(
        handler,
        reference,
        "submit_response",
        {
            "definition": "The boiler was not repaired for three weeks",
            "decision-1": "upheld",
            "reasons-1": "Three weeks without heating",
            "decision-2": "not_upheld",
            "reasons-2": "Calls were returned the same day",
            "reasons": "Our repairs policy sets a 3 day target for loss of heating.",
            "remedy-1-kind": "apology",
            "remedy-1-description": "We apologise for the delay",
            "compensation-time_and_trouble": "50",
            "action-1-what": "Service the boiler",
            **date_fields("action-1-due", wd(start, 20)),
            "lesson": "Order boiler parts on the first visit",
        },
    )
    assert response.status_code == 303, response.text
    responded = await state(complaints, reference)
    assert (responded.stage, responded.status) == (Stage.STAGE_1, Status.CLOSED)
    stage_1 = responded.stages[Stage.STAGE_1].response
    assert [(d.issue_id, d.decision.value) for d in stage_1.decisions] == [
        (1, "upheld"),
        (2, "not_upheld"),
    ]
    financial = [r for r in stage_1.remedies if r.kind.value == "financial"]
    assert financial[0].compensation.time_and_trouble == 50
    assert [a.what for a in stage_1.actions] == ["Service the boiler"]

    # -- the resident checks on the status page and escalates (R-ESC-1).
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    page = await resident.post("/status", {"reference": reference, "contact": "ls11aa"})
    assert page.status_code == 200
    assert 'id="escalate-form"' in page.text
    page = await resident.post(
        "/status/escalate", {"reference": reference, "reasons": "The compensation is too low"}
    )
    assert 'id="escalated"' in page.text, page.text
    assert (await state(complaints, reference)).status == Status.ESCALATION_REQUESTED

    # -- the Stage 1 handler cannot review it (R-S2-1): not assigned, and not deciding.
    response = await act(officer, reference, "assign_reviewer", {"reviewer": "h.khan"})
    assert response.status_code == 409
    assert "handled this complaint at Stage 1" in unescape(refusal_on(response.text))
    assert (await state(complaints, reference)).reviewer is None
    response = await handler.get(f"/complaints/{reference}/actions/decide_escalation")
    assert response.status_code == 403
    assert "Code 6.13" in response.text

    # -- the reviewer is assigned, accepts the escalation and responds at Stage 2.
    response = await act(officer, reference, "assign_reviewer", {"reviewer": "r.patel"})
    assert response.status_code == 303, response.text
    reviewer = await browser("reviewer")
    response = await act(
        reviewer,
        reference,
        "decide_escalation",
        {
            "decision": "accept",
            "understanding": "The resident thinks £50 does not reflect three cold weeks",
            "outcomes_sought": "Higher compensation",
        },
    )
    assert response.status_code == 303, response.text
    at_stage_2 = await state(complaints, reference)
    assert (at_stage_2.stage, at_stage_2.status) == (Stage.STAGE_2, Status.OPEN)
    issues = [i.id for i in at_stage_2.issues if i.stage == Stage.STAGE_2]
    decisions = {}
    for issue_id in issues:
        decisions |= {f"decision-{issue_id}": "not_upheld", f"reasons-{issue_id}": "Fair award"}
    response = await act(
        reviewer,
        reference,
        "submit_response",
        {
            "definition": "Whether £50 reflects three weeks without heating",
            **decisions,
            "reasons": "Our compensation policy awards £50 for this length of delay.",
        },
    )
    assert response.status_code == 303, response.text
    final = await state(complaints, reference)
    assert (final.stage, final.status) == (Stage.STAGE_2, Status.CLOSED)
    assert final.stages[Stage.STAGE_2].owner.id == "r.patel"

    # -- the complaint page tells the story: parties, issues, letters, deadlines, timeline.
    page = (await officer.get(f"/complaints/{reference}")).text
    assert "Alex Morgan" in page and "Boiler repair delay" in page
    assert 'id="letters"' in page and "Stage 2 response" in page
    assert f"/namespaces/default/workflows/{reference}" in page
    assert 'data-kind="escalation_requested"' in page
    letters = await complaints.letters(reference)
    letter = await officer.get(f"/complaints/{reference}/letters/{letters[0].seq}")
    assert letter.status_code == 200 and reference in letter.text
