"""Section 14's ends and corrections through the web forms: a withdrawal (R-WDR-1), a
duplicate linked to its original (R-DUP-1), a corrected service and contact details
(R-EDIT-1), and a comment treated as a complaint (R-DEF-1); bad input is refused beside
the form and changes nothing."""

from __future__ import annotations

from typing import Any

from models.enums import Status
from tests.harness import Complaints, eventually
from tests.web.conftest import date_fields
from tests.web.steps import act, file_complaint, refusal_on, state


async def test_r_wdr_1_an_officer_records_a_withdrawal_on_the_form(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    form = await officer.get(f"/complaints/{reference}/actions/withdraw")
    assert form.status_code == 200 and "How the resident told us" in form.text
    today = await complaints.today()

    response = await act(
        officer,
        reference,
        "withdraw",
        {"how": "telephone", **date_fields("withdrawn_on", today), "reason": "Sorted now"},
    )

    assert response.status_code == 303, response.text
    found = await state(complaints, reference)
    assert found.status == Status.WITHDRAWN and found.open_deadlines == []
    assert found.withdrawal is not None and found.withdrawal.by == "o.bennett"
    page = (await officer.get(f"/complaints/{reference}")).text
    assert "Withdrawn" in page


async def test_r_wdr_1_a_withdrawal_without_how_is_refused_beside_the_form(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    today = await complaints.today()
    response = await act(officer, reference, "withdraw", date_fields("withdrawn_on", today))
    assert response.status_code == 422
    assert (await state(complaints, reference)).status == Status.RECEIVED


async def test_r_dup_1_an_officer_links_a_duplicate_and_a_wrong_reference_is_refused(
    browser: Any, complaints: Complaints
) -> None:
    resident = await browser()
    original = await file_complaint(resident, complaints)
    second = await file_complaint(resident, complaints)
    officer = await browser("officer")

    refused = await act(officer, second, "link_duplicate", {"original": "CMP-2099-999998"})
    assert refused.status_code == 409
    assert "no open complaint CMP-2099-999998" in refusal_on(refused.text)
    assert (await state(complaints, second)).status == Status.RECEIVED

    response = await act(officer, second, "link_duplicate", {"original": original})
    assert response.status_code == 303, response.text
    assert (await state(complaints, second)).duplicate_of == original
    letters = [x.letter for x in await complaints.letters(second)]
    assert letters == ["duplicate_linked"]
    await eventually(
        lambda: complaints.events(original),
        lambda events: any(e.kind == "duplicate_joined" for e in events),
    )


async def test_r_edit_1_an_officer_corrects_the_service_and_the_email(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    form = (await officer.get(f"/complaints/{reference}/actions/correct_service")).text
    assert "Northgate Care" in form

    response = await act(
        officer,
        reference,
        "correct_service",
        {"service_area": "adult_social_care", "organisation": "care", "reason": "Care package"},
    )
    assert response.status_code == 303, response.text
    response = await act(
        officer,
        reference,
        "correct_contact",
        {"reason": "Typed wrongly", "email": "alex.morgan@example.org"},
    )
    assert response.status_code == 303, response.text
    row = await complaints.row(reference)
    assert (row.service_area, row.organisation, row.email) == (
        "adult_social_care",
        "care",
        "alex.morgan@example.org",
    )
    refused = await act(
        officer, reference, "correct_contact", {"reason": "Again", "email": "nonsense"}
    )
    assert refused.status_code == 409
    assert len((await state(complaints, reference)).corrections) == 3


async def test_r_def_1_an_officer_treats_a_comment_as_a_complaint(
    browser: Any, complaints: Complaints
) -> None:
    resident = await browser()
    response = await resident.post(
        "/feedback",
        {
            "kind": "comment",
            "name": "Alex Morgan",
            "email": "alex@example.org",
            "description": "The repair left a mess again and nobody came back.",
        },
    )
    assert response.status_code == 303, response.text
    page = (await resident.get(response.headers["location"])).text
    reference = page.split('id="filed-reference">')[1][:15]
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)

    officer = await browser("officer")
    response = await act(
        officer, reference, "treat_as_complaint", {"reason": "Unhappy with the repair"}
    )
    assert response.status_code == 303, response.text
    (linked,) = (await state(complaints, reference)).linked_complaints
    complaints.started.append(linked)
    assert linked.startswith("CMP-")
    assert (await state(complaints, linked)).intake.linked_to == reference
