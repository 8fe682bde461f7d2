"""What governance keeps: the quality sample, lessons' actions, self-assessments, annual
reports and the Ombudsman's letters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Identity, LargeBinary
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from store.tables.base import Base, server_now


class QaReview(Base):
    """A complaint drawn into a month's quality sample (R-RPT-3) and, once a reviewer has
    scored it, each checklist item's answer: "yes", "no" or "n/a" (``scores``)."""

    __tablename__ = "qa_reviews"

    month: Mapped[str] = mapped_column(primary_key=True)  # YYYY-MM
    reference: Mapped[str] = mapped_column(primary_key=True)
    organisation: Mapped[str]
    drawn_at: Mapped[datetime] = server_now()
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
    updated_at: Mapped[datetime] = server_now()


class SelfAssessmentVersion(Base):
    """One saved version of a self-assessment run against the Code (R-GOV-3): the edition
    of the Code it answers (``rules.code_clauses``; runs saved before editions were kept
    answered the 2022 edition), every clause's answer, evidence and explanation
    (``reports.assessment.AssessedClause``), and, once the governing body has approved it,
    when and by whom (a body and its minute)."""

    __tablename__ = "self_assessment_versions"

    run: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str]  # annual, restructure, merger or procedure_change (Code 8.3)
    edition: Mapped[str] = mapped_column(server_default="2022")  # of the Code
    period_start: Mapped[date]
    period_end: Mapped[date]
    clauses: Mapped[list[Any]]
    saved_by: Mapped[str]
    saved_at: Mapped[datetime] = server_now()
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
    saved_at: Mapped[datetime] = server_now()
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
    uploaded_at: Mapped[datetime] = server_now()
