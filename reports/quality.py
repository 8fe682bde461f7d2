"""The quality sample (R-RPT-3) and the self-assessment's evidence (R-RPT-4), from
read-model rows and the period report; see ``reports.figures``."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from models.effects import ComplaintSummary
from reports.period import STAGES, PeriodReport, Timeliness, deadlines_of

QA_SHARE = 0.10
T = TypeVar("T")


CHECKLIST = (
    "acknowledged within the Code's limit",
    "responded within the Code's limit",
    "a decision on every issue",
    "an outcome recorded",
    "a remedy recorded where anything was upheld",
)


class Checked(BaseModel):
    reference: str
    passed: list[str]
    failed: list[str]
    # Items that do not apply: no deadline of that kind came due, nothing was upheld.
    not_applicable: list[str] = []

    @property
    def score(self) -> float:
        """The share passed of the items that apply (1.0 when none does)."""
        applicable = len(self.passed) + len(self.failed)
        return len(self.passed) / applicable if applicable else 1.0


class QaSample(BaseModel):
    """R-RPT-3: which complaints closed in the month were drawn, and how each scores."""

    month: str  # YYYY-MM
    closed: int
    sampled: list[Checked]


def _in_time(deadlines: list[dict[str, Any]]) -> bool | None:
    """Whether every deadline was met by its due date; None when there was none."""
    if not deadlines:
        return None
    return all(d["met_on"] is not None and d["met_on"] <= d["due"] for d in deadlines)


def checklist(row: ComplaintSummary) -> Checked:
    """The quality checklist for one closed complaint, from its record."""
    acknowledgements = deadlines_of(row, "acknowledgement", "stage_1")
    responses = [d for stage in STAGES for d in deadlines_of(row, "response", stage)]
    results = dict(
        zip(
            CHECKLIST,
            (
                _in_time([d for d in acknowledgements if not d["cancelled"]]),
                _in_time([d for d in responses if not d["cancelled"]]),
                bool(row.issues) and all(issue.get("decision") for issue in row.issues),
                row.outcome is not None,
                None if row.outcome in (None, "not_upheld") else bool(row.remedies),
            ),
            strict=True,
        )
    )
    return Checked(
        reference=row.reference,
        passed=[name for name, ok in results.items() if ok is True],
        failed=[name for name, ok in results.items() if ok is False],
        not_applicable=[name for name, ok in results.items() if ok is None],
    )


def draw(closed: Sequence[T], year: int, month: int) -> list[T]:
    """A tenth (at least one) of the month's closed complaints, in the order of their
    references, drawn with a seed made of the month: the same whichever of their rows or
    references are given."""
    size = math.ceil(len(closed) * QA_SHARE)
    return random.Random(f"qa-{year:04d}-{month:02d}").sample(list(closed), size)


def qa_sample(rows: Iterable[ComplaintSummary], year: int, month: int) -> QaSample:
    """A tenth (at least one) of the complaints closed in the month, drawn with a seed made
    of the month, so the same month always gives the same sample."""
    closed = sorted(
        (
            r
            for r in rows
            if r.kind == "complaint"
            and r.closed_on is not None
            and (r.closed_on.year, r.closed_on.month) == (year, month)
        ),
        key=lambda r: r.reference,
    )
    drawn = draw(closed, year, month)
    return QaSample(
        month=f"{year:04d}-{month:02d}",
        closed=len(closed),
        sampled=[checklist(r) for r in sorted(drawn, key=lambda r: r.reference)],
    )


class Evidence(BaseModel):
    clause: str
    requirement: str
    evidence: str
    share: float | None = None  # None: nothing in the period to measure


# Clause, what it asks, which timeliness of the period report speaks to it, and its name.
TIMELY_CLAUSES = (
    ("4.1", "Complaints acknowledged within the limit", "acknowledged", "acknowledgements"),
    ("5.1", "Stage 1 responses within the limit", "responded", "Stage 1 responses"),
    (
        "5.10",
        "Escalations decided and acknowledged within the limit",
        "acknowledged",
        "escalation decisions",
    ),
    ("5.13", "Stage 2 responses within the limit", "responded", "Stage 2 responses"),
)
CLAUSE_STAGE = {"4.1": "stage_1", "5.1": "stage_1", "5.10": "stage_2", "5.13": "stage_2"}


def self_assessment(report: PeriodReport) -> list[Evidence]:
    """R-RPT-4: each Code clause the data speaks to, with what the period's figures say."""
    found = []
    for clause, requirement, kind, what in TIMELY_CLAUSES:
        timeliness = getattr(report, kind).get(CLAUSE_STAGE[clause], Timeliness())
        share = timeliness.share_within_limit
        if share is None:
            evidence = f"No {what} came due in the period."
        else:
            evidence = (
                f"{timeliness.within_limit} of {timeliness.counted} {what} in time ({share:.0%})."
            )
        found.append(
            Evidence(
                clause=clause,
                requirement=requirement,
                evidence=evidence,
                share=None if share is None else round(share, 4),
            )
        )
    found.append(
        Evidence(
            clause="5.2",
            requirement="Extensions only when needed, with the reason given to the resident",
            evidence=f"{report.extensions} extension(s) over {report.complaints} complaint(s).",
        )
    )
    found.append(
        Evidence(
            clause="7.4",
            requirement="Lessons learned recorded and reported",
            evidence=f"{len(report.lessons)} lesson(s) recorded in the period.",
        )
    )
    return found
