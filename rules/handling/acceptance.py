"""Section 3 of the rules, accepting or declining a complaint: accepted unless a listed
exclusion applies (R-ACC-1), a late one only at our discretion with the reason recorded,
and declined with a letter giving the detailed reason and the right to take the complaint
to the ombudsman (R-ACC-2).

The complaint is logged, owned and perhaps resolved at first contact before this
(`rules.handling.intake`); once accepted, it is acknowledged (`rules.handling.acknowledgement`).
"""

from letters.models import Decline
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import EXCLUSION_WORDS, Exclusion, Status, choices
from models.messages import AcceptInput, DeclineInput
from rules import deadlines
from rules.calendar import add_months
from rules.handling.common import (
    Ctx,
    Refused,
    cancel_deadline,
    ombudsman_fields,
    require_status,
    require_text,
)
from rules.letters import compose


def is_late(state: ComplaintState) -> bool:
    issue_date = state.intake.issue_date
    return issue_date is not None and deadlines.is_late_complaint(
        issue_date, state.intake.first_contact_on, state.profile
    )


def check_accept(state: ComplaintState, inp: AcceptInput, ctx: Ctx) -> None:
    require_status(state, (Status.RECEIVED,), "accept the complaint")
    if is_late(state) and not (inp.late_discretion_reason or "").strip():
        raise Refused(
            f"The issue is older than {state.profile.late_complaint_months} months, so "
            "accepting it is at our discretion: give the reason (for example safeguarding "
            "or illness), or decline it as late."
        )


def accept(state: ComplaintState, inp: AcceptInput, ctx: Ctx) -> list[Effect]:
    """R-ACC-1: accept unless a listed exclusion applies."""
    check_accept(state, inp, ctx)
    state.status = Status.ACCEPTED
    state.accepted_on = ctx.today
    summary = "Accepted at Stage 1"
    if inp.late_discretion_reason:
        state.late_accepted_because = inp.late_discretion_reason
        summary += f" although late, because {inp.late_discretion_reason}"
    return [Event(kind="accepted", summary=summary, actor=inp.by)]


def check_decline(state: ComplaintState, inp: DeclineInput, ctx: Ctx) -> None:
    require_status(state, (Status.RECEIVED,), "decline the complaint")
    try:
        reason = Exclusion(inp.reason)
    except ValueError:
        raise Refused(
            f"'{inp.reason}' is not one of the reasons a complaint may be declined. "
            f"Use one of: {choices(Exclusion)}."
        ) from None
    if reason == Exclusion.LATE and not is_late(state):
        raise Refused(
            f"The complaint is not late: the issue is within {state.profile.late_complaint_months}"
            " months of first contact (or no issue date was recorded)."
        )
    require_text(inp.detail, "the detailed reason for the resident", 10)


def decline(state: ComplaintState, inp: DeclineInput, ctx: Ctx) -> list[Effect]:
    """R-ACC-2: a letter with the detailed reason and the right to go to the ombudsman."""
    check_decline(state, inp, ctx)
    reason = Exclusion(inp.reason)
    state.status = Status.DECLINED
    state.declined_for = reason
    state.closed_on = ctx.today
    state.final = True
    state.retain_until = add_months(ctx.today, 12)
    effects: list[Effect] = [
        Event(
            kind="declined",
            summary=f"Declined: {EXCLUSION_WORDS[reason]}",
            actor=inp.by,
            data={"reason": reason.value, "detail": inp.detail},
        ),
        compose(
            Decline,
            state,
            ctx,
            "Send letter declining the complaint",
            reason=EXCLUSION_WORDS[reason],
            detail=inp.detail,
            **ombudsman_fields(state),
        ),
    ]
    cancelled = cancel_deadline(state, "acknowledgement", "complaint declined")
    if cancelled:
        effects.append(cancelled)
    return effects
