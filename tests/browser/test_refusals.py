"""People who may not act are refused on the page, with the reason, and nothing changes."""

from __future__ import annotations

from html import unescape

from models.enums import Status
from tests.browser import scenes
from tests.browser.pages import fill_date, follow, open_complaint, submit, text, visit
from tests.web.steps import state


async def test_a_handler_is_refused_a_complaint_assigned_to_another_handler(
    people, http, complaints, screenshots
) -> None:
    reference = await scenes.acknowledged(http, complaints)
    before = await state(complaints, reference)
    events_before = len(await complaints.events(reference))

    other = await people("other_handler", screenshots)
    await follow(other, screenshots, "#queue-mine", "queue-mine")
    assert await other.locator(f"#row-{reference}").count() == 0
    await open_complaint(other, screenshots, reference)
    assert "h.khan" in await text(other, "#handler")
    assert await other.locator("#action-extend").count() == 0
    assert await other.locator("#no-actions").count() == 1

    # Typing the form's address does not get round it.
    response = await visit(
        other, screenshots, f"/complaints/{reference}/actions/extend", "extend-refused"
    )
    assert response.status == 403
    assert "not assigned to you" in unescape(await text(other, "#problem-message"))
    assert await other.locator("#action-form").count() == 0

    after = await state(complaints, reference)
    assert after.deadlines["stage_1_response"].due == before.deadlines["stage_1_response"].due
    assert after.handler.id == "h.khan"
    assert len(await complaints.events(reference)) == events_before


async def test_r_s2_1_the_stage_1_handler_is_refused_the_stage_2_review(
    people, http, complaints, screenshots
) -> None:
    reference = await scenes.escalated(http, complaints)
    events_before = len(await complaints.events(reference))

    # The officer picks the Stage 1 handler as reviewer: refused beside the form.
    officer = await people("officer", screenshots)
    await open_complaint(officer, screenshots, reference)
    await follow(officer, screenshots, "#action-assign_reviewer", "assign-reviewer")
    await officer.get_by_label("Reviewer").select_option("h.khan")
    response = await submit(officer, screenshots, "assign-reviewer-refused")
    assert response.status == 409
    refusal = await text(officer, "#action-refused")
    assert "handled this complaint at Stage 1" in refusal
    assert await officer.locator("#error-summary").count() == 1
    assert (await officer.title()).startswith("Error:")

    # The Stage 1 handler, a reviewer too, is offered no decision and may not open the form.
    handler = await people("handler", screenshots)
    await open_complaint(handler, screenshots, reference)
    assert await handler.locator("#action-decide_escalation").count() == 0
    response = await visit(
        handler,
        screenshots,
        f"/complaints/{reference}/actions/decide_escalation",
        "decide-escalation-refused",
    )
    assert response.status == 403
    assert "Code 6.13" in await text(handler, "#problem-message")

    after = await state(complaints, reference)
    assert after.status == Status.ESCALATION_REQUESTED
    assert after.reviewer is None
    assert len(await complaints.events(reference)) == events_before


async def test_a_refused_extension_shows_its_reason_beside_the_form_and_changes_nothing(
    people, http, complaints, screenshots
) -> None:
    """R-S1-3: more time is not given because the complaint was not prioritised."""
    reference = await scenes.acknowledged(http, complaints)
    due = (await state(complaints, reference)).deadlines["stage_1_response"].due
    events_before = len(await complaints.events(reference))

    handler = await people("handler", screenshots)
    await open_complaint(handler, screenshots, reference)
    await follow(handler, screenshots, "#action-extend", "extend")
    await fill_date(handler, "new_due", complaints.cal(due).add_working_days(due, 2))
    await handler.get_by_label("Why the response needs more time").fill(
        "It was not prioritised this week"
    )
    response = await submit(handler, screenshots, "extend-refused")
    assert response.status == 409
    assert "not prioritised" in (await text(handler, "#action-refused")).lower()
    # The form keeps what was typed, to correct and send again.
    assert "not prioritised" in await handler.get_by_label("Why the response needs").input_value()

    assert (await state(complaints, reference)).deadlines["stage_1_response"].due == due
    assert len(await complaints.events(reference)) == events_before
