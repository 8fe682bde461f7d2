"""Messages of the retention workflow (R-DP-3)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class RetentionRun(BaseModel):
    """One run of the retention job; ``limit`` bounds the complaints erased per run (the
    next run, a day later, takes the rest)."""

    limit: int = Field(default=500, ge=1, le=10_000)


class EraseExpiredInput(BaseModel):
    now: datetime  # the workflow's clock: what "past the period" is measured against
    limit: int = 500


class RetentionResult(BaseModel):
    erased: list[str] = []  # the references whose personal data was erased
    period_years: int
