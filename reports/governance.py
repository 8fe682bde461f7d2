"""Figures for governance's pages beside ``reports.figures``: volumes by month, the
satisfaction survey's answers (R-GOV-6), the reviewers' quality scores (R-RPT-3) and the
improvements made from lessons learned (R-GOV-5).

Pure, as ``reports.figures``: each function takes rows and returns a pydantic model or a
plain value; ``store.governance`` reads the rows. The report pages take the volumes by
month, per organisation and the survey's answers from PostgreSQL instead
(``reports.sql_governance``), with the same figures as these, their reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel

from models.effects import ComplaintSummary
from reports.figures import CHECKLIST, STAGES, counted, in_period

GROUP = ""  # the organisation filter's value for the whole group (R-ORG-1)
SATISFIED = (4, 5)  # "satisfied" and "very satisfied" on the survey's five-point scale
ANSWERS = ("yes", "no", "n/a")  # a reviewer's answer to a checklist item


def for_organisation(
    rows: Iterable[ComplaintSummary], organisation: str = GROUP
) -> list[ComplaintSummary]:
    """R-ORG-1: one organisation's complaints, or the group's (every organisation's)."""
    return [r for r in rows if organisation == GROUP or r.organisation == organisation]


def months_between(start: date, end: date) -> list[str]:
    """Each month the period touches, as YYYY-MM, oldest first."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def monthly_volumes(
    rows: Iterable[ComplaintSummary],
    start: date,
    end: date,
    closures: dict[str, str] | None = None,
) -> dict[str, dict[str, int]]:
    """The complaints first received in each month of the period, by the stage each has
    reached; a second contact linked as a duplicate counts once (R-DUP-1)."""
    found = {month: dict.fromkeys(STAGES, 0) for month in months_between(start, end)}
    for row in counted(in_period(rows, start, end), closures):
        found[f"{row.first_contact_on:%Y-%m}"][row.stage] += 1
    return found


def by_organisation(
    rows: Iterable[ComplaintSummary], start: date, end: date, closures: dict[str, str] | None
) -> dict[str, int]:
    """R-ORG-1: the group's complaints received in the period, per organisation."""
    return dict(
        sorted(
            Counter(r.organisation for r in counted(in_period(rows, start, end), closures)).items()
        )
    )


class SurveyAnswerRow(BaseModel):
    """One answer to the satisfaction survey, from its ``survey_answered`` event."""

    reference: str
    organisation: str
    stage: str
    answered_on: date
    satisfaction: int  # 1 (very dissatisfied) to 5 (very satisfied)
    by: str  # "resident online", or the member of staff who took it by phone


class Satisfaction(BaseModel):
    """R-GOV-6: the survey's answers given in the period."""

    answered: int = 0
    online: int = 0
    by_staff: int = 0
    satisfied: int = 0
    share_satisfied: float | None = None
    average: float | None = None
    by_score: dict[str, int] = {}  # "1" to "5"
    by_stage: dict[str, int] = {}


def satisfaction(
    answers: Iterable[SurveyAnswerRow], start: date, end: date, organisation: str = GROUP
) -> Satisfaction:
    chosen = [
        a
        for a in answers
        if start <= a.answered_on <= end and organisation in (GROUP, a.organisation)
    ]
    if not chosen:
        return Satisfaction(by_score={str(n): 0 for n in range(1, 6)})
    satisfied = sum(1 for a in chosen if a.satisfaction in SATISFIED)
    scores = Counter(a.satisfaction for a in chosen)
    online = sum(1 for a in chosen if a.by == "resident online")
    return Satisfaction(
        answered=len(chosen),
        online=online,
        by_staff=len(chosen) - online,
        satisfied=satisfied,
        share_satisfied=round(satisfied / len(chosen), 4),
        average=round(sum(a.satisfaction for a in chosen) / len(chosen), 2),
        by_score={str(n): scores[n] for n in range(1, 6)},
        by_stage=dict(sorted(Counter(a.stage for a in chosen).items())),
    )


class QaReviewRow(BaseModel):
    """A complaint drawn into a month's sample and, once reviewed, its answers."""

    month: str
    reference: str
    organisation: str
    scores: dict[str, str] | None = None  # checklist item: "yes", "no" or "n/a"
    notes: str = ""
    reviewer_id: str | None = None


def review_score(scores: dict[str, str] | None) -> float | None:
    """The share of "yes" among the items that apply; None when not reviewed, 1.0 when
    nothing applies."""
    if scores is None:
        return None
    applicable = [answer for answer in scores.values() if answer in ("yes", "no")]
    if not applicable:
        return 1.0
    return round(applicable.count("yes") / len(applicable), 4)


class QaScores(BaseModel):
    """R-RPT-3: how the sampled complaints of some months scored with their reviewers."""

    sampled: int = 0
    reviewed: int = 0
    average_score: float | None = None
    items: dict[str, dict[str, int]] = {}  # checklist item: answers counted


def qa_scores(
    reviews: Iterable[QaReviewRow], months: Sequence[str] | None = None, organisation: str = GROUP
) -> QaScores:
    chosen = [
        r
        for r in reviews
        if (months is None or r.month in months) and organisation in (GROUP, r.organisation)
    ]
    reviewed = [r for r in chosen if r.scores is not None]
    items = {item: dict.fromkeys(ANSWERS, 0) for item in CHECKLIST}
    for review in reviewed:
        for item, answer in (review.scores or {}).items():
            if item in items and answer in ANSWERS:
                items[item][answer] += 1
    scores = [s for s in (review_score(r.scores) for r in reviewed) if s is not None]
    return QaScores(
        sampled=len(chosen),
        reviewed=len(reviewed),
        average_score=round(sum(scores) / len(scores), 4) if scores else None,
        items=items,
    )


class LessonRow(BaseModel):
    """A lesson learned (R-LRN-1) and what is being done about it (R-GOV-5)."""

    event_id: int
    reference: str
    organisation: str = ""
    service_area: str = ""
    recorded_on: date
    lesson: str
    owner: str | None = None
    action: str | None = None
    due_on: date | None = None
    completed_on: date | None = None
    outcome: str = ""


def lesson_state(lesson: LessonRow, today: date) -> str:
    """ "no action yet", "done", "overdue" or "in progress"."""
    if lesson.action is None:
        return "no action yet"
    if lesson.completed_on is not None:
        return "done"
    if lesson.due_on is not None and lesson.due_on < today:
        return "overdue"
    return "in progress"


def search_lessons(lessons: Iterable[LessonRow], words: str) -> list[LessonRow]:
    """The lessons whose text, action, outcome, owner, reference or service area holds every
    word asked for, whatever the case."""
    wanted = words.lower().split()
    found = []
    for lesson in lessons:
        text = " ".join(
            str(part or "")
            for part in (
                lesson.lesson,
                lesson.action,
                lesson.outcome,
                lesson.owner,
                lesson.reference,
                lesson.service_area.replace("_", " "),
                lesson.organisation,
            )
        ).lower()
        if all(word in text for word in wanted):
            found.append(lesson)
    return found


def improvements(
    lessons: Iterable[LessonRow], start: date, end: date, organisation: str = GROUP
) -> list[LessonRow]:
    """R-GOV-5: the actions on lessons completed in the period: the improvements made."""
    return sorted(
        (
            lesson
            for lesson in lessons
            if lesson.completed_on is not None
            and start <= lesson.completed_on <= end
            and organisation in (GROUP, lesson.organisation)
        ),
        key=lambda lesson: (lesson.completed_on, lesson.event_id),
    )
