"""What comes in: references given out, submissions kept before their workflow starts,
and the mailbox reader's position and the messages it read (R-INT-1, R-CHAN-2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, LargeBinary, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from store.tables.base import Base, server_now


class ReferenceCounter(Base):
    """The last number given out per prefix and year (R-INT-1)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int]


class ReferenceAllocation(Base):
    """A reference given out for a key (a complaint and event), so a retried allocation
    returns the same reference instead of taking another number."""

    __tablename__ = "reference_allocations"

    key: Mapped[str] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime] = server_now()


class IntakeSubmission(Base):
    """A complaint, compliment or comment as received (or a hazard reported on the
    complaint form), kept with its reference in the same transaction before its workflow is
    started, so no reference is taken without a record behind it and nothing is lost while
    Temporal is down. ``start`` is the workflow's whole start input (``StartComplaint``, or
    ``StartHazard`` for a hazard, as JSON); ``started_at`` is set once the workflow exists,
    until then the worker's intake retrier tries again at ``next_attempt_at``."""

    __tablename__ = "intake_submissions"
    __table_args__ = (
        CheckConstraint("kind IN ('complaint', 'compliment', 'comment', 'hazard')", name="kind"),
        Index(
            "ix_intake_submissions_waiting",
            "next_attempt_at",
            postgresql_where=text("started_at IS NULL"),
        ),
    )

    reference: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    start: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = server_now()
    started_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    next_attempt_at: Mapped[datetime] = server_now()
    last_error: Mapped[str | None]


class MailboxPosition(Base):
    """How far the mailbox reader has read (R-CHAN-2): the last UID taken from a mailbox,
    valid while the server's UIDVALIDITY stays the same. Moved in the transaction that
    keeps the message, so a restart neither skips nor repeats one."""

    __tablename__ = "mailbox_positions"

    mailbox: Mapped[str] = mapped_column(primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger)
    read_at: Mapped[datetime] = server_now()


class MailMessage(Base):
    """A message read from the complaints mailbox, kept once by its Message-ID (or its
    hash when it has none), with the whole message, until it is triaged or threaded.

    ``status``: new (waiting in the "New mail" queue), logged (became a complaint,
    compliment or comment), added (to an existing complaint), joined (a reply threaded
    to its complaint by itself), closed (not a complaint, with ``reason``)."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        UniqueConstraint("key"),
        CheckConstraint(
            "status IN ('new', 'joining', 'logged', 'added', 'joined', 'closed')", name="status"
        ),
        Index("ix_mail_messages_new", "received_at", postgresql_where=text("status = 'new'")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    key: Mapped[str]
    mailbox: Mapped[str]
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime]
    sender_name: Mapped[str]
    sender_email: Mapped[str | None]
    subject: Mapped[str]
    body: Mapped[str]
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    attachments: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    problems: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    thread_reference: Mapped[str | None]  # the complaint it answers, if it names one
    status: Mapped[str] = mapped_column(server_default="new")
    reference: Mapped[str | None]  # the complaint it was logged as, added to or joined
    reason: Mapped[str | None]  # why it was closed as not a complaint
    handled_by: Mapped[str | None]
    handled_at: Mapped[datetime | None]
    duplicates: Mapped[int] = mapped_column(server_default=text("0"))
    created_at: Mapped[datetime] = server_now()
