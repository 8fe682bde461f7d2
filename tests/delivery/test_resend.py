"""R-EDIT-1 end to end: a letter that could not be delivered for want of an email address is
sent again, once, when the address is corrected: time-skipped on the real test server, the
record in PostgreSQL and the mail through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from models.messages import CorrectContactInput
from models.parties import Complainant
from models.text import Word
from store.tables import Delivery
from tests.delivery.test_lifecycle import deliveries, mail_for, opened
from tests.harness import Complaints, assert_refused, eventually

NO_EMAIL = Complainant(name="Alex Morgan", address="1 Elm Road, Leeds", postcode="LS1 1AA")
NEW_ADDRESS = "alex.morgan@example.org"


def correction(*resend: int, phone: Word | None = None) -> CorrectContactInput:
    return CorrectContactInput(
        by="o.ahmed",
        reason="The resident gave their email address on the phone",
        email=NEW_ADDRESS if phone is None else None,
        phone=phone,
        resend=list(resend),
    )


async def undeliverable_acknowledgement(complaints: Complaints, reference: str) -> Delivery:
    found = await eventually(
        lambda: deliveries(complaints, reference),
        lambda rows: any(r.what == "acknowledgement" for r in rows),
    )
    [row] = [r for r in found if r.what == "acknowledgement"]
    assert row.status == "undeliverable" and row.problem
    return row


async def test_r_edit_1_an_undelivered_letter_is_sent_again_once_to_the_corrected_address(
    complaints: Complaints,
) -> None:
    handle = await opened(complaints, complainant=NO_EMAIL)  # by email, the default
    reference = handle.id
    failed = await undeliverable_acknowledgement(complaints, reference)
    assert complaints.mail.for_reference(reference) == []

    await complaints.act(handle, "correct_contact", correction(failed.seq))

    [message] = await mail_for(complaints, reference, 1)
    assert message["To"] == NEW_ADDRESS
    assert message["Subject"].endswith("we have received it")  # the acknowledgement
    again = [r for r in await deliveries(complaints, reference) if r.seq > failed.seq]
    assert [(r.what, r.status, r.address) for r in again] == [
        ("acknowledgement", "sent", NEW_ADDRESS)
    ]
    state = await complaints.state(handle)
    assert state.resent == [failed.seq]
    assert state.intake.complainant.email == NEW_ADDRESS
    kinds = {event.kind for event in await complaints.events(reference)}
    assert {"corrected", "letters_sent_again"} <= kinds

    # Never twice: a later correction cannot send it again, ...
    await assert_refused(
        complaints,
        handle,
        "correct_contact",
        correction(failed.seq, phone="0113 496 0000"),
        f"Letter {failed.seq}",
        "not sent again twice",
    )
    # ... nor the letter that went, which the record does not show undeliverable.
    await assert_refused(
        complaints,
        handle,
        "correct_contact",
        correction(again[0].seq, phone="0113 496 0000"),
        f"Cannot send letter {again[0].seq} again",
        "undeliverable",
    )
    await complaints.quiet(reference)
    assert len(complaints.mail.for_reference(reference)) == 1
