"""The mailbox reader against a real IMAP server (dovecot) and a real PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from mailbox_reader.reader import read_mailbox
from store.db import make_engine, make_sessionmaker
from store.tables import MailboxPosition, MailMessage
from tests.mailbox.conftest import ImapServer
from tests.mailbox.mail_samples import email, zip_bomb


async def messages(sessionmaker, folder: str) -> list[MailMessage]:
    async with sessionmaker() as session:
        rows = await session.scalars(
            select(MailMessage).where(MailMessage.mailbox == folder).order_by(MailMessage.uid)
        )
        return list(rows)


async def test_a_duplicate_delivery_is_kept_once(
    imap_server: ImapServer, mail_folder: str, postgres_url: str
) -> None:
    sessionmaker = make_sessionmaker(make_engine(postgres_url))
    once = email(message_id="<same.twice@example.org>")
    imap_server.deliver(mail_folder, once, once)

    result = await read_mailbox(sessionmaker, imap_server.settings(mail_folder))

    kept = await messages(sessionmaker, mail_folder)
    assert (result.read, result.duplicates) == (1, 1)
    assert [(row.key, row.duplicates, row.status) for row in kept] == [
        ("<same.twice@example.org>", 1, "new")
    ]


async def test_a_message_the_reader_fails_on_is_kept_with_its_reason_and_the_next_is_read(
    imap_server: ImapServer, mail_folder: str, postgres_url: str
) -> None:
    sessionmaker = make_sessionmaker(make_engine(postgres_url))
    too_big = email(subject="Photos", text="See attached " + "x" * 20_000)
    imap_server.deliver(mail_folder, too_big, email(subject="Next one"))

    result = await read_mailbox(sessionmaker, imap_server.settings(mail_folder), largest=10_000)

    first, second = await messages(sessionmaker, mail_folder)
    assert (result.read, result.failed) == (2, 1)
    assert first.subject == "Photos" and first.body == ""
    assert "over the" in first.problems[0] and "send it in parts" in first.problems[0]
    assert second.subject == "Next one" and second.problems == []
    assert "boiler" in second.body


async def test_the_reader_stopped_and_started_misses_nothing(
    imap_server: ImapServer, mail_folder: str, postgres_url: str
) -> None:
    sessionmaker = make_sessionmaker(make_engine(postgres_url))
    imap_server.deliver(mail_folder, *(email(subject=f"Message {n}") for n in range(3)))
    first = await read_mailbox(sessionmaker, imap_server.settings(mail_folder), limit=2)
    # Stopped after two; more mail arrives; a new process (new engine, new connection) reads.
    imap_server.deliver(mail_folder, *(email(subject=f"Message {n}") for n in range(3, 5)))
    again = make_sessionmaker(make_engine(postgres_url))
    second = await read_mailbox(again, imap_server.settings(mail_folder))
    third = await read_mailbox(again, imap_server.settings(mail_folder))

    kept = await messages(again, mail_folder)
    assert (first.read, second.read, third.read) == (2, 3, 0)
    assert [row.subject for row in kept] == [f"Message {n}" for n in range(5)]
    async with again() as session:
        position = await session.get(MailboxPosition, mail_folder)
    assert position is not None and position.last_uid == 5


async def test_bad_input_is_kept_with_the_reason_never_lost(
    imap_server: ImapServer, mail_folder: str, postgres_url: str
) -> None:
    sessionmaker = make_sessionmaker(make_engine(postgres_url))
    broken = (
        b"From: =?utf-8?q?Bj=C3=B6rk?= <bjork@example.org>\r\nSubject: =?bogus?q?x?=\r\n"
        b"Message-ID: <broken@example.org>\r\n"
        b"Content-Type: text/plain; charset=no-such-charset\r\n\r\nMy rent \xff\xfe is wrong\r\n"
    )
    imap_server.deliver(
        mail_folder,
        email(sender=None, subject="No sender"),
        email(subject="HTML only", text=None, html="<p>The <b>lift</b> is broken</p>"),
        email(subject="A program", attachments=(("run.exe", "application/x-msdos", b"MZ"),)),
        email(subject="A bomb", attachments=(("photos.zip", "application/zip", zip_bomb()),)),
        broken,
    )

    result = await read_mailbox(sessionmaker, imap_server.settings(mail_folder))

    rows = {row.subject: row for row in await messages(sessionmaker, mail_folder)}
    assert result.read == 5 and all(row.status == "new" for row in rows.values())
    assert "no sender" in " ".join(rows["No sender"].problems)
    assert rows["HTML only"].body == "The lift is broken"
    assert "program or script" in rows["A program"].attachments[0]["refused"]
    assert "zip bomb" in rows["A bomb"].attachments[0]["refused"]
    unreadable = next(row for row in rows.values() if row.key == "<broken@example.org>")
    assert "rent" in unreadable.body and "no-such-charset" in " ".join(unreadable.problems)
