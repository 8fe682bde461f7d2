"""Section 14 through the web forms: an officer records a call (R-NOTE-1) and a resident's
vulnerability (R-VUL-1), which is flagged on the complaint and in the queues (tag and
filter) for the staff who work it, managers and governance, and no one else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.harness import Complaints, eventually
from tests.web.conftest import date_fields
from tests.web.steps import act, file_complaint, state, whole_queue


async def test_r_note_1_an_officer_records_a_call_and_the_timeline_names_them(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    today = await complaints.today()

    response = await act(
        officer,
        reference,
        "record_contact",
        {
            "kind": "phone_in",
            "summary": "Resident rang: the mould is worse in the back bedroom.",
            **date_fields("happened_on", today),
            "happened_time": "00:05",
        },
    )

    assert response.status_code == 303, response.text
    [note] = (await state(complaints, reference)).notes
    assert (note.author, note.by, note.kind.value) == ("Olu Bennett", "o.bennett", "phone_in")
    await eventually(
        lambda: officer.get(f"/complaints/{reference}"),
        lambda page: "the mould is worse in the back bedroom" in page.text,
    )
    page = (await officer.get(f"/complaints/{reference}")).text
    assert "Phone call from the resident" in page and ">Olu Bennett</td>" in page


async def test_r_note_1_a_time_that_is_not_a_time_is_refused_beside_the_field(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")

    response = await act(
        officer,
        reference,
        "record_contact",
        {"kind": "note", "summary": "Checked the repairs log", "happened_time": "25:99"},
    )

    assert response.status_code == 422
    assert "Enter the time like 14:30" in response.text
    assert (await state(complaints, reference)).notes == []


async def test_r_vul_1_flagged_on_the_page_and_in_the_queues_for_those_who_may_see_it(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    review_on = await complaints.today() + timedelta(days=90)

    response = await act(
        officer,
        reference,
        "record_vulnerability",
        {
            "circumstances": "Aged 84 with COPD; the mould affects her breathing",
            "adjustment-large_print": "yes",
            "adjustment-phone_calls": "yes",
            **date_fields("review_on", review_on),
        },
    )

    assert response.status_code == 303, response.text
    await eventually(lambda: complaints.row(reference), lambda row: row.vulnerable)
    page = (await officer.get(f"/complaints/{reference}")).text
    assert 'id="vulnerability"' in page and "Aged 84 with COPD" in page
    assert "Letters in large print" in page
    queue = await whole_queue(officer, "awaiting-acceptance", vulnerable="yes")
    assert f'id="vulnerable-{reference}"' in queue

    governance = await browser("governance")
    assert "Aged 84 with COPD" in (await governance.get(f"/complaints/{reference}")).text
    # A handler who does not work this complaint sees neither the banner nor the tag, and
    # the filter shows them only their own complaints.
    stranger = await browser("other_handler")
    page = (await stranger.get(f"/complaints/{reference}")).text
    assert "COPD" not in page and 'id="vulnerability"' not in page
    queue = await whole_queue(stranger, "awaiting-acceptance", vulnerable="yes")
    assert reference not in queue


async def test_r_vul_1_an_advocate_without_a_name_is_refused_beside_the_field(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    review_on = await complaints.today() + timedelta(days=90)

    response = await act(
        officer,
        reference,
        "record_vulnerability",
        {
            "circumstances": "Has a learning disability",
            "adjustment-advocate": "yes",
            **date_fields("review_on", review_on),
        },
    )

    assert response.status_code == 422
    assert "Enter the name of the advocate or contact" in response.text
    assert (await state(complaints, reference)).vulnerability is None
