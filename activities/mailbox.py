"""The mailbox activity: read what arrived and thread the replies (mailbox_reader)."""

from __future__ import annotations

from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from delivery.documents import document_store
from mailbox_reader.imap import MailboxUnavailable
from mailbox_reader.reader import join_replies, read_mailbox
from models.mail import MailboxRead, ReadMailboxInput
from settings import Settings
from store.db import Sessionmaker


class MailboxActivities:
    def __init__(self, sessionmaker: Sessionmaker, settings: Settings, client: Client) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.client = client

    @activity.defn
    async def read_mailbox(self, inp: ReadMailboxInput) -> MailboxRead:
        """Keep each new message once and thread replies; idempotent, since the position
        and the Message-IDs say what was already kept."""
        try:
            result = await read_mailbox(self.sessionmaker, self.settings, limit=inp.limit)
        except MailboxUnavailable as error:
            # Retried by the schedule's next run, not by piling up attempts now.
            raise ApplicationError(str(error), type="MailboxUnavailable") from None
        joined = await join_replies(self.sessionmaker, document_store(self.settings), self.client)
        return MailboxRead(
            read=result.read, duplicates=result.duplicates, failed=result.failed, joined=joined
        )
