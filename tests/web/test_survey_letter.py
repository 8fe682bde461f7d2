"""R-GOV-6, R-SAT-1: the satisfaction survey letter the worker really delivers, a month after
closure, carries the link to the short form (no sign-in) with the complaint's reference and
its token, in the email and in the PDF it attaches; the link opens the form, and the answer
given there is taken."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from delivery.survey import survey_token
from rules.calendar import add_months
from tests.delivery.test_lifecycle import body, mail_for, opened, pdf_text, response
from tests.harness import Complaints, eventually

PUBLIC_URL = "https://testserver"  # where the web app the tests drive answers


async def test_r_gov_6_the_delivered_survey_letter_links_to_the_form_that_takes_the_answer(
    complaints: Complaints, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker's letters name the app's public address, as REDRESS_PUBLIC_URL sets it.
    monkeypatch.setattr(complaints.settings, "public_url", PUBLIC_URL)
    handle = await opened(complaints)
    reference = handle.id
    await complaints.act(handle, "submit_response", response())
    state = await eventually(lambda: complaints.state(handle), lambda s: s.closed_on is not None)
    before = len(complaints.mail.for_reference(reference))

    assert state.closed_on is not None and state.survey_due == add_months(state.closed_on, 1)
    await complaints.advance_to_day(state.survey_due, hour=12)
    mail = await mail_for(complaints, reference, before + 1)
    [survey] = [m for m in mail if "/survey/" in body(m)]

    token = survey_token(complaints.settings.secret_key, reference)
    link = f"{PUBLIC_URL}/survey/{reference}?token={token}"
    assert link in body(survey)
    assert link in pdf_text(survey).replace(" ", "")  # the PDF may wrap the long address
    [found] = re.findall(rf"{re.escape(PUBLIC_URL)}/survey/\S+", body(survey))
    assert found.rstrip(".") == link

    # The link, as the resident follows it: the form, with no sign-in, takes the answer.
    address = urlsplit(link)
    resident = await browser()
    form = await resident.get(f"{address.path}?{address.query}")
    assert form.status_code == 200 and 'id="survey-form"' in form.text
    assert reference in form.text
    answered = await resident.post(
        address.path, {"token": token, "satisfaction": "4", "comments": "Kept me informed"}
    )
    assert answered.status_code == 200 and 'id="survey-thanks"' in answered.text
    taken = await eventually(
        lambda: complaints.events(reference),
        lambda events: any(e.kind == "survey_answered" for e in events),
    )
    assert [e.data.get("satisfaction") for e in taken if e.kind == "survey_answered"] == [4]
