"""The read model of hazards under Awaab's Law."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, text
from sqlalchemy.orm import Mapped, mapped_column

from store.tables.base import Base, server_now


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
    updated_at: Mapped[datetime] = server_now()
