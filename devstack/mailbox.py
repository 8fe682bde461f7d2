"""The dev stack's complaints mailbox: dovecot (Debian's dovecot-imapd) on loopback with one
user, the complaints address, and its Maildir in the data directory.

The worker reads it over IMAP as it would read a landlord's mailbox, and the mail sink puts
every message addressed to the complaints address into it by IMAP APPEND, as a mail server
delivers, so mail sent to the dev mail server reaches "New mail" with no set-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import imaplib
import os
import secrets
import signal
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from devstack.dovecot import Dovecot, dovecot_binary
from devstack.process import StartupFailed, ensure_port_free
from devstack.supervisor import Exit

HOST = "127.0.0.1"
FOLDER = "INBOX"
INSTALL_HINT = "apt-get install dovecot-imapd"
PASSWORD_FILE = "mailbox-password"
IMAP_SECONDS = 10.0


def dev_password(path: Path) -> str:
    """The mailbox's password, made on first use and kept for its owner only in the data
    directory, so the worker and the mail sink of every later run log in with it."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


@dataclass(frozen=True)
class MailboxDrop:
    """Where the mail sink delivers mail for the complaints address: the IMAP mailbox whose
    login is that address."""

    address: str
    port: int
    password: str
    host: str = HOST
    folder: str = FOLDER

    def wants(self, recipients: Iterable[str]) -> bool:
        """Whether the envelope names the complaints address (in any letter case)."""
        return any(r.strip().lower() == self.address.lower() for r in recipients)

    def deliver(self, content: bytes) -> None:
        """APPEND the message as received; raises OSError or imaplib's error if the mailbox
        did not take it."""
        client = imaplib.IMAP4(self.host, self.port, timeout=IMAP_SECONDS)
        try:
            client.login(self.address, self.password)
            status, said = client.append(self.folder, None, None, content)
            if status != "OK":
                raise imaplib.IMAP4.error(f"APPEND refused: {said!r}")
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()


class DevMailbox:
    """dovecot as a component of the stack: started, watched and stopped like the others."""

    def __init__(self, folder: Path, *, address: str, port: int, password_file: Path) -> None:
        self.address = address
        self.port = port
        self.password_file = password_file.absolute()
        self._dovecot = Dovecot(folder.absolute(), port, address, password="")

    @functools.cached_property
    def password(self) -> str:
        return dev_password(self.password_file)

    @staticmethod
    def installed() -> bool:
        return dovecot_binary() is not None

    @property
    def folder(self) -> Path:
        return self._dovecot.folder

    @property
    def url(self) -> str:
        return f"imap://{self.address}@{HOST}:{self.port}/{FOLDER}"

    def sink_arguments(self) -> list[str]:
        """What the mail sink is told to deliver here (`python -m devstack.mail`'s options;
        the password stays in its file, out of the process list)."""
        return [
            "--mailbox-address",
            self.address,
            "--mailbox-port",
            str(self.port),
            "--mailbox-password-file",
            str(self.password_file),
        ]

    def environment(self) -> dict[str, str]:
        """The `REDRESS_IMAP_*` settings that make the worker read this mailbox."""
        return {
            "REDRESS_IMAP_HOST": HOST,
            "REDRESS_IMAP_PORT": str(self.port),
            "REDRESS_IMAP_SECURITY": "none",
            "REDRESS_IMAP_USER": self.address,
            "REDRESS_IMAP_PASSWORD": self.password,
            "REDRESS_IMAP_MAILBOX": FOLDER,
        }

    def check_ports(self) -> None:
        ensure_port_free("complaints mailbox IMAP", HOST, self.port)

    async def start(self) -> None:
        self.check_ports()
        self._dovecot.password = self.password
        try:
            await asyncio.to_thread(self._dovecot.start)
        except RuntimeError as error:
            self.kill()
            reason = f"the complaints mailbox (dovecot) did not start: {error}"
            raise StartupFailed(reason) from None

    async def stop(self) -> None:
        await asyncio.to_thread(self._dovecot.stop)

    async def restart(self) -> None:
        self.kill()  # what a killed master left in its group still holds the port
        await self.start()

    def kill(self) -> None:
        process = self._dovecot.process
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            self._dovecot.process = None

    def exited(self) -> Exit | None:
        process = self._dovecot.process
        if process is None or process.poll() is None:
            return None
        return Exit(process.pid, process.returncode)

    @property
    def pid(self) -> int | None:
        process = self._dovecot.process
        return process.pid if process is not None else None

    @property
    def log_path(self) -> Path:
        return self.folder / "dovecot.log"

    def output_tail(self, lines: int = 40) -> str:
        return "\n".join(self._dovecot.log().splitlines()[-lines:])
