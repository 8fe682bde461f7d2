"""The tables of the complaint record and its read model, as SQLAlchemy 2 declarative classes.

The record (``complaint_events``, ``letters``, ``staff_notifications``, ``deliveries``,
``documents``) is written by activities, keyed by reference and sequence number, so a
retried activity finds its row already there. ``complaints`` is a read model: one row per
reference, brought up to date with every record the workflow writes, for work queues, the
web app and reports, and rebuildable from the event log (``python -m store.rebuild``).

The migrations in ``store/migrations`` create these tables; these classes are what the
code queries and what ``alembic revision --autogenerate`` compares against.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.parties import StaffMember

# Fixed constraint names, so a later migration can name what it alters or drops.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        str: Text(),
        int: Integer(),
        datetime: DateTime(timezone=True),
        date: Date(),
        dict[str, Any]: JSONB(),
        list[Any]: JSONB(),
    }


def _created_at() -> Mapped[datetime]:
    return mapped_column(server_default=func.now())


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
    recorded_at: Mapped[datetime] = _created_at()  # when this row was written
    data: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    # What the event changed in the read model; None when it changed nothing there.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    epoch: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))  # which task wrote it
    digest: Mapped[str | None]  # SHA-256 of the record as the workflow sent it


class Complaint(Base):
    """The read model: where each complaint stands now, one row per reference.

    ``last_seq`` is the sequence number of the event that last wrote the row; an upsert
    only moves it forward, so a late retry of an older event cannot undo a newer one.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index(None, "status", "next_due"),
        Index(None, "handler_id", "next_due"),
        # Work queues read open complaints only: partial indexes keep them small.
        Index("ix_complaints_open_due", "next_due", "reference", postgresql_where=text("is_open")),
        Index(
            "ix_complaints_open_handler_due",
            "handler_id",
            "next_due",
            postgresql_where=text("is_open"),
        ),
        Index(
            "ix_complaints_open_reviewer_due",
            "reviewer_id",
            "next_due",
            postgresql_where=text("is_open"),
        ),
        # Breached complaints are few; a partial index keeps that queue cheap.
        Index("ix_complaints_breached", "next_due", postgresql_where=text("breached")),
        Index(
            "ix_complaints_needs_attention",
            "reference",
            postgresql_where=text("needs_attention IS NOT NULL"),
        ),
        # R-VUL-1: the queues filter on residents with adjustments, who are few.
        Index(
            "ix_complaints_open_vulnerable",
            "next_due",
            postgresql_where=text("is_open AND vulnerable"),
        ),
    )

    reference: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    organisation: Mapped[str]
    service_area: Mapped[str]
    channel: Mapped[str]
    stage: Mapped[str]
    status: Mapped[str]
    complainant_name: Mapped[str]
    postcode: Mapped[str | None]
    email: Mapped[str | None]
    handler_id: Mapped[str | None]
    handler_name: Mapped[str | None]
    reviewer_id: Mapped[str | None]
    reviewer_name: Mapped[str | None]
    first_contact_on: Mapped[date]  # kept apart from logged_at (R-INT-1)
    logged_at: Mapped[datetime]
    next_due: Mapped[date | None]
    next_due_label: Mapped[str | None]
    next_target: Mapped[date | None]
    breached: Mapped[bool] = mapped_column(server_default=text("false"))
    flagged: Mapped[bool] = mapped_column(server_default=text("false"))
    vulnerable: Mapped[bool] = mapped_column(server_default=text("false"))  # R-VUL-1
    closed_on: Mapped[date | None]
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    is_open: Mapped[bool] = mapped_column(server_default=text("true"))
    outcome: Mapped[str | None]
    compensation_total: Mapped[float] = mapped_column(Float, server_default=text("0"))
    deadlines: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    parties: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'::jsonb"))
    issues: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    remedies: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    actions: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    ombudsman: Mapped[list[Any]] = mapped_column(server_default=text("'[]'::jsonb"))
    # Why the complaint's record could not be written (managers' queue); None: all is well.
    needs_attention: Mapped[str | None]
    last_seq: Mapped[int]
    updated_at: Mapped[datetime] = _created_at()


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
    created_at: Mapped[datetime] = _created_at()
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
    created_at: Mapped[datetime] = _created_at()
    epoch: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    digest: Mapped[str | None]


class ComplaintSearch(Base):
    """The words staff find a complaint by (R-FIND-1), lower case: reference, names,
    postcode with and without its space, email, phone as written and digits only, address.
    Kept in step with ``complaints`` by a trigger (migration 0011), in the same transaction
    as every read-model write; ``store.search`` reads it."""

    __tablename__ = "complaint_search"
    __table_args__ = (
        Index(
            "ix_complaint_search_document_trgm",
            "document",
            postgresql_using="gin",
            postgresql_ops={"document": "gin_trgm_ops"},
        ),
        Index(
            "ix_complaint_search_names_trgm",
            "names",
            postgresql_using="gin",
            postgresql_ops={"names": "gin_trgm_ops"},
        ),
        Index("ix_complaint_search_words", "words", postgresql_using="gin"),
    )

    reference: Mapped[str] = mapped_column(
        ForeignKey("complaints.reference", ondelete="CASCADE"), primary_key=True
    )
    document: Mapped[str]
    words: Mapped[str] = mapped_column(TSVECTOR)
    names: Mapped[str]  # the complainant's and representative's: for similarity


class ComplaintState(Base):
    """The complaint's whole state as its workflow last recorded it (``models.complaint.
    ComplaintState`` as JSON): what the complaint page reads. Forward only, like the read
    model; not rebuilt from the log (the workflow writes it again with its next record)."""

    __tablename__ = "complaint_states"

    reference: Mapped[str] = mapped_column(primary_key=True)
    state: Mapped[dict[str, Any]]
    last_seq: Mapped[int]
    updated_at: Mapped[datetime] = _created_at()


class Hazard(Base):
    """The read model of hazards under Awaab's Law (R-HAZ-1..7): one row per hazard,
    written with its records by ``record_hazard`` (forward only, by ``last_seq``), for the
    hazards queue, the complaint page and reports. ``state`` is the hazard workflow's whole
    state (``models.hazard.HazardState``) for the hazard page."""

    __tablename__ = "hazards"
    __table_args__ = (
        Index(None, "complaint_reference"),
        Index("ix_hazards_open_due", "next_due", postgresql_where=text("is_open")),
    )

    reference: Mapped[str] = mapped_column(primary_key=True)
    organisation: Mapped[str]
    complaint_reference: Mapped[str | None]
    hazard: Mapped[str]
    hazard_words: Mapped[str]
    source: Mapped[str]
    tenure: Mapped[str]
    location: Mapped[str]
    kind: Mapped[str | None]
    step: Mapped[str]
    aware_at: Mapped[datetime]
    logged_at: Mapped[datetime]
    next_due: Mapped[datetime | None]
    next_due_label: Mapped[str | None]
    breached: Mapped[bool]
    is_open: Mapped[bool]
    vulnerable: Mapped[bool]
    made_safe_at: Mapped[datetime | None]
    concluded_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    regime: Mapped[str]
    deadlines: Mapped[list[Any]]
    late_reasons: Mapped[list[Any]]
    accommodation: Mapped[list[Any]]
    state: Mapped[dict[str, Any]]
    last_seq: Mapped[int]
    updated_at: Mapped[datetime] = _created_at()


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
    superseded_at: Mapped[datetime] = _created_at()


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
    created_at: Mapped[datetime] = _created_at()


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
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = _created_at()


class StaffRecord(Base):
    """A member of staff that reminders and breach notices go to, and their manager."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str | None]
    manager_id: Mapped[str | None]


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
    created_at: Mapped[datetime] = _created_at()


class IntakeSubmission(Base):
    """A complaint, compliment or comment as received, kept with its reference in the same
    transaction before its workflow is started, so no reference is taken without a record
    behind it and nothing is lost while Temporal is down. ``start`` is the workflow's whole
    start input (``StartComplaint`` as JSON); ``started_at`` is set once the workflow exists,
    until then the worker's intake retrier tries again at ``next_attempt_at``."""

    __tablename__ = "intake_submissions"
    __table_args__ = (
        CheckConstraint("kind IN ('complaint', 'compliment', 'comment')", name="kind"),
        Index(
            "ix_intake_submissions_waiting",
            "next_attempt_at",
            postgresql_where=text("started_at IS NULL"),
        ),
    )

    reference: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    start: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = _created_at()
    started_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    next_attempt_at: Mapped[datetime] = _created_at()
    last_error: Mapped[str | None]


class User(Base):
    """A member of staff who signs in. ``staff_id`` is the id complaints know them by
    (``StaffMember.id``: the handler or reviewer of a complaint)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(unique=True)  # the sign-in name, kept lower case
    staff_id: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    roles: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'::text[]"))
    password_hash: Mapped[str]
    manager_id: Mapped[str | None]
    active: Mapped[bool] = mapped_column(server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # A temporary password an administrator set: changed at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(server_default=text("false"))

    def has(self, *roles: StrEnum) -> bool:
        return any(role.value in self.roles for role in roles)

    def as_staff(self) -> StaffMember:
        return StaffMember(
            id=self.staff_id, name=self.name, email=self.email, manager_id=self.manager_id
        )


class StaffSession(Base):
    """A signed-in member of staff (R-DP-4). The cookie carries only a random token; its
    SHA-256 is kept here, so the row decides, in every web process, whether the session is
    still live: ``ended_at`` is set at sign-out, deactivation, a password change or after
    idle time, and an ended session never comes back."""

    __tablename__ = "staff_sessions"
    __table_args__ = (
        Index("ix_staff_sessions_live_user", "user_id", postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(unique=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str]
    created_at: Mapped[datetime] = _created_at()
    last_seen_at: Mapped[datetime] = _created_at()
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None]  # signed out | idle | expired | deactivated | ...
    address: Mapped[str | None]
    user_agent: Mapped[str | None]


class GuessAttempt(Base):
    """A failed guess (a wrong password, a status look-up that found nothing), counted by
    every web process against its key within the limit's window."""

    __tablename__ = "guess_attempts"
    __table_args__ = (
        Index("ix_guess_attempts_scope_key_failed_at", "scope", "key", "failed_at"),
        Index("ix_guess_attempts_failed_at", "failed_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    scope: Mapped[str]  # sign_in | status
    key: Mapped[str]  # email:<address> | client:<address> | reference:<reference>
    failed_at: Mapped[datetime]


class AccessLogEntry(Base):
    """A member of staff viewed a complaint's page, one of its letters or documents (R-DP-4):
    who, what and when, shown to managers on the complaint page."""

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint("what IN ('complaint', 'letter', 'document')", name="what"),
        Index("ix_access_log_reference_viewed_at", "reference", "viewed_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    reference: Mapped[str]
    what: Mapped[str]  # complaint | letter | document
    item: Mapped[str | None]  # the letter's number or the document's name
    staff_id: Mapped[str]
    staff_name: Mapped[str]
    viewed_at: Mapped[datetime] = _created_at()


class RetentionRecord(Base):
    """A complaint whose personal data was erased at the end of its retention period
    (R-DP-3): when its record was complete, the period applied, and how many rows and
    documents each table had changed."""

    __tablename__ = "retention_log"

    reference: Mapped[str] = mapped_column(primary_key=True)
    completed_at: Mapped[datetime]
    period_years: Mapped[int]
    changed: Mapped[dict[str, Any]]
    erased_at: Mapped[datetime] = _created_at()


class ResidentLink(Base):
    """A sign-in link emailed to a resident for their complaint's own view (R-RES-1). The
    link carries a random token; only its SHA-256 is kept, so this table holds nothing that
    signs anyone in. A link works once (``used_at``) and until ``expires_at``."""

    __tablename__ = "resident_links"
    __table_args__ = (Index("ix_resident_links_reference", "reference"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(unique=True)
    reference: Mapped[str]
    email: Mapped[str]  # the address the link went to
    created_at: Mapped[datetime] = _created_at()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class MailboxPosition(Base):
    """How far the mailbox reader has read (R-CHAN-2): the last UID taken from a mailbox,
    valid while the server's UIDVALIDITY stays the same. Moved in the transaction that
    keeps the message, so a restart neither skips nor repeats one."""

    __tablename__ = "mailbox_positions"

    mailbox: Mapped[str] = mapped_column(primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger)
    read_at: Mapped[datetime] = _created_at()


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
    created_at: Mapped[datetime] = _created_at()


class QaReview(Base):
    """A complaint drawn into a month's quality sample (R-RPT-3) and, once a reviewer has
    scored it, each checklist item's answer: "yes", "no" or "n/a" (``scores``)."""

    __tablename__ = "qa_reviews"

    month: Mapped[str] = mapped_column(primary_key=True)  # YYYY-MM
    reference: Mapped[str] = mapped_column(primary_key=True)
    organisation: Mapped[str]
    drawn_at: Mapped[datetime] = _created_at()
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    notes: Mapped[str] = mapped_column(server_default="")
    reviewer_id: Mapped[str | None]
    reviewed_at: Mapped[datetime | None]


class LessonAction(Base):
    """What is done about a lesson learned (R-GOV-5): its owner, the action and the date it
    is due, tracked until ``completed_on``. The lesson is its event in the log."""

    __tablename__ = "lesson_actions"

    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("complaint_events.id"), primary_key=True
    )
    owner: Mapped[str]
    action: Mapped[str]
    due_on: Mapped[date]
    completed_on: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(server_default="")  # what changed, once done
    updated_by: Mapped[str]
    updated_at: Mapped[datetime] = _created_at()


class SelfAssessmentVersion(Base):
    """One saved version of a self-assessment run against the Code (R-GOV-3): every
    clause's answer, evidence and explanation (``reports.assessment.AssessedClause``), and,
    once the governing body has approved it, when and by whom (a body and its minute)."""

    __tablename__ = "self_assessment_versions"

    run: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str]  # annual, restructure, merger or procedure_change (Code 8.2)
    period_start: Mapped[date]
    period_end: Mapped[date]
    clauses: Mapped[list[Any]]
    saved_by: Mapped[str]
    saved_at: Mapped[datetime] = _created_at()
    approved_on: Mapped[date | None]
    approved_by: Mapped[str | None]


class AnnualReportVersion(Base):
    """One saved version of a financial year's annual report (R-GOV-1, R-GOV-2): the parts
    governance writes and the governing body's response; ``published`` is the whole report
    as it was published (``reports.annual.AnnualReport``), kept as it stood."""

    __tablename__ = "annual_report_versions"

    year: Mapped[int] = mapped_column(primary_key=True)  # the year starting 1 April
    version: Mapped[int] = mapped_column(primary_key=True)
    written: Mapped[dict[str, Any]]
    board_response: Mapped[str] = mapped_column(server_default="")
    saved_by: Mapped[str]
    saved_at: Mapped[datetime] = _created_at()
    published: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True))
    submitted_on: Mapped[date | None]  # sent to the Ombudsman


class OmbudsmanLetter(Base):
    """The Ombudsman's annual letter or another of its reports about the landlord, uploaded
    for a year's annual report (R-GOV-1)."""

    __tablename__ = "ombudsman_letters"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str]
    filename: Mapped[str]
    content_type: Mapped[str]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str]
    uploaded_at: Mapped[datetime] = _created_at()
