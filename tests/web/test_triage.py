"""The "New mail" queue (R-CHAN-2) on mail read from a real IMAP mailbox (dovecot): a
complaint by email is triaged and logged with its attachment as a document, two officers
acting at once handle it once, and a message that is not a complaint is closed with why."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from mailbox_reader.reader import read_mailbox
from store.tables import Complaint, Document, IntakeSubmission, MailMessage
from tests.harness import Complaints
from tests.mailbox.conftest import ImapServer, imap_server, mail_folder  # noqa: F401
from tests.mailbox.mail_samples import email


async def rows(complaints: Complaints, folder: str) -> dict[str, MailMessage]:
    async with complaints.sessionmaker() as session:
        found = await session.scalars(select(MailMessage).where(MailMessage.mailbox == folder))
        return {row.subject: row for row in found}


async def test_a_complaint_by_email_is_triaged_and_logged_once_with_its_attachment(
    complaints: Complaints,
    browser,
    imap_server: ImapServer,  # noqa: F811 - the fixture imported above
    mail_folder: str,  # noqa: F811
) -> None:
    imap_server.deliver(
        mail_folder,
        email(
            sender="Sam Okafor <sam.okafor@example.org>",
            subject="Damp in the bedroom",
            text="There is black mould in the bedroom and nobody has come.",
            attachments=(("mould.pdf", "application/pdf", b"%PDF-1.4 a photo of the wall"),),
        ),
    )
    imap_server.deliver(
        mail_folder,
        email(subject="Lunch offer", text="Our new menu is out."),
        arrived=datetime.now(UTC) - timedelta(days=10),
    )
    settings = imap_server.settings(mail_folder, database_url=complaints.settings.database_url)
    await read_mailbox(complaints.sessionmaker, settings)
    kept = await rows(complaints, mail_folder)
    damp, lunch = kept["Damp in the bedroom"], kept["Lunch offer"]
    officer, manager = await browser("officer"), await browser("manager")

    queue = (await officer.get("/staff/mail")).text
    assert f'id="mail-{damp.id}"' in queue and f'id="mail-{lunch.id}"' in queue
    late = queue[queue.index(f'id="mail-{lunch.id}"') :]
    assert "Due soon" in late[: late.index("</tr>")]
    form = (await officer.get(f"/staff/mail/{damp.id}")).text
    assert 'value="Sam Okafor"' in form and 'value="sam.okafor@example.org"' in form
    assert "black mould in the bedroom" in form and "mould.pdf" in form

    fields = {
        "kind": "complaint",
        "name": "Sam Okafor",
        "email": "sam.okafor@example.org",
        "description": damp.body,
    }
    answers = await asyncio.gather(
        officer.post(f"/staff/mail/{damp.id}/log", fields),
        manager.post(f"/staff/mail/{damp.id}/log", fields),
    )

    assert [answer.status_code for answer in answers] == [303, 303]
    flashes = [(await who.get("/staff/mail")).text for who in (officer, manager)]
    logged = [re.search(r"Logged as (CMP-\d{4}-\d{6})", text) for text in flashes]
    assert sum(1 for found in logged if found) == 1
    assert sum(1 for text in flashes if "already handled by someone else" in text) == 1
    reference = next(found.group(1) for found in logged if found)
    complaints.started.append(reference)
    damp = (await rows(complaints, mail_folder))["Damp in the bedroom"]
    assert (damp.status, damp.reference, damp.handled_by) in {
        ("logged", reference, "o.bennett"),
        ("logged", reference, "m.osei"),
    }
    async with complaints.sessionmaker() as session:
        documents = set(
            await session.scalars(select(Document.name).where(Document.reference == reference))
        )
        submissions = await session.scalar(
            select(IntakeSubmission).where(IntakeSubmission.reference == reference)
        )
    assert {"mould.pdf", f"email-{damp.id}.eml"} <= documents
    assert submissions is not None
    start = submissions.start["intake"]
    assert start["channel"] == "email"
    assert start["first_contact_on"] == damp.received_at.astimezone(UTC).date().isoformat()

    for _ in range(100):
        async with complaints.sessionmaker() as session:
            if await session.get(Complaint, reference):
                break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the complaint logged from the mailbox was not started")

    refused = await officer.post(f"/staff/mail/{lunch.id}/close", {"reason": ""})
    assert refused.status_code == 422 and "Say why" in refused.text
    closed = await officer.post(
        f"/staff/mail/{lunch.id}/close", {"reason": "Marketing, not from a resident"}
    )
    assert closed.status_code == 303
    lunch = (await rows(complaints, mail_folder))["Lunch offer"]
    assert (lunch.status, lunch.reason) == ("closed", "Marketing, not from a resident")
    assert f'id="mail-{lunch.id}"' not in (await officer.get("/staff/mail")).text
