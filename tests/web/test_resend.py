"""R-EDIT-1 through the web form: correcting the contact details lists, from the record, the
letters that could not be delivered, and those ticked are sent again to the corrected
details; a letter already sent again is no longer offered."""

from __future__ import annotations

from typing import Any

from tests.delivery.test_lifecycle import mail_for, opened
from tests.delivery.test_resend import NEW_ADDRESS, NO_EMAIL, undeliverable_acknowledgement
from tests.harness import Complaints
from tests.web.steps import act, state


async def test_r_edit_1_the_correction_form_sends_again_a_letter_ticked_on_it(
    browser: Any, complaints: Complaints
) -> None:
    handle = await opened(complaints, complainant=NO_EMAIL)
    reference = handle.id
    failed = await undeliverable_acknowledgement(complaints, reference)
    officer = await browser("officer")

    form = await officer.get(f"/complaints/{reference}/actions/correct_contact")
    assert form.status_code == 200, form.text
    assert "Letters that could not be delivered" in form.text
    assert f'name="resend" type="checkbox" value="{failed.seq}"' in form.text
    assert f"Letter {failed.seq}, the acknowledgement letter of" in form.text

    response = await act(
        officer,
        reference,
        "correct_contact",
        {"reason": "Given on the phone", "email": NEW_ADDRESS, "resend": [str(failed.seq)]},
    )

    assert response.status_code == 303, response.text
    [message] = await mail_for(complaints, reference, 1)
    assert message["To"] == NEW_ADDRESS
    assert (await state(complaints, reference)).resent == [failed.seq]
    form = await officer.get(f"/complaints/{reference}/actions/correct_contact")
    assert f'value="{failed.seq}"' not in form.text


async def test_r_edit_1_a_letter_not_listed_on_the_form_is_refused_beside_it(
    browser: Any, complaints: Complaints
) -> None:
    handle = await opened(complaints, complainant=NO_EMAIL)
    reference = handle.id
    await undeliverable_acknowledgement(complaints, reference)
    officer = await browser("officer")

    response = await act(
        officer,
        reference,
        "correct_contact",
        {"reason": "Given on the phone", "email": NEW_ADDRESS, "resend": "999"},
    )

    assert response.status_code == 422
    assert "Select letters to send again from the list" in response.text
    assert (await state(complaints, reference)).intake.complainant.email is None
