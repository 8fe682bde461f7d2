"""The read models of complaints: where each stands now (``complaints``), the words staff
find it by (``complaint_search``) and its whole state for the complaint page
(``complaint_states``). Brought up to date with every record the workflow writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from store.tables.base import Base, server_now


def _zero() -> Mapped[int]:
    return mapped_column(server_default=text("0"))


class Complaint(Base):
    """The read model: where each complaint stands now, one row per reference.

    ``last_seq`` is the sequence number of the event that last wrote the row; an upsert
    only moves it forward, so a late retry of an older event cannot undo a newer one.

    The columns after it are the row's part of the period report and the TSMs (R-RPT-1,
    R-RPT-2), worked out when the row is written (``store.read_model``) so that
    ``reports.sql`` sums plain columns: per stage, how many acknowledgements and responses
    came to an end (met, or missed past their limit) and how many of those by their target
    and by their limit, the day the response was given and the working days to it,
    whether the stage was reached; how the complaint closed without a response, as the
    event log says; its extensions, remedies and ombudsman determinations.
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
        # Reports choose complaints by the day they first reached us, for the whole group
        # or one organisation (R-RPT-1, R-ORG-1).
        Index(
            "ix_complaints_report_period",
            "first_contact_on",
            postgresql_where=text("kind = 'complaint'"),
        ),
        Index(
            "ix_complaints_report_organisation_period",
            "organisation",
            "first_contact_on",
            postgresql_where=text("kind = 'complaint'"),
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
    updated_at: Mapped[datetime] = server_now()
    # declined | withdrawn | duplicate (R-ACC-2, R-WDR-1, R-DUP-1); None: none of these.
    closed_as: Mapped[str | None]
    extensions: Mapped[int] = _zero()
    remedy_kinds: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default=text("'{}'::text[]")
    )
    # Each case's determination, "" while it has none.
    ombudsman_determinations: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default=text("'{}'::text[]")
    )
    s1_reached: Mapped[bool] = mapped_column(server_default=text("false"))
    s2_reached: Mapped[bool] = mapped_column(server_default=text("false"))
    s1_ack_counted: Mapped[int] = _zero()
    s1_ack_in_target: Mapped[int] = _zero()
    s1_ack_in_limit: Mapped[int] = _zero()
    s2_ack_counted: Mapped[int] = _zero()  # escalation decisions, one per request
    s2_ack_in_target: Mapped[int] = _zero()
    s2_ack_in_limit: Mapped[int] = _zero()
    s1_response_counted: Mapped[int] = _zero()
    s1_response_in_target: Mapped[int] = _zero()
    s1_response_in_limit: Mapped[int] = _zero()
    s1_responded_on: Mapped[date | None]
    s1_response_days: Mapped[int | None]  # working days from first contact
    s2_response_counted: Mapped[int] = _zero()
    s2_response_in_target: Mapped[int] = _zero()
    s2_response_in_limit: Mapped[int] = _zero()
    s2_responded_on: Mapped[date | None]
    s2_response_days: Mapped[int | None]  # working days from first contact
    s3_response_counted: Mapped[int] = _zero()
    s3_response_in_target: Mapped[int] = _zero()
    s3_response_in_limit: Mapped[int] = _zero()
    s3_responded_on: Mapped[date | None]
    s3_response_days: Mapped[int | None]  # working days from first contact


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
    updated_at: Mapped[datetime] = server_now()
