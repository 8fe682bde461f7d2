"""A message waiting in "New mail", kept through the mailbox reader's own parser and store,
for tests of the pages around the queue that need no IMAP server."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from mailbox_reader import store
from mailbox_reader.parse import parse
from tests.mailbox.mail_samples import email

MAILBOX = "INBOX-kept"
_uids = itertools.count(int(datetime.now(UTC).timestamp()))


async def keep_waiting(sessionmaker: Any, *, arrived: datetime | None = None, **mail: Any) -> int:
    """Keep one message (``mail``: `email`'s options) as the reader keeps a new one; its id."""
    raw = email(**mail)
    parsed = parse(raw)
    values = {
        "key": parsed.key,
        "mailbox": MAILBOX,
        "uidvalidity": 1,
        "uid": next(_uids),
        "received_at": arrived or datetime.now(UTC),
        "sender_name": parsed.sender_name,
        "sender_email": parsed.sender_email,
        "subject": parsed.subject,
        "body": parsed.body,
        "raw": raw,
        "attachments": [],
        "problems": parsed.problems,
        "thread_reference": None,
        "status": "new",
    }
    async with sessionmaker() as session:
        kept = await store.keep_message(session, values)
        await session.commit()
    assert kept is not None, "a fresh Message-ID is kept, never a duplicate"
    return kept
