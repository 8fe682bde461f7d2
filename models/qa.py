"""Messages of the quality sample's workflow (R-RPT-3)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class QaSampleRun(BaseModel):
    """One run of the monthly sample; ``month`` (YYYY-MM) names the month to draw from, by
    default the month before the workflow's clock."""

    month: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")


class DrawQaSampleInput(BaseModel):
    month: str | None = None
    now: datetime  # the workflow's clock: "last month" is the month before it


class QaSampleResult(BaseModel):
    month: str
    closed: int  # complaints closed in the month
    sampled: list[str]  # the references drawn
    new: int  # how many were not already in the sample
