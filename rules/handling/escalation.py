"""Section 6 of the rules: escalation to Stage 2, the reviewer, and the Stage 3 panel."""

from letters.models import EscalationRefused, StageTwoAcknowledgement
from models.complaint import ComplaintState
from models.effects import Effect, Event, SplitOff
from models.enums import (
    EXCLUSION_WORDS,
    EscalationRefusal,
    Exclusion,
    Stage,
    Status,
    choices,
)
from models.messages import (
    AssignReviewerInput,
    DecideEscalationInput,
    RequestEscalationInput,
)
from models.stages import EscalationRequest, Issue, StageRecord
from rules import deadlines
from rules.calendar import format_due
from rules.handling.common import (
    Ctx,
    Refused,
    describe,
    meet_deadline,
    ombudsman_fields,
    owner_words,
    require_text,
    response_key,
    set_deadline,
)
from rules.handling.self_service import told
from rules.letters import compose

REFUSAL_WORDS = {
    EscalationRefusal.NO_STAGE_1_RESPONSE: "the complaint has not had its Stage 1 response",
    EscalationRefusal.WINDOW_PASSED: "the request came after the time allowed to escalate",
    EscalationRefusal.NO_REASONS_GIVEN: "no reasons were given for escalating",
    EscalationRefusal.REFUSED_TO_ENGAGE: "we were unable to engage with you about the complaint",
    EscalationRefusal.ONLY_NEW_ISSUES: (
        "the request raises only new issues, which we will treat as a new complaint"
    ),
    EscalationRefusal.EXCLUSION: "an exclusion in our complaints policy applies",
}


def _pending(state: ComplaintState) -> EscalationRequest:
    if state.status != Status.ESCALATION_REQUESTED or not state.escalations:
        raise Refused(
            f"There is no escalation request to decide: the complaint is {describe(state)}."
        )
    return state.escalations[-1]


def _window_passed(state: ComplaintState, request: EscalationRequest) -> bool:
    responded = state.stages[Stage.STAGE_1].responded_on
    assert responded is not None
    return request.requested_on > deadlines.escalation_window_closes(responded, state.profile)


def check_request_escalation(state: ComplaintState, inp: RequestEscalationInput, ctx: Ctx) -> None:
    """R-ESC-1: only at the resident's request and only after the Stage 1 response."""
    if state.stage != Stage.STAGE_1 or state.status not in (Status.CLOSED,):
        if state.stage == Stage.STAGE_1 and state.status in (
            Status.RECEIVED,
            Status.ACCEPTED,
            Status.OPEN,
        ):
            due = state.deadlines.get(response_key(Stage.STAGE_1))
            when = f" (due {format_due(due.due)})" if due and due.is_open else ""
            raise Refused(
                f"A complaint can only be escalated after its Stage 1 response has been sent{when}."
            )
        raise Refused(f"This complaint cannot be escalated to Stage 2: it is {describe(state)}.")


def request_escalation(
    state: ComplaintState, inp: RequestEscalationInput, ctx: Ctx
) -> list[Effect]:
    check_request_escalation(state, inp, ctx)
    n = len(state.escalations) + 1
    state.escalations.append(
        EscalationRequest(stage=Stage.STAGE_2, requested_on=ctx.today, reasons=inp.reasons.strip())
    )
    state.status = Status.ESCALATION_REQUESTED
    state.survey_due = None
    due = deadlines.escalation_decision_due(ctx.today, state.profile, ctx.cal)
    return [
        Event(
            kind="escalation_requested",
            summary="Resident asked to escalate to Stage 2",
            actor=inp.by,
            data={"reasons": inp.reasons},
        ),
        set_deadline(
            state,
            f"escalation_decision_{n}",
            "Escalation decision and Stage 2 acknowledgement",
            ctx.today,
            due,
            target_wd=state.profile.escalation_decision_wd,
            limit_wd=state.profile.escalation_decision_wd,
            staff_id=state.reviewer.id if state.reviewer else None,
        ),
        *told(state, inp.by, "asked for Stage 2"),
    ]


def check_assign_reviewer(state: ComplaintState, inp: AssignReviewerInput, ctx: Ctx) -> None:
    """R-S2-1: the Stage 2 reviewer is never a person who handled Stage 1."""
    if not (
        state.status == Status.ESCALATION_REQUESTED
        or (state.stage == Stage.STAGE_2 and state.status == Status.OPEN)
    ):
        raise Refused(
            f"A reviewer is assigned when a complaint is escalated; it is {describe(state)}."
        )
    if inp.reviewer.id in state.stage_1_staff:
        raise Refused(
            f"{inp.reviewer.name} handled this complaint at Stage 1, so cannot review it at "
            "Stage 2: the Code requires someone who was not involved."
        )


def assign_reviewer(state: ComplaintState, inp: AssignReviewerInput, ctx: Ctx) -> list[Effect]:
    check_assign_reviewer(state, inp, ctx)
    state.reviewer = inp.reviewer
    for deadline in state.open_deadlines:
        if deadline.key.startswith("escalation_decision") or deadline.key == response_key(
            Stage.STAGE_2
        ):
            deadline.staff_id = inp.reviewer.id
    if Stage.STAGE_2 in state.stages:
        state.stages[Stage.STAGE_2].owner = inp.reviewer
    return [
        Event(
            kind="reviewer_assigned",
            summary=f"Stage 2 reviewer: {inp.reviewer.name}",
            actor=inp.by,
            data={"reviewer_id": inp.reviewer.id},
        )
    ]


def check_decide_escalation(state: ComplaintState, inp: DecideEscalationInput, ctx: Ctx) -> None:
    """R-ESC-2: refused only for a listed reason; R-ESC-3 on acceptance."""
    request = _pending(state)
    late = _window_passed(state, request)
    if inp.accept:
        if late and not (inp.exceptional_reason or "").strip():
            raise Refused(
                "The request came after the escalation window closed; accept it only for an "
                "exceptional reason, and say what it is."
            )
        if state.reviewer is None:
            raise Refused("Assign a Stage 2 reviewer (not a Stage 1 handler) before accepting.")
        require_text(
            inp.understanding, "our understanding of what is outstanding, agreed with the resident"
        )
        require_text(inp.outcomes_sought, "the outcomes the resident is seeking")
        return
    try:
        refusal = EscalationRefusal(inp.refusal or "")
    except ValueError:
        raise Refused(
            f"'{inp.refusal or ''}' is not a reason an escalation may be refused. "
            f"Use one of: {choices(EscalationRefusal)}."
        ) from None
    if refusal == EscalationRefusal.NO_STAGE_1_RESPONSE:
        raise Refused("This complaint has had its Stage 1 response; choose another reason.")
    if refusal == EscalationRefusal.WINDOW_PASSED and not late:
        raise Refused(
            "The request came within the escalation window; it cannot be refused as late."
        )
    if refusal == EscalationRefusal.NO_REASONS_GIVEN:
        if not state.profile.escalation_requires_reasons:
            raise Refused("This policy does not require reasons to escalate (Code 2024 6.12).")
        if request.reasons:
            raise Refused("The resident gave reasons for escalating.")
    if refusal == EscalationRefusal.EXCLUSION:
        try:
            Exclusion(inp.exclusion or "")
        except ValueError:
            raise Refused(
                f"Name the exclusion that applies: one of {choices(Exclusion)}."
            ) from None
    require_text(inp.explanation, "the explanation for the resident", 10)


def decide_escalation(state: ComplaintState, inp: DecideEscalationInput, ctx: Ctx) -> list[Effect]:
    check_decide_escalation(state, inp, ctx)
    request = state.escalations[-1]
    request.decided_on = ctx.today
    request.accepted = inp.accept
    request.explanation = inp.explanation or inp.exceptional_reason
    key = f"escalation_decision_{len(state.escalations)}"
    effects: list[Effect] = []
    met = meet_deadline(state, key, ctx.today)
    if inp.accept:
        effects += _accept_escalation(state, inp, ctx)
    else:
        effects += _refuse_escalation(state, inp, ctx)
    if met:
        effects.append(met)
    return effects


def _refuse_escalation(state: ComplaintState, inp: DecideEscalationInput, ctx: Ctx) -> list[Effect]:
    request = state.escalations[-1]
    refusal = EscalationRefusal(inp.refusal or "")
    request.refusal = refusal
    words = REFUSAL_WORDS[refusal]
    if refusal == EscalationRefusal.EXCLUSION:
        request.exclusion = Exclusion(inp.exclusion or "")
        words = f"{words}: {EXCLUSION_WORDS[request.exclusion]}"
    state.status = Status.CLOSED
    state.survey_due = deadlines.survey_due(ctx.today, state.profile)
    effects: list[Effect] = [
        Event(
            kind="escalation_refused",
            summary=f"Escalation refused: {words}",
            actor=inp.by,
            data={"refusal": refusal.value, "explanation": inp.explanation},
        ),
        compose(
            EscalationRefused,
            state,
            ctx,
            "Send escalation refusal letter",
            reason=words,
            explanation=inp.explanation,
            **ombudsman_fields(state),
        ),
    ]
    if refusal == EscalationRefusal.ONLY_NEW_ISSUES:
        effects.append(SplitOff(summary=request.reasons or inp.explanation))
    return effects


def _accept_escalation(state: ComplaintState, inp: DecideEscalationInput, ctx: Ctx) -> list[Effect]:
    assert state.reviewer is not None
    state.stage = Stage.STAGE_2
    state.status = Status.OPEN
    state.closed_on = None
    state.survey_due = None
    state.final = False
    state.stages[Stage.STAGE_2] = StageRecord(
        stage=Stage.STAGE_2,
        opened_on=ctx.today,
        owner=state.reviewer,
        acknowledged_on=ctx.today,
        definition=inp.understanding,
        outcomes_sought=inp.outcomes_sought,
    )
    for issue in [i for i in state.issues if i.stage == Stage.STAGE_1]:
        state.issues.append(
            Issue(
                id=len(state.issues) + 1,
                summary=issue.summary,
                added_on=ctx.today,
                stage=Stage.STAGE_2,
            )
        )
    due = deadlines.stage_two_response_due(ctx.today, state.profile, ctx.cal)
    ceiling = deadlines.stage_two_extension_ceiling(due.limit, state.profile, ctx.cal)
    summary = "Escalation accepted: Stage 2 acknowledged"
    if inp.exceptional_reason:
        summary += f" (after the window, exceptionally: {inp.exceptional_reason})"
    return [
        Event(
            kind="escalation_accepted",
            summary=summary,
            actor=inp.by,
            data={"understanding": inp.understanding},
        ),
        set_deadline(
            state,
            response_key(Stage.STAGE_2),
            "Stage 2 response",
            ctx.today,
            due,
            target_wd=state.profile.stage_2_response_wd,
            limit_wd=state.profile.stage_2_response_wd,
            ceiling=ceiling,
            staff_id=state.reviewer.id,
        ),
        compose(
            StageTwoAcknowledgement,
            state,
            ctx,
            f"Send Stage 2 acknowledgement (response due {format_due(due.limit)})",
            understanding=inp.understanding,
            outcomes_sought=inp.outcomes_sought,
            contact=owner_words(state),
            response_due=due.limit.isoformat(),
        ),
    ]
