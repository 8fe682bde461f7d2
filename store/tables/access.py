"""Staff, who signs in and their sessions, guesses counted against limits, the access log,
residents' sign-in links and the record of retention erasures (R-DP-3, R-DP-4)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.parties import StaffMember
from store.tables.base import Base, server_now


class StaffRecord(Base):
    """A member of staff that reminders and breach notices go to, and their manager."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    email: Mapped[str | None]
    manager_id: Mapped[str | None]


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
    created_at: Mapped[datetime] = server_now()
    last_seen_at: Mapped[datetime] = server_now()
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
    viewed_at: Mapped[datetime] = server_now()


class RetentionRecord(Base):
    """A complaint whose personal data was erased at the end of its retention period
    (R-DP-3): when its record was complete, the period applied, and how many rows and
    documents each table had changed."""

    __tablename__ = "retention_log"

    reference: Mapped[str] = mapped_column(primary_key=True)
    completed_at: Mapped[datetime]
    period_years: Mapped[int]
    changed: Mapped[dict[str, Any]]
    erased_at: Mapped[datetime] = server_now()


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
    created_at: Mapped[datetime] = server_now()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
