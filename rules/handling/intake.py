"""Section 3 of the rules, a complaint as it comes in: logged with its reference and first
contact kept apart (R-INT-1), a compliment or comment recorded and thanked (R-DEF-1), the
handler who owns it named and, on a reassignment, the resident told (R-S1-2, R-TEAM-1),
and a concern resolved at first contact with the resident's agreement, or made a Stage 1
complaint after all (R-INT-2).

Accepting or declining it is `rules.handling.acceptance`; acknowledging it is
`rules.handling.acknowledgement`.
"""

from letters.models import CommentReply, ComplimentReply, HandlerChanged
from models.complaint import ComplaintState, EarlyResolution
from models.effects import Effect, Event
from models.enums import CHANNEL_WORDS, Kind, Stage, Status
from models.messages import AssignHandlerInput, ReopenInput, ResolveEarlyInput
from models.stages import StageRecord
from rules import deadlines
from rules.calendar import add_months, format_due
from rules.handling.common import (
    Ctx,
    Refused,
    cancel_deadline,
    meet_deadline,
    owner_words,
    require_status,
    require_text,
    set_deadline,
)
from rules.letters import compose


def log(state: ComplaintState, ctx: Ctx) -> list[Effect]:
    """R-INT-1: the complaint is logged with its reference; first contact is kept apart."""
    intake = state.intake
    first_contact = format_due(intake.first_contact_on)
    if intake.first_contact_at is not None:
        first_contact += f" at {intake.first_contact_at:%H:%M}"
    summary = (
        f"{intake.kind.value.capitalize()} received {CHANNEL_WORDS[intake.channel]}"
        f" (first contact {first_contact})"
    )
    if intake.first_contact_note:  # R-STAFF-1: why it was logged after the day of contact
        summary += f"; logged later because: {intake.first_contact_note}"
    data = {
        "first_contact_on": intake.first_contact_on.isoformat(),
        "channel": intake.channel.value,
    }
    if intake.first_contact_at is not None:
        data["first_contact_at"] = f"{intake.first_contact_at:%H:%M}"
    effects: list[Effect] = [
        Event(kind="logged", summary=summary, actor=intake.logged_by, data=data)
    ]
    if intake.kind != Kind.COMPLAINT:
        # R-DEF-1: compliments and comments are recorded and thanked; no deadlines.
        state.status = Status.RECORDED
        state.closed_on = ctx.today
        state.retain_until = ctx.today
        reply = CommentReply if intake.kind == Kind.COMMENT else ComplimentReply
        effects.append(compose(reply, state, ctx, "Thank-you reply"))
        return effects
    if intake.handler is not None:
        state.handler = intake.handler
        state.stage_1_staff.append(intake.handler.id)
    state.stages[Stage.STAGE_1] = StageRecord(stage=Stage.STAGE_1, opened_on=ctx.today)
    log_due = deadlines.log_due(intake.first_contact_on, state.profile, ctx.cal)
    effects.append(
        set_deadline(
            state,
            "log",
            "Logging the complaint",
            intake.first_contact_on,
            log_due,
            target_wd=state.profile.log_target_wd,
            limit_wd=state.profile.log_target_wd,
        )
    )
    met = meet_deadline(state, "log", ctx.today)
    if met:
        effects.append(met)
    ack = deadlines.acknowledgement_due(intake.first_contact_on, state.profile, ctx.cal)
    effects.append(
        set_deadline(
            state,
            "acknowledgement",
            "Stage 1 acknowledgement",
            intake.first_contact_on,
            ack,
            target_wd=state.profile.ack_target_wd,
            limit_wd=state.profile.ack_limit_wd,
            # A handler named at intake is reminded, and their manager told (R-S1-2).
            staff_id=state.handler.id if state.handler else None,
        )
    )
    return effects


def assign_handler(state: ComplaintState, inp: AssignHandlerInput, ctx: Ctx) -> list[Effect]:
    """R-S1-2: the handler who owns the complaint. A reassignment with a reason (R-TEAM-1)
    records the reason and tells the resident who now deals with their complaint."""
    check_assign_handler(state, inp, ctx)
    previous = state.handler
    state.handler = inp.handler
    if state.stage == Stage.STAGE_1 and inp.handler.id not in state.stage_1_staff:
        state.stage_1_staff.append(inp.handler.id)
    for deadline in state.open_deadlines:
        if deadline.key != "acknowledgement" or state.stage == Stage.STAGE_1:
            deadline.staff_id = inp.handler.id
    if inp.reason is None:  # as every assignment was before R-TEAM-1: replays unchanged
        return [
            Event(
                kind="handler_assigned",
                summary=f"Assigned to {inp.handler.name}",
                actor=inp.by,
                data={"handler_id": inp.handler.id},
            )
        ]
    effects: list[Effect] = [
        Event(
            kind="handler_assigned",
            summary=f"Reassigned to {inp.handler.name}: {inp.reason}",
            actor=inp.by,
            data={
                "handler_id": inp.handler.id,
                "previous_handler_id": previous.id if previous else None,
                "reason": inp.reason,
            },
        )
    ]
    if previous is not None and previous.id != inp.handler.id:
        effects.append(
            compose(
                HandlerChanged,
                state,
                ctx,
                "Tell the resident who now deals with the complaint",
                contact=owner_words(state),
            )
        )
    return effects


def check_assign_handler(state: ComplaintState, inp: AssignHandlerInput, ctx: Ctx) -> None:
    require_status(
        state,
        (Status.RECEIVED, Status.ACCEPTED, Status.OPEN, Status.CLOSED, Status.RESOLVED_EARLY),
        "assign a handler",
    )
    if state.stage != Stage.STAGE_1:
        raise Refused("At Stage 2 and 3 the complaint is owned by its reviewer: assign a reviewer.")
    if inp.reason is not None and not inp.reason.strip():
        raise Refused("Say why the complaint is reassigned, or leave the reason out.")


def check_resolve_early(state: ComplaintState, inp: ResolveEarlyInput, ctx: Ctx) -> None:
    require_status(state, (Status.RECEIVED,), "record an early resolution")
    require_text(inp.what_was_done, "what was done to resolve the concern")
    if not inp.resident_agreed:
        raise Refused(
            "A concern can only be resolved at first contact with the resident's agreement; "
            "without it, accept the complaint at Stage 1."
        )


def resolve_early(state: ComplaintState, inp: ResolveEarlyInput, ctx: Ctx) -> list[Effect]:
    """R-INT-2: resolved at first contact with the resident's agreement, recorded."""
    check_resolve_early(state, inp, ctx)
    state.early_resolution = EarlyResolution(
        what_was_done=inp.what_was_done, resident_agreed=True, resolved_on=ctx.today
    )
    state.status = Status.RESOLVED_EARLY
    state.closed_on = ctx.today
    state.retain_until = add_months(ctx.today, state.profile.escalation_window_months)
    effects: list[Effect] = [
        Event(
            kind="resolved_early",
            summary=f"Resolved at first contact: {inp.what_was_done}",
            actor=inp.by,
            data={"resident_agreed": True},
        )
    ]
    cancelled = cancel_deadline(state, "acknowledgement", "resolved at first contact")
    if cancelled:
        effects.append(cancelled)
    return effects


def check_reopen(state: ComplaintState, inp: ReopenInput, ctx: Ctx) -> None:
    require_status(state, (Status.RESOLVED_EARLY,), "make this a formal complaint")
    require_text(inp.reason, "why it becomes a formal complaint")


def reopen(state: ComplaintState, inp: ReopenInput, ctx: Ctx) -> list[Effect]:
    """R-INT-2: the resident asks for a formal complaint, or more enquiries are needed:
    it becomes Stage 1 at once, counted from today."""
    check_reopen(state, inp, ctx)
    assert state.early_resolution is not None
    state.early_resolution.reopened_on = ctx.today
    state.early_resolution.reopen_reason = inp.reason
    state.status = Status.ACCEPTED
    state.accepted_on = ctx.today
    state.closed_on = None
    state.retain_until = None
    ack = deadlines.acknowledgement_due(ctx.today, state.profile, ctx.cal)
    return [
        Event(
            kind="became_stage_1", summary=f"Became a Stage 1 complaint: {inp.reason}", actor=inp.by
        ),
        set_deadline(
            state,
            "acknowledgement",
            "Stage 1 acknowledgement",
            ctx.today,
            ack,
            target_wd=state.profile.ack_target_wd,
            limit_wd=state.profile.ack_limit_wd,
            staff_id=state.handler.id if state.handler else None,
        ),
    ]
