"""The complaint's record: its events, letters, staff notices, their deliveries and the
documents kept with it, and rows a task wrote that never counted.

Written by activities, keyed by reference and sequence number, so a retried activity
finds its row already there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.tables.base import Base, server_now


class ComplaintEvent(Base):
    """One entry in a complaint's history (R-REC-1).

    Append-only: a trigger installed by the initial migration refuses UPDATE and DELETE,
    so neither handling nor a mistaken query can rewrite what happened.
    """

    __tablename__ = "complaint_events"
    __table_args__ = (UniqueConstraint("reference", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    seq: Mapped[int]
    kind: Mapped[str]
    summary: Mapped[str]
    actor: Mapped[str]
    occurred_at: Mapped[datetime]  # when it happened, by the workflow's clock
    recorded_at: Mapped[datetime] = server_now()  # when this row was written
    data: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    # What the event changed in the read model; None when it changed nothing there.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    epoch: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))  # which task wrote it
    digest: Mapped[str | None]  # SHA-256 of the record as the workflow sent it


class LetterRecord(Base):
    """A letter to send to the complainant or representative (R-COM-1, R-REC-1).

    ``problem`` says why it cannot be delivered as asked (e.g. no email address for an
    email letter); the letter is still recorded so the gap is visible to the team.
    """

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("reference", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    seq: Mapped[int]
    letter: Mapped[str]
    organisation: Mapped[str]
    channel: Mapped[str]
    large_print: Mapped[bool] = mapped_column(server_default=text("false"))
    recipients: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    fields: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    problem: Mapped[str | None]
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime] = server_now()
    epoch: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    digest: Mapped[str | None]


class StaffNotification(Base):
    """A reminder to a handler or a breach notice to their manager (R-S1-2)."""

    __tablename__ = "staff_notifications"
    __table_args__ = (UniqueConstraint("reference", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    seq: Mapped[int]
    staff_id: Mapped[str | None]  # None: the complaints team
    to_manager_of: Mapped[bool] = mapped_column(server_default=text("false"))
    subject: Mapped[str]
    body: Mapped[str]
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime] = server_now()
    epoch: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    digest: Mapped[str | None]


class SupersededRecord(Base):
    """A record row written by a workflow task that never committed, replaced by the row the
    workflow did accept (same reference and sequence number, a later epoch). Kept whole, so
    nothing written is ever lost from sight, not even what did not count."""

    __tablename__ = "superseded_records"
    __table_args__ = (Index("ix_superseded_records_reference_seq", "reference", "seq"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    seq: Mapped[int]
    record: Mapped[str]  # event | letter | notice
    row: Mapped[dict[str, Any]]
    superseded_by_epoch: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str]
    superseded_at: Mapped[datetime] = server_now()


class Document(Base):
    """A document kept with a complaint (R-REC-1): a letter as sent, an inbound email or an
    upload. Kept once per complaint and content; ``path`` is where the document store keeps
    the bytes (relative to the documents folder, or the object key in the bucket)."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("reference", "sha256"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    seq: Mapped[int | None]  # the letter or event it belongs to, if any
    name: Mapped[str]
    content_type: Mapped[str]
    sha256: Mapped[str]
    size: Mapped[int] = mapped_column(BigInteger)
    path: Mapped[str]
    source: Mapped[str] = mapped_column(server_default="upload")  # letter | inbound_email | upload
    storage: Mapped[str] = mapped_column(server_default="local")  # local | s3
    created_at: Mapped[datetime] = server_now()


class Delivery(Base):
    """One letter or staff notice to one recipient, and what became of it.

    Written as ``sending`` before an email goes to the mail server and marked ``sent`` once
    the server accepts it, so a retried delivery finds it sent and does not send it again.
    ``queued``: a letter's print-ready PDF is in the print queue. ``undeliverable``: it
    cannot go as asked (``problem`` says why, in words the team can act on).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('sending', 'sent', 'queued', 'undeliverable')", name="status"),
        Index("ix_deliveries_reference_seq", "reference", "seq"),
    )

    key: Mapped[str] = mapped_column(primary_key=True)  # reference:seq:recipient
    reference: Mapped[str]
    seq: Mapped[int]
    what: Mapped[str]  # the letter type, or "notice"
    channel: Mapped[str]  # email | post
    recipient: Mapped[str]
    address: Mapped[str | None]  # the email address, or the postal address
    message_id: Mapped[str | None]
    status: Mapped[str]
    problem: Mapped[str | None]
    document_sha256: Mapped[str | None]
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    created_at: Mapped[datetime] = server_now()
    updated_at: Mapped[datetime] = server_now()
