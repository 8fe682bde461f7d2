"""An SMTP sink: accepts every message and keeps it as an .eml file.

Letters to residents go here in development, so they can be opened and read without
any being sent. Run on its own with ``python -m devstack.mail``; the stack runs it as
a child process.
"""

from __future__ import annotations

import argparse
import asyncio
import imaplib
import signal
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from devstack.mailbox import MailboxDrop
from devstack.process import (
    ManagedProcess,
    StartupFailed,
    accepts_connections,
    ensure_port_free,
)
from devstack.supervisor import Exit
from settings import get_settings

STARTUP_SECONDS = 20.0
STOP_SECONDS = 5.0


class MailDirectoryHandler:
    """aiosmtpd handler writing each message, as received, to `mail_dir`; a message for the
    complaints address also goes into the complaints mailbox (`drop`), when there is one."""

    def __init__(self, mail_dir: Path, drop: MailboxDrop | None = None) -> None:
        self.mail_dir = mail_dir
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.drop = drop

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        if self.drop is not None and self.drop.wants(envelope.rcpt_tos):
            try:
                await asyncio.to_thread(self.drop.deliver, content)
            except (OSError, imaplib.IMAP4.error) as error:
                # Not accepted, so the sender keeps it and tries again, as a mail server
                # answers while its mailbox is down.
                print(f"complaints mailbox did not take a message: {error}", flush=True)
                return "451 4.3.0 The complaints mailbox is unavailable, try again later"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        final = self.mail_dir / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        partial = final.with_suffix(".part")
        # Write then rename, so a reader never sees half a message.
        partial.write_bytes(content)
        partial.rename(final)
        return "250 Message accepted for delivery"


def list_messages(mail_dir: Path) -> list[Path]:
    """Messages the sink has stored, oldest first."""
    if not mail_dir.is_dir():
        return []
    return sorted(mail_dir.glob("*.eml"))


def serve(mail_dir: Path, host: str, port: int, drop: MailboxDrop | None = None) -> None:
    """Run the sink in this process until SIGINT or SIGTERM."""
    # Block the signals before the server thread starts, so that only sigwait sees them.
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = Controller(MailDirectoryHandler(mail_dir, drop), hostname=host, port=port)
    controller.start()
    print(f"mail sink listening on {host}:{port}, storing messages in {mail_dir}", flush=True)
    if drop is not None:
        print(f"mail to {drop.address} goes into the mailbox on port {drop.port}", flush=True)
    try:
        signal.sigwait(stop_signals)
    finally:
        controller.stop()


class MailSink:
    """The sink as a child process of the stack."""

    def __init__(
        self,
        mail_dir: Path,
        *,
        log_path: Path,
        host: str = "127.0.0.1",
        port: int = 8025,
        mailbox_arguments: Sequence[str] = (),
    ):
        self.mail_dir = mail_dir.absolute()
        self.host = host
        self.port = port
        self._process = ManagedProcess(
            "mail",
            [
                sys.executable,
                "-m",
                "devstack.mail",
                "--dir",
                self.mail_dir,
                "--host",
                host,
                "--port",
                str(port),
                *mailbox_arguments,
            ],
            log_path=log_path,
        )

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def check_ports(self) -> None:
        ensure_port_free("mail sink SMTP", self.host, self.port)

    def messages(self) -> list[Path]:
        return list_messages(self.mail_dir)

    async def start(self) -> None:
        self.check_ports()
        self._process.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not accepts_connections(self.host, self.port):
            if not self._process.running or time.monotonic() > deadline:
                await self.stop()
                raise StartupFailed(f"mail sink did not start:\n{self._process.output_tail()}")
            await asyncio.sleep(0.1)

    async def stop(self) -> None:
        await asyncio.to_thread(self._process.stop, STOP_SECONDS)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def exited(self) -> Exit | None:
        return self._process.exited()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def log_path(self) -> Path:
        return self._process.log_path

    def output_tail(self, lines: int = 40) -> str:
        return self._process.output_tail(lines)

    def kill(self) -> None:
        self._process.kill()


def describe(path: Path) -> str:
    """One line for a stored message: when, to whom, and its subject."""
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return f"{path.name[:15]}  {message['To']}  {message['Subject']}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack.mail", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        choices=["serve", "list"],
        default="serve",
        help="serve: run the sink (the default); list: the messages it has received",
    )
    parser.add_argument("--dir", type=Path, help="where messages are stored (data_dir/mail)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="SMTP port (REDRESS_SMTP_PORT)")
    parser.add_argument("--mailbox-address", help="deliver mail to this address over IMAP too")
    parser.add_argument("--mailbox-port", type=int, help="the IMAP port of that mailbox")
    parser.add_argument("--mailbox-password-file", type=Path, help="its login's password")
    args = parser.parse_args(argv)
    settings = get_settings()
    mail_dir = args.dir or settings.data_dir / "mail"
    if args.command == "list":
        found = list_messages(mail_dir)
        for path in found:
            print(describe(path))
        print(f"{len(found)} message(s) in {mail_dir}")
        return
    drop = None
    if args.mailbox_address and args.mailbox_port and args.mailbox_password_file:
        password = args.mailbox_password_file.read_text().strip()
        drop = MailboxDrop(args.mailbox_address, args.mailbox_port, password)
    serve(mail_dir, args.host, args.port or settings.smtp_port, drop)


if __name__ == "__main__":
    main()
