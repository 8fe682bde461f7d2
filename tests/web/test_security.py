"""CSRF on every form, sign-in and its cookie, and a status page that leaks nothing."""

import re

from models.enums import Status
from tests.harness import eventually, settled
from tests.web.conftest import USERS
from tests.web.steps import act, state


async def test_a_form_without_the_csrf_token_is_refused_and_nothing_changes(
    browser, complaints
) -> None:
    handle = await complaints.log()
    await eventually(lambda: complaints.row(handle.id), lambda row: row is not None)
    before = await settled(complaints, handle)
    officer = await browser("officer")
    missing = await officer.post(f"/complaints/{handle.id}/actions/accept", {}, csrf=False)
    forged = await officer.client.post(
        f"/complaints/{handle.id}/actions/accept", data={"csrf_token": "forged"}
    )
    assert (missing.status_code, forged.status_code) == (403, 403)
    assert "could not be sent" in missing.text
    assert await settled(complaints, handle) == before
    assert (await state(complaints, handle.id)).status == Status.RECEIVED
    # With the token the same request goes through.
    assert (await act(officer, handle.id, "accept", {})).status_code == 303


async def test_the_api_refuses_a_change_without_the_csrf_header(browser, complaints) -> None:
    handle = await complaints.log()
    officer = await browser("officer")
    path = f"/api/complaints/{handle.id}/accept"
    refused = await officer.api(path, {}, csrf=False)
    assert refused.status_code == 403
    assert (await state(complaints, handle.id)).status == Status.RECEIVED
    accepted = await officer.api(path, {})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"


async def test_signing_in_and_out_and_the_session_cookie(browser) -> None:
    visitor = await browser()
    without_token = await visitor.post(
        "/sign-in",
        {"email": USERS["officer"].email, "password": USERS["officer"].password},
        csrf=False,
    )
    assert without_token.status_code == 403  # no login CSRF either
    wrong = await visitor.post("/sign-in", {"email": USERS["officer"].email, "password": "guess"})
    assert wrong.status_code == 401 and "Enter a correct email address and password" in wrong.text
    unknown = await visitor.post("/sign-in", {"email": "nobody@test.example", "password": "guess"})
    assert unknown.status_code == 401 and unknown.text.count("correct email") == wrong.text.count(
        "correct email"
    )
    signed_in = await visitor.post(
        "/sign-in",
        {
            "email": USERS["officer"].email.upper(),
            "password": USERS["officer"].password,
            "next": "//elsewhere.example/steal",
        },
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/staff"  # never a redirect off the site
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
    assert (await visitor.get("/staff")).status_code == 200
    assert (await visitor.post("/sign-out", {})).status_code == 303
    assert (await visitor.get("/staff")).status_code == 303


async def test_pages_carry_security_headers(browser) -> None:
    page = await (await browser()).get("/complain")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"]).group(1)
    assert f'nonce="{nonce}"' in page.text


async def test_unknown_reference_and_wrong_postcode_give_the_same_answer(
    browser, complaints
) -> None:
    handle = await complaints.log()
    await eventually(lambda: complaints.row(handle.id), lambda row: row is not None)
    resident = await browser()

    async def answer(reference: str, contact: str) -> tuple[int, str]:
        response = await resident.post("/status", {"reference": reference, "contact": contact})
        # What differs is what was typed, and the per-response script nonce.
        text = response.text.replace(reference, "REFERENCE").replace(contact, "CONTACT")
        return response.status_code, re.sub(r'nonce="[^"]+"', "", text)

    unknown = await answer("CMP-2099-999999", "LS1 1AA")
    wrong_postcode = await answer(handle.id, "LS9 9ZZ")
    wrong_email = await answer(handle.id, "someone@example.org")
    assert unknown == wrong_postcode == wrong_email
    assert unknown[0] == 404 and "could not find a complaint" in unknown[1]

    found = await resident.post("/status", {"reference": handle.id, "contact": "ls1 1aa"})
    by_email = await resident.post(
        "/status", {"reference": handle.id, "contact": "Alex@Example.org"}
    )
    assert found.status_code == by_email.status_code == 200
    assert 'id="resident-stage">Stage 1<' in found.text
    # The stage and the next date, and nothing else about the complaint.
    for private in ("Alex Morgan", "boiler", "1 Elm Road", "h.khan"):
        assert private not in found.text


async def test_a_resident_cannot_escalate_a_complaint_they_have_not_opened(
    browser, complaints
) -> None:
    handle = await complaints.log()
    stranger = await browser()
    response = await stranger.post("/status/escalate", {"reference": handle.id, "reasons": "x"})
    assert response.status_code == 404
    assert (await state(complaints, handle.id)).escalations == []
