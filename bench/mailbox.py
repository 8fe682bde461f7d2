"""The complaints mailbox: N messages waiting in a real IMAP mailbox (dovecot) are read,
kept once in PostgreSQL and queued for triage; prints the time and messages per second.

.venv/bin/python -m bench.mailbox [N]   (1,000 by default; needs dovecot-imapd)
"""

from __future__ import annotations

import asyncio
import imaplib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.common import embedded_database
from devstack.dovecot import Dovecot, dovecot_binary
from devstack.process import free_port
from mailbox_reader.reader import read_mailbox
from settings import Settings
from store.tables import MailMessage

USER, PASSWORD = "complaints@example.org", "bench"


def message(n: int) -> bytes:
    return (
        f"From: Resident {n} <resident{n}@example.org>\r\nTo: {USER}\r\n"
        f"Subject: Repair request {n}\r\nMessage-ID: <bench.{n}@example.org>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"The kitchen tap at flat {n} has leaked for a fortnight.\r\n"
    ).encode()


def filled_mailbox(n: int) -> tuple[Path, Dovecot]:
    """A dovecot with ``n`` messages in its INBOX, delivered by IMAP APPEND."""
    folder = Path(tempfile.mkdtemp(prefix="redress-bench-imap-"))
    folder.chmod(0o755)  # dovecot's own users must reach the mailbox
    server = Dovecot(folder / "imap", free_port(), USER, PASSWORD)
    server.start()
    client = imaplib.IMAP4("127.0.0.1", server.port)
    client.login(USER, PASSWORD)
    for i in range(n):
        client.append("INBOX", None, None, message(i))
    client.logout()
    return folder, server


async def main_async(n: int) -> None:
    if dovecot_binary() is None:
        print("mailbox: skipped, dovecot is not installed (apt-get install dovecot-imapd)")
        return
    folder, server = await asyncio.to_thread(filled_mailbox, n)
    try:
        async with embedded_database(folder / "db") as database:
            settings = Settings(
                environment="test",
                database_url=database.url,
                imap_host="127.0.0.1",
                imap_port=server.port,
                imap_user=USER,
                imap_password=PASSWORD,
            )
            started = time.perf_counter()
            result = await read_mailbox(database.sessionmaker, settings, limit=n)
            elapsed = time.perf_counter() - started
            async with database.sessionmaker() as session:
                queued = await session.scalar(
                    select(func.count()).where(MailMessage.status == "new")
                )
        print(
            f"mailbox: {result.read:,} messages read and {queued:,} queued for triage in "
            f"{elapsed:.1f} s, {result.read / elapsed:,.0f} messages/s",
            flush=True,
        )
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main_async(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
