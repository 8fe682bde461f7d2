"""R-COM-2 through the web form: a contact restriction with its reason, review date and the
one channel letters may use meanwhile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.harness import Complaints
from tests.web.conftest import date_fields
from tests.web.steps import act, file_complaint, state


async def test_r_com_2_an_officer_restricts_letters_to_post_until_the_review(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    review_on = await complaints.today() + timedelta(days=90)

    response = await act(
        officer,
        reference,
        "record_restriction",
        {
            "reason": "Abusive emails to staff",
            "restriction": "Written contact by post only",
            **date_fields("review_on", review_on),
            "channel": "post",
        },
    )

    assert response.status_code == 303, response.text
    restriction = (await state(complaints, reference)).restriction
    assert restriction is not None
    assert (restriction.channel, restriction.review_on) == ("post", review_on)


async def test_r_com_2_an_unknown_channel_is_refused_beside_the_form(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    review_on = await complaints.today() + timedelta(days=90)

    response = await act(
        officer,
        reference,
        "record_restriction",
        {
            "reason": "Abusive emails to staff",
            "restriction": "Written contact by post only",
            **date_fields("review_on", review_on),
            "channel": "pigeon",
        },
    )

    assert response.status_code == 422
    assert "Select how letters go meanwhile from the list" in response.text
    assert (await state(complaints, reference)).restriction is None
