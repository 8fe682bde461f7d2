"""What the complaints mailbox tells a complaint's workflow (R-CHAN-2)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.text import Summary, Word


class EmailReceived(BaseModel):
    """A reply from the resident, threaded to their complaint by the mailbox reader; its
    message and attachments are already kept as the complaint's documents."""

    mail_id: int  # the mailbox's own number for the message: a repeat is recorded once
    sender: Word
    subject: Summary
    received_at: datetime
    documents: list[Word] = Field(default=[], max_length=50)
    refused: list[Summary] = Field(default=[], max_length=50)  # attachments not kept, why


class ReadMailboxInput(BaseModel):
    limit: int = 5000  # messages in one run; the rest wait for the next


class MailboxRead(BaseModel):
    """What one run of the reader did."""

    read: int = 0
    duplicates: int = 0
    failed: int = 0
    joined: int = 0
