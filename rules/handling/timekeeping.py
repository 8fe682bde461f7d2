"""What falls due with the passing of time: reminders, missed targets and limits, manager
notices, the satisfaction survey and the end of the complaint's life.

Nothing waits on a person looking at a screen (R-S1-2): the workflow sleeps until
`next_wakeup` and then applies `run_due`. Staff notices go out on working days in office
hours only; a missed deadline is recorded from 00:00 the day after it (R-TIME-3).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from letters.models import SatisfactionSurvey
from models.complaint import ComplaintState, Deadline
from models.effects import Effect, Event, Notify
from models.enums import Stage, Status
from rules import deadlines
from rules.calendar import (
    LONDON,
    format_due,
    london_midnight,
    next_office_hours,
    office_hours_on,
    overdue_from,
)
from rules.handling import casework
from rules.handling.common import Ctx
from rules.letters import compose

OFFICE_CLOSES = time(17, 30)
RESTING = (
    Status.CLOSED,
    Status.DECLINED,
    Status.RESOLVED_EARLY,
    Status.RECORDED,
    Status.WITHDRAWN,  # R-WDR-1
    Status.DUPLICATE,  # R-DUP-1
)


@dataclass
class Duty:
    at: datetime
    summary: str
    staff: bool  # a notice to staff: office hours only
    fire: Callable[[], list[Effect]]


def in_office_hours(now: datetime, ctx: Ctx) -> bool:
    local = now.astimezone(LONDON)
    return (
        ctx.cal.is_working_day(local.date())
        and local.time() >= time(9, 0)
        and local.time() < OFFICE_CLOSES
    )


def _manager_of(state: ComplaintState, deadline: Deadline) -> str | None:
    owner = state.reviewer if state.stage != Stage.STAGE_1 and state.reviewer else state.handler
    if owner is not None and owner.id == deadline.staff_id:
        return owner.manager_id
    return None


def _deadline_duties(state: ComplaintState, d: Deadline, ctx: Ctx) -> list[Duty]:
    duties: list[Duty] = []
    hour = state.profile.office_hour
    distinct_target = d.target < d.limit and d.extended_to is None
    if not d.reminded:
        day = deadlines.reminder_on(d.due, state.profile, ctx.cal, not_before=d.basis)

        def remind(d: Deadline = d) -> list[Effect]:
            d.reminded = True
            return [
                Notify(
                    staff_id=d.staff_id,
                    subject=f"Reminder: {d.label} due {format_due(d.due)}",
                    body=f"{state.reference}: {d.label} is due on {format_due(d.due)}."
                    + casework.reminder_line(state),
                )
            ]

        if day <= d.due:
            at = next_office_hours(office_hours_on(day, hour), ctx.cal, hour)
            duties.append(Duty(at, f"Remind: {d.label} due {format_due(d.due)}", True, remind))
    if distinct_target and not d.target_missed:

        def miss_target(d: Deadline = d) -> list[Effect]:
            d.target_missed = True
            return [
                Event(
                    kind="target_missed",
                    summary=f"{d.label} target missed (target {format_due(d.target)})",
                    data={"key": d.key, "target": d.target.isoformat()},
                )
            ]

        duties.append(
            Duty(
                overdue_from(d.target),
                f"{d.label} target {format_due(d.target)}",
                False,
                miss_target,
            )
        )
    if not d.limit_missed:

        def miss_limit(d: Deadline = d) -> list[Effect]:
            d.limit_missed = True
            d.target_missed = True
            return [
                Event(
                    kind="limit_missed",
                    summary=f"{d.label} overdue: was due {format_due(d.due)}",
                    data={"key": d.key, "due": d.due.isoformat()},
                )
            ]

        duties.append(
            Duty(overdue_from(d.due), f"{d.label} due {format_due(d.due)}", False, miss_limit)
        )
    duties += _manager_duties(state, d, ctx, distinct_target)
    return duties


def _manager_duties(state: ComplaintState, d: Deadline, ctx: Ctx, distinct: bool) -> list[Duty]:
    duties: list[Duty] = []
    hour = state.profile.office_hour
    manager = _manager_of(state, d)
    if d.target_missed and distinct and not d.manager_told_target and not d.limit_missed:

        def tell_target(d: Deadline = d) -> list[Effect]:
            d.manager_told_target = True
            return [
                Notify(
                    staff_id=manager,
                    to_manager_of=manager is None,
                    subject=f"Target missed: {d.label} ({state.reference})",
                    body=f"The service-standard target of {format_due(d.target)} for the "
                    f"{d.label} was missed; the Code's limit is {format_due(d.limit)}.",
                )
            ]

        at = next_office_hours(overdue_from(d.target), ctx.cal, hour)
        duties.append(Duty(at, f"Tell manager: {d.label} target missed", True, tell_target))
    if d.limit_missed and not d.manager_told_limit:

        def tell_limit(d: Deadline = d) -> list[Effect]:
            d.manager_told_limit = True
            d.manager_told_target = True
            return [
                Notify(
                    staff_id=manager,
                    to_manager_of=manager is None,
                    subject=f"Deadline missed: {d.label} ({state.reference})",
                    body=f"The {d.label} was due on {format_due(d.due)} and has not happened: "
                    "a breach of the Complaint Handling Code.",
                )
            ]

        at = next_office_hours(overdue_from(d.due), ctx.cal, hour)
        duties.append(Duty(at, f"Tell manager: {d.label} missed", True, tell_limit))
    return duties


def _survey_duty(state: ComplaintState, ctx: Ctx) -> list[Duty]:
    """R-SAT-1: a satisfaction survey the profile's time after closure."""
    if state.status not in RESTING or state.survey_due is None or state.survey_sent_on:
        return []

    def send() -> list[Effect]:
        state.survey_sent_on = ctx.today
        return [compose(SatisfactionSurvey, state, ctx, "Send satisfaction survey")]

    at = office_hours_on(state.survey_due, state.profile.office_hour)
    return [Duty(at, f"Satisfaction survey due {format_due(state.survey_due)}", False, send)]


def _restriction_duty(state: ComplaintState, ctx: Ctx) -> list[Duty]:
    """R-COM-2: the handler is reminded to review a contact restriction on its date."""
    restriction = state.restriction
    if restriction is None or state.restriction_reviewed:
        return []

    def remind() -> list[Effect]:
        state.restriction_reviewed = True
        return [
            Notify(
                staff_id=state.handler.id if state.handler else None,
                subject=f"Review the contact restriction on {state.reference}",
                body=f"The restriction ({restriction.restriction}) is due for review on "
                f"{format_due(restriction.review_on)}.",
            )
        ]

    at = next_office_hours(
        office_hours_on(restriction.review_on, state.profile.office_hour),
        ctx.cal,
        state.profile.office_hour,
    )
    return [
        Duty(at, f"Review contact restriction {format_due(restriction.review_on)}", True, remind)
    ]


def _vulnerability_duty(state: ComplaintState, ctx: Ctx) -> list[Duty]:
    """R-VUL-1: the handler is reminded to review a vulnerability and its adjustments on the
    review date recorded with them."""
    vulnerability = state.vulnerability
    if vulnerability is None or state.vulnerability_reviewed or state.status == Status.COMPLETED:
        return []

    def remind() -> list[Effect]:
        state.vulnerability_reviewed = True
        subject, body = casework.review_notice(state)
        owner = state.reviewer if state.stage != Stage.STAGE_1 and state.reviewer else state.handler
        return [Notify(staff_id=owner.id if owner else None, subject=subject, body=body)]

    hour = state.profile.office_hour
    at = next_office_hours(office_hours_on(vulnerability.review_on, hour), ctx.cal, hour)
    return [Duty(at, f"Review adjustments {format_due(vulnerability.review_on)}", True, remind)]


def duties(state: ComplaintState, ctx: Ctx) -> list[Duty]:
    found: list[Duty] = []
    for deadline in state.open_deadlines:
        found += _deadline_duties(state, deadline, ctx)
    for deadline in state.deadlines.values():
        if not deadline.is_open and deadline.limit_missed and not deadline.manager_told_limit:
            found += _manager_duties(state, deadline, ctx, False)
    found += _survey_duty(state, ctx)
    found += _restriction_duty(state, ctx)
    found += _vulnerability_duty(state, ctx)
    return sorted(found, key=lambda duty: duty.at)


def run_due(state: ComplaintState, ctx: Ctx) -> list[Effect]:
    """Apply every duty whose time has come; staff notices wait for office hours."""
    effects: list[Effect] = []
    for duty in duties(state, ctx):
        if duty.at > ctx.now:
            continue
        if duty.staff and not in_office_hours(ctx.now, ctx):
            continue
        effects += duty.fire()
    return effects


def next_wakeup(state: ComplaintState, ctx: Ctx) -> tuple[datetime, str] | None:
    """When the workflow must next wake, and why, in the Code's words."""
    candidates: list[tuple[datetime, str]] = []
    for duty in duties(state, ctx):
        at = duty.at
        if duty.staff and at <= ctx.now and not in_office_hours(ctx.now, ctx):
            at = next_office_hours(ctx.now, ctx.cal, state.profile.office_hour)
        candidates.append((max(at, ctx.now), duty.summary))
    # Once the retention date has passed, only an action (an order completed, a survey sent,
    # a determination) can end the complaint: it wakes the workflow, so no timer is needed.
    if (
        state.retain_until is not None
        and state.status in RESTING
        and london_midnight(state.retain_until) > ctx.now
    ):
        candidates.append(
            (
                london_midnight(state.retain_until),
                f"Record held until {format_due(state.retain_until)}",
            )
        )
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])


def finished(state: ComplaintState, ctx: Ctx) -> bool:
    """The complaint's life is over: resting, nothing open, nothing tracked, held long enough."""
    if state.status not in RESTING or state.retain_until is None:
        return False
    if ctx.now < london_midnight(state.retain_until):
        return False
    if state.open_deadlines or any(i.completed_on is None for i in state.tracked.values()):
        return False
    if any(c.determination is None for c in state.ombudsman_cases):
        return False
    return not (state.survey_due and not state.survey_sent_on)
