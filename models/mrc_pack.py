"""Messages of the quarterly pack for the Member Responsible for Complaints (R-GOV-4)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class MrcPackRun(BaseModel):
    """One run of the schedule: the pack for the last whole quarter before the run."""


class SendMrcPackInput(BaseModel):
    now: datetime  # the workflow's clock: the pack is for the quarter before it


class MrcPackResult(BaseModel):
    quarter: str  # "2026-27 Q3"
    sent_to: list[str]  # the addresses it went to
