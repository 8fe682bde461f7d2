"""The mail sink in the test process: a real aiosmtpd SMTP server on a free port, storing
each accepted message as an .eml file (the same handler the dev stack runs)."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from devstack.mail import MailDirectoryHandler, list_messages
from devstack.process import free_port


class LocalMailSink:
    def __init__(self, folder: Path, host: str = "127.0.0.1") -> None:
        self.folder = folder
        self.host = host
        self.port = free_port()
        self._controller = Controller(MailDirectoryHandler(folder), hostname=host, port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def messages(self) -> list[EmailMessage]:
        """Every message accepted so far, oldest first, parsed."""
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in list_messages(self.folder)
        ]

    def for_reference(self, reference: str) -> list[EmailMessage]:
        return [m for m in self.messages() if m["X-Complaint-Reference"] == reference]
