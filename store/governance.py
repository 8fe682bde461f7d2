"""What governance's pages read and keep: the survey's answers from the event log (R-GOV-6),
the quality sample and its reviews (R-RPT-3), and the lessons log with the actions on each
lesson (R-GOV-5). Writes take the session of a unit of work, which the caller commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Text, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from reports.governance import LessonRow, QaReviewRow, SurveyAnswerRow
from store.tables import Complaint, ComplaintEvent, LessonAction, QaReview


async def organisations(session: AsyncSession) -> list[str]:
    """The organisations complaints were received for (R-ORG-1), by name."""
    statement = select(Complaint.organisation).distinct().order_by(Complaint.organisation)
    return list((await session.scalars(statement)).all())


async def survey_answers(session: AsyncSession, start: date, end: date) -> list[SurveyAnswerRow]:
    """The satisfaction survey's answers recorded between start and end."""
    statement = (
        select(ComplaintEvent, Complaint.organisation)
        .join(Complaint, Complaint.reference == ComplaintEvent.reference)
        .where(ComplaintEvent.kind == "survey_answered")
        .order_by(ComplaintEvent.occurred_at)
    )
    found = []
    for event, organisation in (await session.execute(statement)).all():
        answered_on = date.fromisoformat(
            event.data.get("answered_on") or str(event.occurred_at.date())
        )
        if start <= answered_on <= end:
            found.append(
                SurveyAnswerRow(
                    reference=event.reference,
                    organisation=organisation,
                    stage=event.data.get("stage", ""),
                    answered_on=answered_on,
                    satisfaction=int(event.data.get("satisfaction", 0)),
                    by=event.actor,
                )
            )
    return found


async def keep_sample(session: AsyncSession, month: str, drawn: Sequence[tuple[str, str]]) -> int:
    """Keep the month's sample, (reference, organisation) each; a complaint already drawn
    stays as it is, with any review, so drawing the month again changes nothing. How many
    were new."""
    if not drawn:
        return 0
    statement = (
        insert(QaReview)
        .values([{"month": month, "reference": r, "organisation": o} for r, o in drawn])
        .on_conflict_do_nothing()
        .returning(QaReview.reference)
    )
    return len((await session.scalars(statement)).all())


async def qa_reviews(
    session: AsyncSession, months: Sequence[str] | None = None
) -> list[QaReviewRow]:
    statement = select(QaReview).order_by(QaReview.month, QaReview.reference)
    if months is not None:
        # One array, not one argument a month: a period of centuries stays one argument.
        chosen = bindparam("months", list(months), type_=ARRAY(Text))
        statement = statement.where(QaReview.month == any_(chosen))
    return [
        QaReviewRow(
            month=row.month,
            reference=row.reference,
            organisation=row.organisation,
            scores=row.scores,
            notes=row.notes,
            reviewer_id=row.reviewer_id,
        )
        for row in (await session.scalars(statement)).all()
    ]


async def score(
    session: AsyncSession,
    month: str,
    reference: str,
    scores: dict[str, str],
    notes: str,
    reviewer_id: str,
    at: datetime,
) -> bool:
    """A reviewer's answers for a sampled complaint; False when it is not in the sample."""
    row = await session.get(QaReview, (month, reference))
    if row is None:
        return False
    row.scores, row.notes, row.reviewer_id, row.reviewed_at = scores, notes, reviewer_id, at
    return True


async def lessons(session: AsyncSession) -> list[LessonRow]:
    """Every lesson learned, newest first, with the action on it if there is one."""
    statement = (
        select(ComplaintEvent, LessonAction)
        .outerjoin(LessonAction, LessonAction.event_id == ComplaintEvent.id)
        .where(ComplaintEvent.kind == "lesson_recorded")
        .order_by(ComplaintEvent.occurred_at.desc(), ComplaintEvent.id.desc())
    )
    found = []
    for event, action in (await session.execute(statement)).all():
        found.append(
            LessonRow(
                event_id=event.id,
                reference=event.reference,
                organisation=event.data.get("organisation") or "",
                service_area=event.data.get("service_area") or "",
                recorded_on=event.occurred_at.date(),
                lesson=event.data.get("lesson") or event.summary.removeprefix("Lesson learned: "),
                owner=action.owner if action else None,
                action=action.action if action else None,
                due_on=action.due_on if action else None,
                completed_on=action.completed_on if action else None,
                outcome=action.outcome if action else "",
            )
        )
    return found


async def set_action(
    session: AsyncSession,
    event_id: int,
    *,
    owner: str,
    action: str,
    due_on: date,
    completed_on: date | None,
    outcome: str,
    by: str,
) -> bool:
    """Set who owns a lesson's action, what it is, when it is due and whether it is done;
    False when there is no such lesson."""
    lesson = await session.get(ComplaintEvent, event_id)
    if lesson is None or lesson.kind != "lesson_recorded":
        return False
    values = {
        "owner": owner,
        "action": action,
        "due_on": due_on,
        "completed_on": completed_on,
        "outcome": outcome,
        "updated_by": by,
    }
    statement = insert(LessonAction).values(event_id=event_id, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[LessonAction.event_id], set_=values)
    )
    return True
