"""An officer logs a phone complaint in a real browser (R-STAFF-1): the call came in last
Friday at 16:40 and is keyed in today; the deadlines count from Friday. The page passes
axe-core, empty and with its errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.enums import Channel
from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import choose, fill_date, follow, submit, text
from tests.harness import eventually
from tests.web.steps import state
from tests.web.test_staff_intake import last_friday
from web.render import day


async def test_r_staff_1_an_officer_logs_a_phone_complaint_from_last_friday_afternoon(
    people: Any, complaints: Any, screenshots: Screenshots, axe_script: Path
) -> None:
    today = await complaints.start_of_working_day()
    friday = last_friday(today)
    officer = await people("officer", screenshots, bypass_csp=True)
    await follow(officer, screenshots, "#log-complaint", "log-complaint")
    await no_serious_violation(officer, axe_script)

    # Sent empty, every missing answer is shown beside its field.
    response = await submit(officer, screenshots, "log-complaint-with-errors")
    assert response.status == 422
    assert await officer.locator("#channel-error").count() == 1
    await no_serious_violation(officer, axe_script)

    await choose(officer, "channel", "telephone")
    await fill_date(officer, "first_contact_on", friday)
    await officer.get_by_label("Time of first contact").fill("16:40")
    await officer.get_by_label("If it is logged after the day of first contact").fill(
        "The call came in after 16:30 on Friday"
    )
    await choose(officer, "acting_for", "no")
    await officer.get_by_label("Full name").fill("Pat Quinn")
    await officer.get_by_label("Email address", exact=True).fill("pat@example.org")
    await officer.get_by_label("Postcode", exact=True).fill("LS6 2AB")
    await choose(officer, "relationship", "current_resident")
    await choose(officer, "tenure", "tenant")
    await choose(officer, "service_area", "landlord_services")
    await officer.get_by_label("What went wrong").fill("Damp in the kitchen since the summer.")
    await choose(officer, "contact_by", "email")
    response = await submit(officer, screenshots, "complaint")
    assert response.status == 200, await officer.content()
    reference = officer.url.rsplit("/", 1)[-1]
    complaints.started.append(reference)
    assert "is logged" in await text(officer, "#flash")

    held = await state(complaints, reference)
    assert held.intake.channel == Channel.TELEPHONE
    assert held.intake.logged_by == "o.bennett"
    ack = held.deadlines["acknowledgement"]
    assert ack.basis == friday
    assert ack.limit == complaints.cal(friday).add_working_days(friday, held.profile.ack_limit_wd)
    # The page says so: the acknowledgement is due counted from Friday, received by phone.
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)
    await officer.reload()
    page = await text(officer, "main")
    assert day(ack.limit) in page
    assert "received by phone" in page and "16:40" in page
