"""The dev mail sink delivers mail for the complaints address into the IMAP mailbox (a real
dovecot), keeps its .eml copy of everything, leaves other mail out of the mailbox, and
answers 451 while the mailbox is down so that the sender tries again."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from devstack.mail import MailDirectoryHandler, list_messages
from devstack.mailbox import MailboxDrop
from devstack.process import free_port
from tests.mailbox.conftest import PASSWORD, USER, ImapServer
from tests.mailbox.mail_samples import email


@pytest.fixture
def sink_for(tmp_path: Path) -> Iterator[Callable[[MailboxDrop], tuple[int, Path]]]:
    """Starts a sink delivering to `drop`; its SMTP port and the folder of its copies."""
    controllers: list[Controller] = []

    def start(drop: MailboxDrop) -> tuple[int, Path]:
        port = free_port()
        folder = tmp_path / f"mail-{port}"
        controller = Controller(MailDirectoryHandler(folder, drop), hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return port, folder

    yield start
    for controller in controllers:
        controller.stop()


def folder_messages(server: ImapServer, folder: str) -> list[bytes]:
    client = server.client()
    try:
        client.select(folder, readonly=True)
        _, found = client.search(None, "ALL")
        fetched = [client.fetch(number, "(RFC822)")[1] for number in found[0].split()]
    finally:
        client.logout()
    # Each answer is [(b"1 (RFC822 {n}", message), b")"].
    return [bytes(item[0][1]) for item in fetched]  # type: ignore[index]


def test_mail_for_the_complaints_address_is_appended_and_other_mail_only_kept(
    imap_server: ImapServer,
    mail_folder: str,
    sink_for,
) -> None:
    port, kept = sink_for(MailboxDrop(USER, imap_server.port, PASSWORD, folder=mail_folder))
    complaint = email(subject="Damp in the bedroom")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.sendmail("alex@example.org", ["COMPLAINTS@example.org"], complaint)
        smtp.sendmail("complaints@example.org", ["alex@example.org"], email(subject="Letter"))

    delivered = folder_messages(imap_server, mail_folder)
    assert len(delivered) == 1 and b"Subject: Damp in the bedroom" in delivered[0]
    assert len(list_messages(kept)) == 2


def test_while_the_mailbox_is_down_the_sink_answers_451_and_keeps_nothing(sink_for) -> None:
    port, kept = sink_for(MailboxDrop(USER, free_port(), PASSWORD))
    with smtplib.SMTP("127.0.0.1", port) as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
        smtp.sendmail("alex@example.org", [USER], email(subject="My boiler"))
    assert refused.value.smtp_code == 451
    assert list_messages(kept) == []
