"""R-PREV-1: before a stage response is sent the handler sees the letter as it will go out,
from the response form, and then sends it; the preview sends and changes nothing."""

from __future__ import annotations

from typing import Any

from models.enums import Status
from tests.browser.scenes import ACKNOWLEDGE, RESPOND
from tests.harness import Complaints, eventually
from tests.web.steps import act, file_complaint, state


async def test_r_prev_1_the_handler_previews_the_response_letter_then_sends_it(
    browser: Any, complaints: Complaints
) -> None:
    await complaints.start_of_working_day()
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        ("acknowledge", ACKNOWLEDGE),
    ):
        assert (await act(officer, reference, update, form)).status_code == 303, update
    handler = await browser("handler")
    letters_before = len(await complaints.letters(reference))

    page = await act(handler, reference, "submit_response", {**RESPOND, "preview": "yes"})
    assert page.status_code == 200, page.text[-2000:]
    assert "Stage 1 response to your complaint" in page.text
    assert "Our repairs policy sets a 3 day target for loss of heating." in page.text
    assert "Nothing has been sent" in page.text and 'id="confirm-form"' in page.text
    assert (await state(complaints, reference)).status == Status.OPEN
    assert len(await complaints.letters(reference)) == letters_before

    sent = await act(handler, reference, "submit_response", RESPOND)
    assert sent.status_code == 303, sent.text[-2000:]
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    letters = [x.letter for x in await complaints.letters(reference)]
    assert letters.count("stage_1_response") == 1
