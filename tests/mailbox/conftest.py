"""A real IMAP server for the mailbox tests: dovecot (Debian's dovecot-imapd) in a folder
of its own on a free loopback port, one user, and a fresh IMAP folder per test.

Mail goes in as a mail server puts it there: IMAP APPEND of the whole message."""

from __future__ import annotations

import imaplib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from devstack.dovecot import Dovecot, dovecot_binary
from devstack.process import free_port
from settings import Settings

USER = "complaints@example.org"
PASSWORD = "mailbox-test-password"


@dataclass
class ImapServer:
    port: int

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(USER, PASSWORD)
        return client

    def new_folder(self) -> str:
        name = f"complaints-{uuid.uuid4().hex[:12]}"
        client = self.client()
        try:
            assert client.create(name)[0] == "OK"
        finally:
            client.logout()
        return name

    def deliver(self, folder: str, *messages: bytes, arrived: datetime | None = None) -> None:
        """APPEND each message; ``arrived``: the server's arrival time (INTERNALDATE)."""
        client = self.client()
        when = imaplib.Time2Internaldate(arrived) if arrived else None
        try:
            for raw in messages:
                status, said = client.append(folder, None, when, raw)
                assert status == "OK", said
        finally:
            client.logout()

    def settings(self, folder: str, **changes: object) -> Settings:
        fields: dict[str, object] = {
            "environment": "test",
            "imap_host": "127.0.0.1",
            "imap_port": self.port,
            "imap_user": USER,
            "imap_password": PASSWORD,
            "imap_mailbox": folder,
        }
        fields.update(changes)
        return Settings(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    if dovecot_binary() is None:
        pytest.fail("dovecot is not installed: python3 dev.py test installs dovecot-imapd")
    # Not under pytest's own temporary folder: dovecot's users must reach the Maildir.
    folder = Path(tempfile.mkdtemp(prefix="redress-imap-"))
    server = Dovecot(folder, free_port(), USER, PASSWORD)
    server.start()
    try:
        yield ImapServer(server.port)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def mail_folder(imap_server: ImapServer) -> str:
    """A new, empty IMAP folder: the complaints mailbox of one test."""
    return imap_server.new_folder()
