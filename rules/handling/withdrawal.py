"""Section 14 of the rules, a withdrawal (R-WDR-1): the resident may withdraw at any stage.
It is recorded with how and when they told us, every deadline stops, the complaint closes
as withdrawn, not declined, and a letter confirms it with the day until which they may take
it up again. Taken up again by then, the complaint goes back where it stood, with the
deadlines the withdrawal stopped counted afresh from that day.
"""

from datetime import date, timedelta

from letters.models import WithdrawalConfirmed, WithdrawalReopened
from models.closure import Withdrawal
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import Channel, Status, choices
from models.messages import ReopenWithdrawnInput, WithdrawInput
from rules.calendar import add_months, format_due
from rules.deadlines import Due
from rules.handling.closure import cancel_all, require_complaint
from rules.handling.common import Ctx, Refused, require_status, require_text, set_deadline
from rules.letters import compose

# R-WDR-1: "at any stage": while there is anything left to withdraw from.
WITHDRAWABLE = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.OPEN,
    Status.CLOSED,
    Status.ESCALATION_REQUESTED,
    Status.PANEL_REQUESTED,
    Status.PANEL_HELD,
)
# How the resident told us, as the letter says it: "You told us by phone".
HOW_WORDS = {
    Channel.TELEPHONE: "by phone",
    Channel.IN_PERSON: "in person",
    Channel.EMAIL: "by email",
    Channel.LETTER: "by letter",
    Channel.WEB_FORM: "through our website",
    Channel.SOCIAL_MEDIA: "through social media",
    Channel.THIRD_PARTY: "through someone acting for you",
    Channel.COUNCILLOR_OR_MP: "through your councillor or MP",
}


def check_withdraw(state: ComplaintState, inp: WithdrawInput, ctx: Ctx) -> None:
    require_complaint(state, "record a withdrawal")
    require_status(state, WITHDRAWABLE, "record a withdrawal")
    if state.final:
        raise Refused(
            "Cannot record a withdrawal: our complaints process has ended for this complaint."
        )
    try:
        Channel(inp.how)
    except ValueError:
        raise Refused(
            f"'{inp.how}' is not a way the resident can tell us; use one of: {choices(Channel)}."
        ) from None
    if inp.withdrawn_on > ctx.today:
        raise Refused("The day the resident withdrew cannot be in the future.")
    if inp.withdrawn_on < state.intake.first_contact_on:
        raise Refused(
            "The day the resident withdrew cannot be before they first contacted us "
            f"({format_due(state.intake.first_contact_on)})."
        )


def withdraw(state: ComplaintState, inp: WithdrawInput, ctx: Ctx) -> list[Effect]:
    """R-WDR-1: recorded with how and when, every deadline stopped, closed as withdrawn and
    confirmed by letter with how to take it up again."""
    check_withdraw(state, inp, ctx)
    how = Channel(inp.how)
    reopen_by = add_months(ctx.today, state.profile.escalation_window_months)
    stopped = [deadline.key for deadline in state.open_deadlines]
    state.withdrawal = Withdrawal(
        how=how,
        withdrawn_on=inp.withdrawn_on,
        recorded_on=ctx.today,
        by=inp.by,
        reason=inp.reason,
        status_before=state.status,
        reopen_by=reopen_by,
        stopped=stopped,
        closed_on_before=state.closed_on,
        retain_until_before=state.retain_until,
    )
    state.status = Status.WITHDRAWN
    state.closed_on = ctx.today
    state.retain_until = reopen_by
    summary = f"Withdrawn by the resident {HOW_WORDS[how]} on {format_due(inp.withdrawn_on)}"
    if inp.reason.strip():
        summary += f": {inp.reason.strip()}"
    effects: list[Effect] = [
        Event(
            kind="withdrawn",
            summary=summary,
            actor=inp.by,
            data={"how": how.value, "withdrawn_on": inp.withdrawn_on.isoformat()},
        ),
        *cancel_all(state, "the resident withdrew the complaint"),
        compose(
            WithdrawalConfirmed,
            state,
            ctx,
            "Confirm the withdrawal",
            withdrawn_on=inp.withdrawn_on,
            how=HOW_WORDS[how],
            reopen_by=reopen_by,
        ),
    ]
    return effects


def check_reopen_withdrawn(state: ComplaintState, inp: ReopenWithdrawnInput, ctx: Ctx) -> None:
    require_status(state, (Status.WITHDRAWN,), "reopen the complaint")
    withdrawal = state.withdrawal
    assert withdrawal is not None  # recorded with the status
    if ctx.today > withdrawal.reopen_by:
        raise Refused(
            "Cannot reopen the complaint: the resident could take it up again until "
            f"{format_due(withdrawal.reopen_by)}; log a new complaint instead."
        )
    require_text(inp.reason, "what the resident told us")


def _restarted(state: ComplaintState, key: str, ctx: Ctx, days_away: int) -> Event:
    """A deadline the withdrawal stopped, counted again from the reopening: working days
    from today where it was counted, else moved on by the days the complaint was away."""
    old = state.deadlines[key]
    if old.target_wd is not None and old.limit_wd is not None:
        due = Due(
            target=ctx.cal.add_working_days(ctx.today, old.target_wd),
            limit=ctx.cal.add_working_days(ctx.today, old.limit_wd),
        )
    else:
        due = Due(
            target=old.target + timedelta(days=days_away),
            limit=old.due + timedelta(days=days_away),
        )
    return set_deadline(
        state,
        key,
        old.label,
        ctx.today,
        due,
        target_wd=old.target_wd,
        limit_wd=old.limit_wd,
        ceiling=old.ceiling + timedelta(days=days_away) if old.ceiling else None,
        staff_id=old.staff_id,
    )


def reopen_withdrawn(state: ComplaintState, inp: ReopenWithdrawnInput, ctx: Ctx) -> list[Effect]:
    """R-WDR-1: taken up again before the reopen-by date the withdrawal letter gave: back where
    it stood, the deadlines the withdrawal stopped counted afresh from today, and a letter
    saying what comes next and by when."""
    check_reopen_withdrawn(state, inp, ctx)
    withdrawal = state.withdrawal
    assert withdrawal is not None
    state.status = withdrawal.status_before
    state.closed_on = withdrawal.closed_on_before
    state.retain_until = withdrawal.retain_until_before
    days_away = (ctx.today - withdrawal.recorded_on).days
    restarted = [_restarted(state, key, ctx, days_away) for key in withdrawal.stopped]
    state.withdrawal = None
    effects: list[Effect] = [
        Event(
            kind="withdrawal_reopened",
            summary=f"Reopened at the resident's request: {inp.reason.strip()}",
            actor=inp.by,
            data={"status": state.status.value, "reopened_on": ctx.today.isoformat()},
        ),
        *restarted,
    ]
    step, due = _next_step(state)
    effects.append(
        compose(
            WithdrawalReopened,
            state,
            ctx,
            "Confirm the complaint is reopened",
            reopened_on=ctx.today,
            next_step=step,
            next_due=due,
        )
    )
    return effects


# What the resident is told comes next, by the start of the deadline's key (rules.handling.*).
_NEXT_STEP = (
    ("acknowledgement", "acknowledge your complaint"),
    ("escalation_decision", "tell you whether we will take your complaint to Stage 2"),
    ("stage_1_response", "respond to your complaint"),
    ("stage_2_response", "respond to your complaint at Stage 2"),
    ("stage_3_panel", "hold the panel that will hear your complaint"),
    ("stage_3_response", "respond to your complaint at Stage 3"),
)


def _next_step(state: ComplaintState) -> tuple[str | None, date | None]:
    for deadline in state.open_deadlines:
        for key, words in _NEXT_STEP:
            if deadline.key.startswith(key):
                return words, deadline.due
    return None, None
