"""The tables of the complaint record and its read model, as SQLAlchemy 2 declarative classes.

The record (``complaint_events``, ``letters``, ``staff_notifications``, ``deliveries``,
``documents``) is written by activities, keyed by reference and sequence number, so a
retried activity finds its row already there. ``complaints`` is a read model: one row per
reference, brought up to date with every record the workflow writes, for work queues, the
web app and reports, and rebuildable from the event log (``python -m store.rebuild``).

The migrations in ``store/migrations`` create these tables; these classes are what the
code queries and what ``alembic revision --autogenerate`` compares against. They are kept
by area (``record``, ``read_model``, ``hazards``, ``governance``, ``access``, ``intake``);
every one is importable from ``store.tables``, and importing it registers them all with
``Base.metadata``.
"""

from store.tables.access import (
    AccessLogEntry,
    GuessAttempt,
    ResidentLink,
    RetentionRecord,
    StaffRecord,
    StaffSession,
    User,
)
from store.tables.base import NAMING_CONVENTION, Base
from store.tables.governance import (
    AnnualReportVersion,
    LessonAction,
    OmbudsmanLetter,
    QaReview,
    SelfAssessmentVersion,
)
from store.tables.hazards import Hazard
from store.tables.intake import (
    IntakeSubmission,
    MailboxPosition,
    MailMessage,
    ReferenceAllocation,
    ReferenceCounter,
)
from store.tables.read_model import Complaint, ComplaintSearch, ComplaintState
from store.tables.record import (
    ComplaintEvent,
    Delivery,
    Document,
    LetterRecord,
    StaffNotification,
    SupersededRecord,
)

__all__ = [
    "AccessLogEntry",
    "AnnualReportVersion",
    "Base",
    "Complaint",
    "ComplaintEvent",
    "ComplaintSearch",
    "ComplaintState",
    "Delivery",
    "Document",
    "GuessAttempt",
    "Hazard",
    "IntakeSubmission",
    "LessonAction",
    "LetterRecord",
    "MailMessage",
    "MailboxPosition",
    "NAMING_CONVENTION",
    "OmbudsmanLetter",
    "QaReview",
    "ReferenceAllocation",
    "ReferenceCounter",
    "ResidentLink",
    "RetentionRecord",
    "SelfAssessmentVersion",
    "StaffNotification",
    "StaffRecord",
    "StaffSession",
    "SupersededRecord",
    "User",
]
