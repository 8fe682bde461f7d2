"""Replies thread themselves (R-CHAN-2): a resident's answer to our acknowledgement,
read from the real IMAP mailbox, joins its complaint without triage, with its attachment
as a document, on the timeline and with the handler told; a stranger naming the same
reference in the subject goes to triage instead."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from delivery.documents import document_store
from mailbox_reader.reader import join_replies, read_mailbox
from store.tables import ComplaintEvent, Document, MailMessage, StaffNotification
from tests.harness import Complaints
from tests.mailbox.conftest import ImapServer
from tests.mailbox.mail_samples import email
from tests.workflows.test_escalation import opened


async def eventually(check, seconds: float = 20.0):
    for _ in range(int(seconds * 10)):
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.1)
    return await check()


async def test_a_reply_to_an_acknowledgement_joins_its_complaint(
    complaints: Complaints, imap_server: ImapServer, mail_folder: str
) -> None:
    handle = await opened(complaints)
    reference = handle.id

    async def acknowledgement():
        letters = [m for m in complaints.mail.for_reference(reference) if m["Message-ID"]]
        return letters[0] if letters else None

    letter = await eventually(acknowledgement)
    assert letter is not None, "the acknowledgement was not sent"
    imap_server.deliver(
        mail_folder,
        email(
            subject=f"Re: {letter['Subject']}",
            text="Thank you. Here is a photo of the boiler.",
            in_reply_to=letter["Message-ID"],
            attachments=(("boiler.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 a photo"),),
        ),
        email(
            sender="Someone Else <someone@example.net>",
            subject=f"About {reference}",
            text="I am not the resident.",
        ),
    )
    settings = imap_server.settings(
        mail_folder,
        mail_from=complaints.settings.mail_from,
        data_dir=complaints.settings.data_dir,
        database_url=complaints.settings.database_url,
    )

    await read_mailbox(complaints.sessionmaker, settings)
    joined = await join_replies(
        complaints.sessionmaker, document_store(complaints.settings), complaints.env.client
    )

    async with complaints.sessionmaker() as session:
        rows = list(
            await session.scalars(select(MailMessage).where(MailMessage.mailbox == mail_folder))
        )
        documents = set(
            await session.scalars(select(Document.name).where(Document.reference == reference))
        )
    reply = next(row for row in rows if row.sender_email == "alex@example.org")
    stranger = next(row for row in rows if row.sender_email == "someone@example.net")
    assert joined == 1
    assert (reply.status, reply.reference) == ("joined", reference)
    assert {"boiler.jpg", f"email-{reply.id}.eml"} <= documents
    assert stranger.status == "new" and stranger.reference is None
    assert "not that complaint's contact" in " ".join(stranger.problems)

    async def on_the_timeline():
        async with complaints.sessionmaker() as session:
            event = await session.scalar(
                select(ComplaintEvent).where(
                    ComplaintEvent.reference == reference, ComplaintEvent.kind == "email_received"
                )
            )
            told = await session.scalar(
                select(StaffNotification).where(
                    StaffNotification.reference == reference,
                    StaffNotification.subject.contains("replied by email"),
                )
            )
            return (event, told) if event and told else None

    found = await eventually(on_the_timeline)
    assert found is not None, "the reply is not on the timeline, or the handler not told"
    event, told = found
    assert "boiler.jpg" in event.data["documents"]
    assert told.staff_id == "h.khan"
