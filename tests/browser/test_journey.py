"""A complaint in a real browser, from the resident's form to the Stage 2 response: each
step taken on the pages by the person whose job it is.

The time-skipping server moves time only when asked, so the whole journey happens on one
working day; the extension is to a date a few working days later.
"""

from __future__ import annotations

import re

from models.enums import Stage, Status
from tests.browser.pages import (
    choose,
    fill_date,
    follow,
    open_complaint,
    page_to_row,
    submit,
    text,
    visit,
)
from tests.harness import eventually
from tests.web.steps import state


async def test_a_complaint_through_the_pages_from_the_resident_form_to_the_stage_2_response(
    people, complaints, screenshots
) -> None:
    start = await complaints.start_of_working_day()
    wd = complaints.cal(start).add_working_days

    # -- the resident files a complaint and is given a reference at once (R-INT-1).
    resident = await people()
    await visit(resident, screenshots, "/", "home")
    await follow(resident, screenshots, "#link-complain", "complain")
    await resident.get_by_label("No, it is about me").check()
    await resident.get_by_label("Full name").fill("Alex Morgan")
    await resident.get_by_label("Email address", exact=True).fill("alex@example.org")
    await resident.get_by_label("Postcode", exact=True).fill("LS1 1AA")
    await choose(resident, "relationship", "current_resident")
    await choose(resident, "tenure", "tenant")
    await choose(resident, "service_area", "landlord_services")
    await resident.get_by_label("What went wrong?").fill("The boiler has not worked for weeks.")
    await resident.get_by_label("What would you like us to do").fill("A working boiler")
    await choose(resident, "contact_by", "email")
    response = await submit(resident, screenshots, "confirmation")
    assert response.status == 200
    reference = await text(resident, "#filed-reference")
    assert re.fullmatch(r"CMP-\d{4}-\d{6}", reference), reference
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)

    # -- the officer finds it awaiting acceptance, assigns the handler, accepts, acknowledges.
    officer = await people("officer", screenshots)
    await follow(officer, screenshots, "#queue-awaiting-acceptance", "queue-awaiting-acceptance")
    await page_to_row(officer, screenshots, reference)
    assert await officer.locator(f"#row-{reference}").count() == 1
    await follow(officer, screenshots, f"#row-{reference} a", "complaint")
    assert await text(officer, "#status") == "Awaiting acceptance"
    await follow(officer, screenshots, "#action-assign_handler", "assign-handler")
    await officer.get_by_label("Handler", exact=True).select_option("h.khan")
    await submit(officer, screenshots, "complaint-handler-assigned")
    assert "h.khan" in await text(officer, "#handler")
    await follow(officer, screenshots, "#action-accept", "accept")
    await submit(officer, screenshots, "complaint-accepted")
    assert await officer.locator("#flash").count() == 1
    await follow(officer, screenshots, "#action-acknowledge", "acknowledge")
    await officer.get_by_label("Issues").fill("Boiler repair delay")
    await submit(officer, screenshots, "complaint-acknowledged")
    assert await text(officer, "#status") == "Open"
    acknowledged = await state(complaints, reference)
    assert (acknowledged.status, acknowledged.handler.id) == (Status.OPEN, "h.khan")
    due = acknowledged.deadlines["stage_1_response"].due

    # -- the handler finds it among their own, extends the response date, then responds.
    handler = await people("handler", screenshots)
    await follow(handler, screenshots, "#queue-mine", "queue-mine")
    await page_to_row(handler, screenshots, reference)
    await follow(handler, screenshots, f"#row-{reference} a", "complaint")
    await follow(handler, screenshots, "#action-extend", "extend")
    extended = wd(due, 5)
    await fill_date(handler, "new_due", extended)
    await handler.get_by_label("Why the response needs more time").fill(
        "Waiting for the engineer's report"
    )
    await submit(handler, screenshots, "complaint-extended")
    assert (await state(complaints, reference)).deadlines["stage_1_response"].due == extended
    await follow(handler, screenshots, "#action-submit_response", "respond-stage-1")
    await choose(handler, "decision-1", "upheld")
    await handler.get_by_label("Reasons for the decision on issue 1").fill("Weeks without heat")
    await handler.get_by_label("Reasons, citing policy").fill("Our repairs policy: 3 days.")
    await handler.locator("#remedy-1-kind").select_option("apology")
    await handler.locator("#remedy-1-description").fill("We apologise for the delay")
    await handler.get_by_label("Lesson learned").fill("Order parts on the first visit")
    await submit(handler, screenshots, "complaint-responded")
    responded = await state(complaints, reference)
    assert (responded.stage, responded.status) == (Stage.STAGE_1, Status.CLOSED)
    assert [d.decision.value for d in responded.stages[Stage.STAGE_1].response.decisions] == [
        "upheld"
    ]

    # -- the resident checks on the status page and asks for Stage 2 (R-ESC-1).
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    await visit(resident, screenshots, "/status", "status")
    await resident.get_by_label("Reference").fill(reference)
    await resident.get_by_label("Postcode or email address").fill("ls1 1aa")
    response = await submit(resident, screenshots, "status-result", "#check")
    assert response.status == 200
    assert await text(resident, "#resident-stage") == "Stage 1"
    await resident.get_by_label("Why are you unhappy").fill("The apology is not enough")
    await submit(resident, screenshots, "status-escalated", "#escalate")
    assert await resident.locator("#escalated").count() == 1
    assert (await state(complaints, reference)).status == Status.ESCALATION_REQUESTED

    # -- the officer assigns the reviewer, who accepts the escalation and responds.
    await open_complaint(officer, screenshots, reference)
    await follow(officer, screenshots, "#action-assign_reviewer", "assign-reviewer")
    await officer.get_by_label("Reviewer").select_option("r.patel")
    await submit(officer, screenshots, "complaint-reviewer-assigned")
    assert "r.patel" in await text(officer, "#reviewer")
    reviewer = await people("reviewer", screenshots)
    await follow(reviewer, screenshots, "#queue-mine", "queue-mine")
    await page_to_row(reviewer, screenshots, reference)
    await follow(reviewer, screenshots, f"#row-{reference} a", "complaint")
    await follow(reviewer, screenshots, "#action-decide_escalation", "decide-escalation")
    await choose(reviewer, "decision", "accept")
    await reviewer.get_by_label("What is outstanding").fill("Whether an apology is enough")
    await reviewer.get_by_label("Outcomes the resident is seeking").fill("Compensation")
    await submit(reviewer, screenshots, "complaint-stage-2")
    assert await text(reviewer, "#stage") == "Stage 2"
    await follow(reviewer, screenshots, "#action-submit_response", "respond-stage-2")
    groups = await reviewer.eval_on_selector_all(
        'input[type="radio"][name^="decision-"]', "inputs => [...new Set(inputs.map(i => i.name))]"
    )
    assert groups, "no issue to decide at Stage 2"
    for group in groups:
        await choose(reviewer, group, "not_upheld")
        await reviewer.locator(f"#reasons-{group.removeprefix('decision-')}").fill("Fair")
    await reviewer.get_by_label("Reasons, citing policy").fill("Our policy on apologies.")
    await submit(reviewer, screenshots, "complaint-stage-2-responded")
    final = await state(complaints, reference)
    assert (final.stage, final.status) == (Stage.STAGE_2, Status.CLOSED)
    assert final.stages[Stage.STAGE_2].owner.id == "r.patel"

    # -- the complaint page tells the story; each letter can be read.
    assert await text(reviewer, "#status") == "Responded"
    assert "escalation_requested" in await reviewer.eval_on_selector_all(
        "#timeline tr[data-kind]", "rows => rows.map(r => r.dataset.kind)"
    )
    letter = reviewer.locator("#letters a").first
    assert await letter.count() == 1
    await follow(reviewer, screenshots, "#letters a >> nth=0", "letter")
    assert reference in await reviewer.content()
    assert len(screenshots.taken) >= 35
    assert all(path.stat().st_size > 0 for path in screenshots.taken)
