"""Staff log a complaint for a caller (R-STAFF-1): the channel, who made it, the date and
time of first contact with the reason when it is earlier than today, and who logged it; the
deadlines count from the first contact. Bad input is refused beside its field and takes no
reference.

Real parts: the web app on the session's PostgreSQL, time-skipping Temporal server and
worker.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, select

from models.enums import Channel, RepresentativeKind
from store.tables import ReferenceCounter
from tests.harness import Complaints, eventually
from tests.web.conftest import date_fields
from tests.web.steps import RESIDENT, state

CALLER = {
    **RESIDENT,
    "channel": "telephone",
    "first_contact_at": "16:40",
    "first_contact_note": "The call came in after 16:30 on Friday",
    "description": "Mould in the bedroom is back a month after the repair.",
}


def last_friday(today: date) -> date:
    """The Friday before today (a week back when today is a Friday)."""
    return today - timedelta(days=(today.weekday() - 4) % 7 or 7)


async def references_taken(complaints: Complaints) -> int:
    async with complaints.sessionmaker() as session:
        taken = await session.scalar(
            select(func.coalesce(func.sum(ReferenceCounter.last_value), 0))
        )
    return int(taken or 0)


async def logged(page: Any, complaints: Complaints) -> str:
    assert page.status_code == 303, page.text[-3000:]
    reference = page.headers["location"].rsplit("/", 1)[-1]
    complaints.started.append(reference)
    await eventually(lambda: complaints.row(reference), lambda row: row is not None)
    return reference


async def test_r_staff_1_a_phone_complaint_dated_last_friday_counts_from_friday(
    browser: Any, complaints: Complaints
) -> None:
    today = await complaints.start_of_working_day()
    friday = last_friday(today)
    officer = await browser("officer")
    form = await officer.get("/staff/log")
    assert form.status_code == 200 and 'id="staff-intake-form"' in form.text
    page = await officer.post("/staff/log", {**CALLER, **date_fields("first_contact_on", friday)})
    reference = await logged(page, complaints)

    held = await state(complaints, reference)
    assert held.intake.channel == Channel.TELEPHONE
    assert (held.intake.first_contact_on, held.intake.first_contact_at) == (friday, time(16, 40))
    assert held.intake.first_contact_note == CALLER["first_contact_note"]
    assert held.intake.logged_by == "o.bennett"
    cal = complaints.cal(friday)
    ack = held.deadlines["acknowledgement"]
    assert ack.basis == friday
    assert ack.target == cal.add_working_days(friday, held.profile.ack_target_wd)
    assert ack.limit == cal.add_working_days(friday, held.profile.ack_limit_wd)
    row = await complaints.row(reference)
    assert (row.channel, row.first_contact_on) == ("telephone", friday)
    events = await complaints.events(reference)
    assert "received by phone" in events[0].summary and "16:40" in events[0].summary
    assert events[0].actor == "o.bennett"


async def test_r_staff_1_an_mp_logs_for_a_resident_with_consent(
    browser: Any, complaints: Complaints
) -> None:
    today = await complaints.start_of_working_day()
    officer = await browser("officer")
    page = await officer.post(
        "/staff/log",
        {
            **CALLER,
            **date_fields("first_contact_on", today),
            "first_contact_at": "09:05",
            "first_contact_note": "",
            "channel": "councillor_or_mp",
            "acting_for": "yes",
            "rep_name": "Jo Jones MP",
            "rep_kind": "mp",
            "consent": "yes",
        },
    )
    reference = await logged(page, complaints)
    held = await state(complaints, reference)
    assert held.intake.channel == Channel.COUNCILLOR_OR_MP
    assert held.intake.representative is not None
    assert held.intake.representative.kind == RepresentativeKind.MP
    assert held.intake.first_contact_on == today


async def test_r_staff_1_bad_first_contact_is_refused_beside_the_field_and_takes_no_reference(
    browser: Any, complaints: Complaints
) -> None:
    today = await complaints.start_of_working_day()
    officer = await browser("officer")
    before = await references_taken(complaints)
    cases = [
        (
            {**date_fields("first_contact_on", today + timedelta(days=1))},
            "first_contact_on",
            "cannot be in the future",
        ),
        (
            {
                **date_fields("first_contact_on", today - timedelta(days=3)),
                "first_contact_note": "",
            },
            "first_contact_note",
            "Enter why the complaint is logged after",
        ),
        (
            {**date_fields("first_contact_on", today), "first_contact_at": "25:99"},
            "first_contact_at",
            "like 16:40",
        ),
        (
            {**date_fields("first_contact_on", today), "channel": ""},
            "channel",
            "Select how the complaint was made",
        ),
    ]
    for changes, field, message in cases:
        page = await officer.post("/staff/log", {**CALLER, **changes})
        assert page.status_code == 422, (field, page.text[-2000:])
        assert f'id="{field}-error"' in page.text and message in page.text, field
    assert await references_taken(complaints) == before


async def test_r_staff_1_governance_cannot_log_a_complaint(
    browser: Any, complaints: Complaints
) -> None:
    governance = await browser("governance")
    assert (await governance.get("/staff/log")).status_code == 403
    before = await references_taken(complaints)
    today = await complaints.today()
    page = await governance.post("/staff/log", {**CALLER, **date_fields("first_contact_on", today)})
    assert page.status_code == 403
    assert await references_taken(complaints) == before
