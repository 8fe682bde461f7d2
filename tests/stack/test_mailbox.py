"""``python -m devstack up`` gives a complaints mailbox with no set-up: mail sent to the
complaints address at the dev mail sink lands in dovecot, the worker's schedule reads it
into "New mail", and a dovecot that dies is reported and started again like the rest.

The stack runs as people run it, in a process of its own, on free ports, with Debian's
dovecot-imapd; without it the test is skipped with the reason, except in CI, where it fails.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import smtplib
import tempfile
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from devstack.dovecot import dovecot_binary
from tests.stack.test_supervision import RunningStack, kill_and_see_it_back

COMPLAINTS = "complaints@example.org"
READ_SECONDS = 90.0  # the schedule runs every 5 s here; a loaded 2-core CI machine


@pytest.fixture
def stack() -> Iterator[RunningStack]:
    if dovecot_binary() is None:
        reason = "dovecot is not installed (apt-get install dovecot-imapd)"
        if os.environ.get("CI"):
            pytest.fail(f"the dev stack's mailbox cannot be tested in CI: {reason}")
        pytest.skip(reason)
    # Not under pytest's own temporary folder: run as root, dovecot keeps the Maildir as its
    # own user, who must reach it.
    folder = Path(tempfile.mkdtemp(prefix="redress-stack-"))
    folder.chmod(0o755)
    running = RunningStack(folder / "data")
    running.env.pop("REDRESS_FAULT_PAUSE_AFTER_SEND_SECONDS")
    running.env["REDRESS_IMAP_EVERY_SECONDS"] = "5"
    try:
        running.start()
        yield running
    finally:
        running.kill_everything()
        shutil.rmtree(folder, ignore_errors=True)


def send(stack: RunningStack, subject: str, body: str) -> str:
    """A resident's email to the complaints address, through the dev mail sink; its
    Message-ID."""
    message = EmailMessage()
    message["From"] = "Alex Morgan <alex@example.org>"
    message["To"] = COMPLAINTS
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@example.org>"
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", int(stack.env["REDRESS_SMTP_PORT"]), timeout=30) as smtp:
        smtp.send_message(message)
    return str(message["Message-ID"])


async def _new_mail(database_url: str) -> list[tuple[str, str, str, str]]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT key, sender_email, subject, status FROM mail_messages ORDER BY id")
            )
            return [(r.key, r.sender_email, r.subject, r.status) for r in rows]
    finally:
        await engine.dispose()


def wait_for_mail(stack: RunningStack, count: int) -> list[tuple[str, str, str, str]]:
    """The rows of mail_messages once there are `count`, waiting for the schedule."""
    database_url = stack.wait_for(r"Database\s+(\S+)", 5)[1]
    deadline = time.monotonic() + READ_SECONDS
    while len(rows := asyncio.run(_new_mail(database_url))) < count:
        assert time.monotonic() < deadline, (
            f"{len(rows)} of {count} messages read after {READ_SECONDS} s; worker log:\n"
            + (stack.data_dir / "logs" / "worker.log").read_text(errors="replace")[-3000:]
        )
        time.sleep(1)
    return rows


def test_mail_to_the_complaints_address_reaches_new_mail_and_the_mailbox_is_supervised(
    stack: RunningStack,
) -> None:
    assert "Complaints mailbox" in stack.console
    first = send(stack, "My boiler", "It has not worked for three weeks.")

    rows = wait_for_mail(stack, 1)
    assert rows == [(first, "alex@example.org", "My boiler", "new")]
    # The sink keeps its own copy as for any other message.
    copies = list((stack.data_dir / "mail").glob("*.eml"))
    assert len(copies) == 1 and b"Subject: My boiler" in copies[0].read_bytes()

    died = kill_and_see_it_back(stack, "The complaints mailbox", lambda: stack.child("dovecot"))
    assert died[1] == "killed by SIGKILL"
    assert died[2].endswith("dovecot.log")

    # The restarted mailbox takes mail again, and the reader goes on from where it was.
    second = send(stack, "Damp in the bedroom", "Mould has come back since the repair.")
    rows = wait_for_mail(stack, 2)
    assert [row[0] for row in rows] == [first, second]
    assert rows[1][2:] == ("Damp in the bedroom", "new")
