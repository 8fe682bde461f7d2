"""The resident's own view in a real browser (R-RES-1): a resident signs in by the link we
email, reads a letter, refuses a later date (the complaint is flagged and the Housing
Ombudsman letter goes out), answers the survey once the response comes, sends a photo and
asks for Stage 2; axe-core passes on every page of the view, with its errors too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.browser import scenes
from tests.browser.axe import no_serious_violation
from tests.browser.pages import choose, follow, submit, visit
from tests.harness import eventually
from tests.web.conftest import date_fields
from tests.web.steps import act, state

LINK = re.compile(r"(/your-complaint/link/[A-Za-z0-9_-]+)")
# The smallest PNG there is: one transparent pixel.
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


async def test_a_resident_answers_their_complaint_from_their_own_view(
    people, http, complaints, screenshots, axe_script: Path, tmp_path: Path
) -> None:
    reference = await scenes.acknowledged(http, complaints)
    deadline = (await state(complaints, reference)).deadlines["stage_1_response"]
    assert deadline.ceiling is not None
    proposed = complaints.cal(deadline.ceiling).add_working_days(deadline.ceiling, 5)
    handler = await http("handler")
    asked = await act(
        handler,
        reference,
        "request_agreement",
        {**date_fields("proposed_due", proposed), "reason": "We need a structural survey first"},
    )
    assert asked.status_code == 303, asked.text[-2000:]

    # -- the resident asks for a link and signs in with it.
    resident = await people(bypass_csp=True)
    await visit(resident, screenshots, "/your-complaint/sign-in", "ask-link")
    await no_serious_violation(resident, axe_script)
    await resident.get_by_label("Your complaint reference").fill(reference)
    await resident.get_by_label("The email address you gave us").fill("alex@example.org")
    response = await submit(resident, screenshots, "link-sent")
    assert response.status == 200 and await resident.locator("#link-sent").count() == 1
    await no_serious_violation(resident, axe_script)
    mails = await eventually(lambda: _links(complaints, reference), lambda found: len(found) == 1)
    link = LINK.search(mails[0].get_content())
    assert link
    await visit(resident, screenshots, link.group(1), "use-link")
    await no_serious_violation(resident, axe_script)
    response = await submit(resident, screenshots, "view")
    assert response.status == 200 and reference in await resident.inner_text(".govuk-caption-l")
    await no_serious_violation(resident, axe_script)

    # -- reads a letter: the acknowledgement, as they received it.
    first = resident.locator('#letters a[id^="letter-"]:not([id$="-pdf"])').first
    async with resident.expect_navigation():
        await first.click()
    assert reference in await resident.content()
    await resident.go_back()

    # -- refuses the later date: flagged, and the ombudsman's details go out (R-S1-4).
    await choose(resident, "agreed", "no")
    await resident.get_by_label("Anything you want to tell us (optional)").fill("Too long")
    response = await submit(resident, screenshots, "refused-date", "#agreement-submit")
    assert response.status == 200 and await resident.locator("#flagged").count() == 1
    await no_serious_violation(resident, axe_script)
    await eventually(lambda: complaints.row(reference), lambda row: row.flagged)
    await eventually(
        lambda: complaints.letters(reference),
        lambda found: any(letter.letter == "no_agreement" for letter in found),
    )

    # -- the response comes; the resident answers the survey.
    responded = await act(handler, reference, "submit_response", scenes.RESPOND)
    assert responded.status_code == 303, responded.text[-2000:]
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    await visit(resident, screenshots, "/your-complaint", "responded")
    await no_serious_violation(resident, axe_script)
    await choose(resident, "satisfaction", "4")
    response = await submit(resident, screenshots, "survey", "#survey-submit")
    assert response.status == 200 and await resident.locator("#survey-form").count() == 0

    # -- sends a photo: first without words (refused beside the field, axe on the errors).
    photo = tmp_path / "damp.png"
    photo.write_bytes(PHOTO)
    await resident.set_input_files("#documents", str(photo))
    response = await submit(resident, screenshots, "information-refused", "#information-submit")
    assert response.status == 422 and await resident.locator("#information-error").count() == 1
    await no_serious_violation(resident, axe_script)
    await resident.get_by_label("What do you want to tell us?").fill("The damp in the bedroom")
    await resident.set_input_files("#documents", str(photo))
    response = await submit(resident, screenshots, "information", "#information-submit")
    assert response.status == 200
    events = await eventually(
        lambda: complaints.events(reference),
        lambda found: any(e.kind == "information_received" for e in found),
    )
    assert next(e for e in events if e.kind == "information_received").data["documents"] == [
        "damp.png"
    ]

    # -- asks for Stage 2 (R-ESC-1).
    await resident.get_by_label("Why are you unhappy with our response?").fill("I disagree")
    response = await submit(resident, screenshots, "escalated", "#escalate")
    assert response.status == 200
    await eventually(
        lambda: complaints.row(reference), lambda row: row.status == "escalation_requested"
    )
    await no_serious_violation(resident, axe_script)
    await follow(resident, screenshots, "#sign-out", "signed-out")
    assert resident.url.endswith("/status")


async def _links(complaints: Any, reference: str) -> list[Any]:
    return [m for m in complaints.mail.for_reference(reference) if "link" in m["Subject"]]
