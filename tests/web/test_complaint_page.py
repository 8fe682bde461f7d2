"""What the complaint page and the queues say once a complaint has been answered: the
outcome and compensation in the summary, who did what by name, a contact restriction at the
top, the open action's date in the "Open actions" queue; the resident's reasons for
escalating on the decide-escalation form, and an empty reason refused beside the field
where the profile asks for one (Code 2024 6.12); and a vulnerability kept from the API for
the staff who may not see it (R-VUL-1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from models.enums import Status
from tests.browser.scenes import ACKNOWLEDGE, RESPOND
from tests.harness import Complaints, eventually
from tests.web.conftest import date_fields
from tests.web.steps import act, file_complaint, state, whole_queue

REASONS = "The compensation does not cover the heaters I had to buy"


async def test_an_answered_complaint_reads_rightly_on_its_page_and_in_the_queues(
    browser: Any, complaints: Complaints
) -> None:
    await complaints.start_of_working_day()
    resident = await browser()
    reference = await file_complaint(resident, complaints)
    officer, handler = await browser("officer"), await browser("handler")
    today = await complaints.today()
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        ("acknowledge", ACKNOWLEDGE),
    ):
        assert (await act(officer, reference, update, form)).status_code == 303, update
    action_due = today + timedelta(days=40)
    response = {
        **RESPOND,
        "decision-1": "upheld",
        "lesson": "Chase repairs sooner",
        "compensation-time_and_trouble": "120",
        "action-1-what": "Service the boiler",
        **date_fields("action-1-due", action_due),
    }
    sent = await act(handler, reference, "submit_response", response)
    assert sent.status_code == 303, sent.text[-2000:]
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")

    page = (await handler.get(f"/complaints/{reference}")).text
    outcome = page[page.index('id="outcome-1"') :]
    outcome = outcome[: outcome.index("</dd>")]
    assert "Upheld" in outcome and "£120.00" in outcome
    # The timeline names the handler, not their staff id.
    timeline = page[page.index('id="timeline"') :]
    assert ">Hana Khan</td>" in timeline and ">h.khan</td>" not in timeline

    queue = await eventually(
        lambda: whole_queue(officer, "open-actions"),
        lambda got: f'id="row-{reference}"' in got,
    )
    row = queue[queue.index(f'id="row-{reference}"') :]
    row = row[: row.index("</tr>")]
    due_cell = row[row.index(f'id="next-due-{reference}"') :]
    assert "Open action" in due_cell and "None" not in due_cell
    assert "Due</strong>" in row  # the action is on time: "Due", not a colour's jargon

    # -- an empty reason for escalating is refused beside the field (the seed profile asks).
    status = await resident.post("/status", {"reference": reference, "contact": "ls11aa"})
    assert status.status_code == 200 and 'id="escalate-form"' in status.text
    empty = await resident.post("/status/escalate", {"reference": reference, "reasons": "  "})
    assert empty.status_code == 422
    assert 'id="reasons-error"' in empty.text and "Tell us why you are unhappy" in empty.text
    assert (await state(complaints, reference)).status == Status.CLOSED
    asked = await resident.post("/status/escalate", {"reference": reference, "reasons": REASONS})
    assert 'id="escalated"' in asked.text, asked.text[-2000:]

    # -- the decide-escalation form shows the resident's reasons to the reviewer.
    assigned = await act(officer, reference, "assign_reviewer", {"reviewer": "r.patel"})
    assert assigned.status_code == 303, assigned.text[-2000:]
    reviewer = await browser("reviewer")
    form = await reviewer.get(f"/complaints/{reference}/actions/decide_escalation")
    assert form.status_code == 200 and REASONS in form.text


async def test_r_vul_1_the_api_keeps_a_vulnerability_from_staff_who_may_not_see_it(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    review_on = await complaints.today() + timedelta(days=90)
    recorded = await act(
        officer,
        reference,
        "record_vulnerability",
        {
            "circumstances": "Aged 84 with COPD",
            "adjustment-phone_calls": "yes",
            **date_fields("review_on", review_on),
        },
    )
    assert recorded.status_code == 303, recorded.text[-2000:]
    await eventually(lambda: complaints.row(reference), lambda row: row.vulnerable)

    for who in ("officer", "manager", "governance"):
        seen = (await (await browser(who)).get(f"/api/complaints/{reference}")).json()
        assert seen["vulnerability"]["circumstances"] == "Aged 84 with COPD", who
    stranger = await (await browser("other_handler")).get(f"/api/complaints/{reference}")
    assert stranger.status_code == 200
    assert stranger.json()["vulnerability"] is None
    assert "COPD" not in stranger.text
    assert stranger.json()["reference"] == reference


async def test_a_compliment_s_page_says_it_is_recorded_not_a_stage(
    browser: Any, complaints: Complaints
) -> None:
    resident = await browser()
    form = {"kind": "compliment", "name": "Alex Morgan", "description": "Thank you, Sam."}
    response = await resident.post("/feedback", form)
    assert response.status_code == 303, response.text
    filed = (await resident.get(response.headers["location"])).text
    reference = filed.split('id="filed-reference">')[1][:15]
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)

    page = (await (await browser("officer")).get(f"/complaints/{reference}")).text
    assert 'id="stage"' not in page and "Stage 1" not in page
    status = page[page.index('id="status"') :]
    assert status[: status.index("</strong>")].endswith(">Recorded")
