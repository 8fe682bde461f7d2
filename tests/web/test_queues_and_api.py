"""Work queues with their red, amber and green rows; the JSON API and its OpenAPI document."""

from models.enums import Rag
from models.messages import AcceptInput
from tests.harness import eventually
from tests.web.conftest import USERS
from tests.web.steps import whole_api_queue, whole_queue


def rag_of(page: str, reference: str) -> str:
    return page.split(f'id="row-{reference}" data-rag="')[1].split('"')[0]


async def test_a_received_complaint_turns_amber_past_its_target_and_red_past_its_limit(
    browser, complaints
) -> None:
    start = await complaints.start_of_working_day()
    wd = complaints.cal(start).add_working_days
    handle = await complaints.log()
    await eventually(lambda: complaints.row(handle.id), lambda row: row is not None)
    officer = await browser("officer")

    page = await whole_queue(officer, "awaiting-acceptance")
    assert rag_of(page, handle.id) == Rag.GREEN
    # Acknowledgement is due in 5 working days: not yet within the next 3.
    assert f'id="row-{handle.id}"' not in await whole_queue(officer, "due-soon")

    await complaints.advance_to_day(wd(start, 3))  # the 2-day target has passed
    page = await whole_queue(officer, "awaiting-acceptance")
    assert rag_of(page, handle.id) == Rag.AMBER
    assert f'id="row-{handle.id}"' in await whole_queue(officer, "due-soon")

    await complaints.advance_to_day(wd(start, 6))  # so has the 5-day limit
    await eventually(lambda: complaints.row(handle.id), lambda row: row.breached)
    page = await whole_queue(officer, "overdue")
    assert rag_of(page, handle.id) == Rag.RED
    assert f'id="row-{handle.id}"' not in await whole_queue(officer, "due-soon")


async def test_my_complaints_lists_only_the_handlers_own(browser, complaints) -> None:
    from tests.harness import HANDLER, OTHER_HANDLER

    mine = await complaints.log(handler=HANDLER)
    theirs = await complaints.log(handler=OTHER_HANDLER)
    for handle in (mine, theirs):
        await eventually(lambda h=handle: complaints.row(h.id), lambda row: row is not None)
    handler = await browser("handler")
    page = await whole_queue(handler, "mine")
    assert f'id="row-{mine.id}"' in page and f'id="row-{theirs.id}"' not in page
    api_rows = await whole_api_queue(handler, "mine")
    assert mine.id in [row["reference"] for row in api_rows]
    assert all(row["handler_id"] == "h.khan" for row in api_rows)


async def test_the_api_signs_in_reads_acts_and_says_why_it_refuses(browser, complaints) -> None:
    handle = await complaints.log()
    client = await browser()
    anonymous = (await client.get("/api/session")).json()
    assert anonymous["signed_in"] is False
    wrong = await client.api("/api/session", {"email": USERS["officer"].email, "password": "no"})
    assert wrong.status_code == 401
    signed_in = await client.api(
        "/api/session", {"email": USERS["officer"].email, "password": USERS["officer"].password}
    )
    assert signed_in.status_code == 200 and signed_in.json()["user"]["roles"] == ["officer"]

    complaint = (await client.get(f"/api/complaints/{handle.id}")).json()
    assert complaint["status"] == "received"
    accepted = await client.api(f"/api/complaints/{handle.id}/accept", {"by": "someone else"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    events = (await client.get(f"/api/complaints/{handle.id}/events")).json()
    assert events[-1]["kind"] != "" and any(e["actor"] == "o.bennett" for e in events)

    again = await client.api(f"/api/complaints/{handle.id}/accept", {})
    assert again.status_code == 409 and again.json()["detail"]
    governance = await browser("governance")
    forbidden = await governance.api(
        f"/api/complaints/{handle.id}/decline", {"reason": "late", "detail": "x" * 20}
    )
    assert forbidden.status_code == 403
    missing = await client.get("/api/complaints/CMP-2099-999998")
    assert missing.status_code == 404


async def test_the_openapi_document_lists_every_action(app) -> None:
    from web.actions import ACTIONS

    paths = app.openapi()["paths"]
    for action in ACTIONS:
        assert f"/api/complaints/{{reference}}/{action.update}" in paths


async def test_every_action_form_renders_for_a_manager(browser, complaints) -> None:
    from web.actions import ACTIONS

    handle = await complaints.log()
    await complaints.act(handle, "accept", AcceptInput(by="m.osei"))
    manager = await browser("manager")
    for action in ACTIONS:
        page = await manager.get(f"/complaints/{handle.id}/actions/{action.update}")
        assert page.status_code == 200, (action.update, page.text)
        assert 'name="csrf_token"' in page.text and 'id="submit"' in page.text
        for field in action.fields:
            if field.kind == "checkboxes" and f'name="{field.name}"' not in page.text:
                # Nothing to choose from (no undelivered letters here): the question is
                # left out whole, as GOV.UK asks only what applies (tests/web/test_resend.py).
                assert field.label not in page.text, (action.update, field.name)
                continue
            assert f'for="{field.name}' in page.text, (action.update, field.name)


async def test_a_form_with_missing_fields_shows_each_error_beside_its_field(
    browser, complaints
) -> None:
    handle = await complaints.log()
    officer = await browser("officer")
    page = await officer.post(f"/complaints/{handle.id}/actions/decline", {"detail": ""})
    assert page.status_code == 422
    assert 'class="govuk-error-summary"' in page.text
    assert 'id="reason-error"' in page.text and 'id="detail-error"' in page.text
    assert 'href="#reason"' in page.text
