"""Issue 8, findings 4 and 5: no input reaches a 500. A NUL, another control character or a
lone surrogate in the address, a form field, a header or a JSON body, and an over-long value,
is refused at the edge with a 422 naming the field (beside it where there is a form), and
nothing is read, started or written."""

from __future__ import annotations

from typing import Any

import httpx

from models.enums import Status
from tests.harness import settled
from tests.web.conftest import USERS, Browser
from tests.web.steps import act, state

GOVUK = 'class="govuk-template"'


async def raw_browser(app: Any, who: str | None = None) -> Browser:
    """A browser whose app errors come back as responses, as a real client would see them."""
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="https://testserver",
    )
    browser = Browser(client)
    return await browser.sign_in(who) if who else browser


async def post_json(browser: Browser, path: str, body: bytes) -> httpx.Response:
    """A JSON body as sent, escapes and all (httpx would refuse to encode a lone surrogate)."""
    headers = {"X-CSRF-Token": await browser.token(), "content-type": "application/json"}
    return await browser.client.post(path, content=body, headers=headers)


async def test_finding_4_a_status_reference_ending_in_nul_is_refused_beside_the_field(
    app, complaints
) -> None:
    """POST /status with a reference ending in NUL was a 500; now the form again, 422."""
    handle = await complaints.log()
    visitor = await raw_browser(app)
    page = await visitor.post("/status", {"reference": handle.id + "\x00", "contact": "LS1 1AA"})
    assert page.status_code == 422, page.text
    assert GOVUK in page.text and 'id="reference-error"' in page.text
    assert "Your reference contains a null character, which is not allowed" in page.text
    assert "\x00" not in page.text
    long = await visitor.post("/status", {"reference": "C" * 201, "contact": "LS1 1AA"})
    assert long.status_code == 422
    assert "Your reference must be 200 characters or fewer (it has 201)" in long.text


async def test_finding_4_sign_in_with_a_nul_in_the_email_is_refused_beside_the_field(
    app,
) -> None:
    """POST /sign-in with such an email was a 500; now the sign-in form again, 422."""
    visitor = await raw_browser(app)
    page = await visitor.post("/sign-in", {"email": "a\x00@test.example", "password": "guess"})
    assert page.status_code == 422, page.text
    assert GOVUK in page.text and 'id="email-error"' in page.text
    assert "Your email address contains a null character" in page.text
    bell = await visitor.post("/sign-in", {"email": USERS["officer"].email, "password": "\x07"})
    assert bell.status_code == 422 and "Your password contains a control character (U+0007)" in (
        bell.text
    )
    # The real user still signs in: nothing was counted against the address.
    await visitor.sign_in("officer")


async def test_finding_4_api_session_refuses_nul_and_a_lone_surrogate_naming_the_field(
    app,
) -> None:
    """POST /api/session with "\\u0000" or "\\ud800" in the email was a 500; now a 422 whose
    sentence names the field."""
    visitor = await raw_browser(app)
    for escaped, words in ((b"\\u0000", "null character"), (b"\\ud800", "lone surrogate")):
        body = b'{"email": "a' + escaped + b'@test.example", "password": "guess"}'
        answer = await post_json(visitor, "/api/session", body)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/json"
        detail = answer.json()["detail"]
        assert "email" in detail and words in detail
    assert (await visitor.get("/api/session")).json()["signed_in"] is False


async def test_finding_4_a_nul_in_the_address_is_refused_before_any_lookup(app) -> None:
    """GET /api/complaints/A%00B/events was a 500; now a 422 naming the reference."""
    manager = await raw_browser(app, "manager")
    answer = await manager.get("/api/complaints/A%00B/events")
    assert answer.status_code == 422, answer.text
    assert answer.json() == {
        "detail": "The reference in the address contains a null character, which is not "
        "allowed. Go back and try again."
    }
    page = await manager.get("/complaints/A%00B")
    assert page.status_code == 422 and GOVUK in page.text
    assert "The reference in the address contains a null character" in page.text
    query = await manager.get("/complaints", params={"reference": "CMP\x1b"})
    assert query.status_code == 422
    assert "The query parameter reference contains a control character (U+001B)" in query.text
    long = await manager.get("/api/complaints/" + "A" * 201)
    assert long.status_code == 422
    assert "must be 200 characters or fewer" in long.json()["detail"]


async def test_finding_4_a_json_body_with_a_lone_surrogate_changes_nothing(app, complaints) -> None:
    """An action's JSON body with "\\ud800" is refused naming the field; the complaint's
    state and history are unchanged, and the same action without it goes through."""
    handle = await complaints.log()
    before = await settled(complaints, handle)
    manager = await raw_browser(app, "manager")
    path = f"/api/complaints/{handle.id}/assign_handler"
    body = b'{"handler": {"id": "h.nul", "name": "Nul\\u0000Name"}}'
    refused = await post_json(manager, path, body)
    assert refused.status_code == 422, refused.text
    assert "handler.name" in refused.json()["detail"]
    surrogate = await post_json(
        manager, f"/api/complaints/{handle.id}/accept", b'{"note":"\\ud800"}'
    )
    assert surrogate.status_code == 422
    assert surrogate.json()["detail"].startswith("The field note contains a character")
    assert await settled(complaints, handle) == before
    assert (await state(complaints, handle.id)).status == Status.RECEIVED
    accepted = await post_json(manager, f"/api/complaints/{handle.id}/accept", b"{}")
    assert accepted.status_code == 200, accepted.text


async def test_finding_4_an_action_form_with_a_nul_is_shown_again_with_the_error(
    app, complaints
) -> None:
    """A form field with NUL is refused beside the field, and the update is never sent."""
    handle = await complaints.log()
    officer = await raw_browser(app, "officer")
    assert (await act(officer, handle.id, "accept", {})).status_code == 303
    before = await settled(complaints, handle)
    page = await act(
        officer,
        handle.id,
        "acknowledge",
        {"definition": "Boiler\x00broken", "outcomes_sought": "A boiler", "issues": "Boiler"},
    )
    assert page.status_code == 422, page.text
    assert 'id="definition-error"' in page.text and "null character" in page.text
    assert "\x00" not in page.text
    assert await settled(complaints, handle) == before


async def test_finding_4_a_document_name_with_a_nul_is_refused_and_nothing_is_kept(
    app, complaints
) -> None:
    """The upload's file name with NUL: refused beside the upload field, nothing kept."""
    handle = await complaints.log()
    manager = await raw_browser(app, "manager")
    token = (await manager.token()).encode()
    body = (  # by hand: httpx would write the NUL as %00
        b'--XX\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token + b"\r\n"
        b'--XX\r\nContent-Disposition: form-data; name="document"; filename="reply\x00.eml"\r\n'
        b"Content-Type: message/rfc822\r\n\r\nFrom: a@b\r\n\r\nhello\r\n--XX--\r\n"
    )
    page = await manager.client.post(
        f"/complaints/{handle.id}/documents",
        content=body,
        headers={"content-type": "multipart/form-data; boundary=XX"},
    )
    assert page.status_code == 422, page.text
    assert 'id="document-error"' in page.text
    assert "The file&#39;s name contains a null character" in page.text
    async with complaints.sessionmaker() as db:
        from store import queries

        assert await queries.list_documents(db, handle.id) == []


async def test_a_csrf_header_with_a_latin_1_character_is_a_403_not_a_500(app) -> None:
    """A header is Latin-1; comparing it as text with the token raised TypeError."""
    visitor = await raw_browser(app)
    answer = await visitor.client.post(
        "/api/session", json={"email": "x", "password": "y"}, headers={"X-CSRF-Token": b"\xe9"}
    )
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Missing or wrong CSRF token."}


async def test_finding_5_an_unknown_queue_is_a_404_page(app) -> None:
    """GET /queues/nosuch was a 500 (the ``page`` parameter hid the render function)."""
    officer = await raw_browser(app, "officer")
    page = await officer.get("/queues/nosuch")
    assert page.status_code == 404, page.text
    assert GOVUK in page.text and "There is no work queue called nosuch." in page.text
    assert (await officer.get("/queues/overdue", params={"page": "2"})).status_code == 200
    wrong = await officer.get("/queues/overdue", params={"page": "two"})
    assert wrong.status_code == 422 and GOVUK in wrong.text and "page:" in wrong.text


async def test_an_unknown_address_is_a_govuk_page_or_a_json_404(app) -> None:
    visitor = await raw_browser(app)
    page = await visitor.get("/no/such/page")
    assert page.status_code == 404 and GOVUK in page.text and "Page not found" in page.text
    api = await visitor.get("/api/no/such")
    assert api.status_code == 404 and api.json() == {"detail": "There is nothing at this address."}


async def test_the_api_sign_in_is_limited_like_the_page(app) -> None:
    """Wrong passwords through the API count as on the sign-in page: then 429."""
    visitor = await raw_browser(app)
    body = {"email": "limited@test.example", "password": "guess"}
    headers = {"X-CSRF-Token": await visitor.token()}
    answers = [
        (await visitor.client.post("/api/session", json=body, headers=headers)).status_code
        for _ in range(6)
    ]
    assert answers == [401] * 5 + [429]


async def test_an_administrator_form_with_a_nul_is_refused_beside_the_field(app) -> None:
    """Adding a user whose name holds NUL, or roles for an id beyond PostgreSQL's bigint,
    is refused, not a 500, and no user is added."""
    admin = await raw_browser(app, "admin")
    form = {
        "name": "Nul\x00Name",
        "email": "nul@test.example",
        "staff_id": "n.ul",
        "password": "a long enough password",
        "roles": "handler",
    }
    page = await admin.post("/admin/users", form)
    assert page.status_code == 422, page.text
    assert 'id="name-error"' in page.text and "Their name contains a null character" in page.text
    assert "nul@test.example" in page.text and "\x00" not in page.text
    listed = await admin.get("/admin/users")
    assert "n.ul" not in listed.text
    huge = await admin.post(f"/admin/users/{2**64}/roles", {"roles": "handler"})
    assert huge.status_code == 422 and GOVUK in huge.text
