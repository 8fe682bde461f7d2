"""The resident's own view (R-RES-1): a sign-in link that works once and expires, a view of
one complaint only, its letters, and each thing the resident does, through the same
workflow updates and checks as staff, with the complaint's owner told."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from store.tables import Document
from tests.browser.scenes import acknowledged, responded
from tests.harness import Complaints, eventually
from tests.web.conftest import Browser, date_fields
from tests.web.steps import act, file_complaint, refusal_on, state
from web import resident_links

LINK = re.compile(r"(/your-complaint/link/[A-Za-z0-9_-]+)")


async def _link_for(resident: Browser, complaints: Complaints, reference: str) -> str:
    """Ask for a link as the resident would, and read it from the email it came in."""

    def links() -> list[Any]:
        return [m for m in complaints.mail.for_reference(reference) if "link" in m["Subject"]]

    before = len(links())
    page = await resident.post(
        "/your-complaint/sign-in", {"reference": reference, "email": "ALEX@example.org "}
    )
    assert page.status_code == 200 and 'id="link-sent"' in page.text, page.text[-1500:]
    mails = links()[before:]
    assert len(mails) == 1 and "sign-in link" in mails[0]["Subject"]
    assert mails[0]["To"] == "alex@example.org"
    found = LINK.search(mails[0].get_content())
    assert found, mails[0].get_content()
    return found.group(1)


async def _signed_in(browser: Any, complaints: Complaints, reference: str) -> Browser:
    resident = await browser()
    link = await _link_for(resident, complaints, reference)
    landing = await resident.get(link)
    assert landing.status_code == 200 and 'id="use-link-form"' in landing.text
    opened = await resident.post(link, {})
    assert opened.status_code == 303 and opened.headers["location"] == "/your-complaint"
    return resident


async def test_a_link_by_email_opens_the_complaint_once(browser, complaints: Complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    resident = await browser()
    link = await _link_for(resident, complaints, reference)
    assert (await resident.get("/your-complaint")).headers["location"] == "/your-complaint/sign-in"
    assert (await resident.post(link, {})).status_code == 303
    view = await resident.get("/your-complaint")
    assert view.status_code == 200 and f"Reference {reference}" in view.text
    # Used once, the link is refused, to this browser and any other.
    again = await (await browser()).post(link, {})
    assert again.status_code == 404 and "already been used" in again.text


async def test_an_expired_or_made_up_link_is_refused(browser, complaints: Complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    sent = await complaints.now() - timedelta(minutes=resident_links.LINK_MINUTES + 1)
    token = await resident_links.new_link(
        complaints.sessionmaker, reference, "alex@example.org", sent
    )
    resident = await browser()
    for made_up in (token, "not-a-token-of-ours"):
        refused = await resident.post(f"/your-complaint/link/{made_up}", {})
        assert refused.status_code == 404 and "has expired" in refused.text
    assert (await resident.get("/your-complaint")).status_code == 303


async def test_wrong_details_send_nothing_and_say_the_same(browser, complaints: Complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    resident = await browser()
    wrong = ((reference, "someone@example.org"), ("CMP-1999-000001", "alex@example.org"))
    for reference_given, email in wrong:
        page = await resident.post(
            "/your-complaint/sign-in", {"reference": reference_given, "email": email}
        )
        assert page.status_code == 200 and 'id="link-sent"' in page.text
    assert not any("sign-in link" in m["Subject"] for m in complaints.mail.for_reference(reference))
    bad = await resident.post("/your-complaint/sign-in", {"reference": "", "email": "a\x00b"})
    assert bad.status_code == 422


async def test_asking_for_links_is_limited_like_the_status_page(browser, complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    resident = await browser()
    for _ in range(10):
        page = await resident.post(
            "/your-complaint/sign-in", {"reference": reference, "email": "guess@example.org"}
        )
        assert page.status_code == 200
    limited = await resident.post(
        "/your-complaint/sign-in", {"reference": reference, "email": "alex@example.org"}
    )
    assert limited.status_code == 429 and "Too many attempts" in limited.text
    # The right details do not get through meanwhile, on the status page either.
    status = await resident.post("/status", {"reference": reference, "contact": "LS1 1AA"})
    assert status.status_code == 429


async def test_the_view_is_one_complaint_and_never_staff_access(browser, complaints) -> None:
    mine = await file_complaint(await browser(), complaints)
    other = await file_complaint(await browser(), complaints, name="Sam Other")
    resident = await _signed_in(browser, complaints, mine)
    view = (await resident.get("/your-complaint")).text
    assert mine in view and other not in view and "Sam Other" not in view
    assert (await resident.get(f"/complaints/{other}")).status_code in (303, 401)
    assert (await resident.get(f"/complaints/{mine}")).status_code in (303, 401)
    assert (await resident.get("/staff")).status_code in (303, 401)
    assert (await resident.get(f"/api/complaints/{mine}")).status_code == 401
    # Signing out ends it.
    assert (await resident.post("/your-complaint/sign-out", {})).status_code == 303
    assert (await resident.get("/your-complaint")).status_code == 303


async def test_the_status_page_opens_the_view(browser, complaints: Complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    resident = await browser()
    page = await resident.post("/status", {"reference": reference, "contact": "ls11aa"})
    assert 'id="open-view"' in page.text
    assert f"Reference {reference}" in (await resident.get("/your-complaint")).text


async def test_refusing_a_later_date_flags_it_and_tells_the_handler(browser, complaints) -> None:
    reference = await acknowledged(browser, complaints)
    deadline = (await state(complaints, reference)).deadlines["stage_1_response"]
    assert deadline.ceiling is not None
    proposed = complaints.cal(deadline.ceiling).add_working_days(deadline.ceiling, 5)
    handler = await browser("handler")
    asked = await act(
        handler,
        reference,
        "request_agreement",
        {**date_fields("proposed_due", proposed), "reason": "We need a structural survey first"},
    )
    assert asked.status_code == 303, asked.text[-2000:]
    resident = await _signed_in(browser, complaints, reference)
    view = (await resident.get("/your-complaint")).text
    assert 'id="agreement-form"' in view
    # Refused beside the form with no answer chosen; nothing changes.
    empty = await resident.post("/your-complaint/agreement", {})
    assert empty.status_code == 422 and 'id="agreed-error"' in empty.text
    done = await resident.post("/your-complaint/agreement", {"agreed": "no", "note": "Too long"})
    assert done.status_code == 303, done.text[-2000:]
    row = await eventually(lambda: complaints.row(reference), lambda row: row.flagged)
    assert row.flagged
    letters = await eventually(
        lambda: complaints.letters(reference),
        lambda found: any(letter.letter == "no_agreement" for letter in found),
    )
    assert letters
    notices = await eventually(
        lambda: complaints.notices(reference),
        lambda found: any("did not agree" in n.subject for n in found),
    )
    assert next(n for n in notices if "did not agree" in n.subject).staff_id == "h.khan"
    view = (await resident.get("/your-complaint")).text
    assert 'id="flagged"' in view and 'id="agreement-form"' not in view


async def test_letters_are_shown_as_html_and_pdf(browser, complaints: Complaints) -> None:
    reference = await acknowledged(browser, complaints)
    await eventually(lambda: complaints.letters(reference), lambda found: len(found) >= 1)
    resident = await _signed_in(browser, complaints, reference)
    view = (await resident.get("/your-complaint")).text
    seq = re.search(r'href="/your-complaint/letters/(\d+)"', view)
    assert seq, view[-3000:]
    html = await resident.get(f"/your-complaint/letters/{seq.group(1)}")
    assert html.status_code == 200 and reference in html.text and "Hana Khan" not in html.text
    pdf = await resident.get(f"/your-complaint/letters/{seq.group(1)}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (await resident.get("/your-complaint/letters/9999")).status_code == 404


async def test_stage_two_information_and_the_survey(browser, complaints: Complaints) -> None:
    reference = await responded(browser, complaints)
    resident = await _signed_in(browser, complaints, reference)
    view = (await resident.get("/your-complaint")).text
    assert 'id="survey-form"' in view and 'id="escalate-form"' in view
    # The survey: a choice outside the scale is refused; an answer is kept once.
    bad = await resident.post("/your-complaint/survey", {"satisfaction": "9"})
    assert bad.status_code == 422
    answered = await resident.post("/your-complaint/survey", {"satisfaction": "2"})
    assert answered.status_code == 303, answered.text[-2000:]
    again = await resident.post("/your-complaint/survey", {"satisfaction": "4"})
    assert again.status_code == 409 and "was answered" in refusal_on(again.text)
    assert [a.satisfaction for a in (await state(complaints, reference)).survey_answers] == [2]
    # More information with a photo; a file of the wrong type is refused and nothing kept.
    token = (await resident.client.get("/api/session")).json()["csrf_token"]
    wrong = await resident.client.post(
        "/your-complaint/information",
        data={"information": "Here is the damp", "csrf_token": token},
        files={"documents": ("run.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert wrong.status_code == 422 and 'id="documents-error"' in wrong.text
    # Information the workflow refuses (too short to be any) keeps none of its files.
    refused = await resident.client.post(
        "/your-complaint/information",
        data={"information": "ok", "csrf_token": token},
        files={"documents": ("refused.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")},
    )
    assert refused.status_code == 409, refused.text[-2000:]
    async with complaints.sessionmaker() as session:
        kept = await session.scalars(select(Document.name).where(Document.reference == reference))
        assert "refused.png" not in list(kept)
    sent = await resident.client.post(
        "/your-complaint/information",
        data={"information": "Here is the damp in the bedroom", "csrf_token": token},
        files={"documents": ("damp.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")},
    )
    assert sent.status_code == 303, sent.text[-2000:]
    events = await eventually(
        lambda: complaints.events(reference),
        lambda found: any(e.kind == "information_received" for e in found),
    )
    event = next(e for e in events if e.kind == "information_received")
    assert event.data["documents"] == ["damp.png"]
    staff_view = (await (await browser("handler")).get(f"/complaints/{reference}")).text
    assert "damp.png" in staff_view
    # Stage 2.
    asked = await resident.post("/your-complaint/escalate", {"reasons": "I disagree"})
    assert asked.status_code == 303, asked.text[-2000:]
    await eventually(
        lambda: complaints.row(reference), lambda row: row.status == "escalation_requested"
    )
    notices = await eventually(
        lambda: complaints.notices(reference),
        lambda found: any("asked for Stage 2" in n.subject for n in found),
    )
    assert notices
    # Asked twice: the workflow's own check refuses, beside nothing changed.
    twice = await resident.post("/your-complaint/escalate", {"reasons": "Again"})
    assert twice.status_code == 409 and "cannot be escalated" in refusal_on(twice.text)
