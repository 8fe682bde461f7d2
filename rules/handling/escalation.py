"""Section 6 of the rules: escalation to Stage 2, the reviewer, and the Stage 3 panel."""

from models.complaint import ComplaintState, EscalationRequest, Issue, Panel, StageRecord
from models.effects import Effect, Event, Letter, SplitOff
from models.enums import (
    EXCLUSION_WORDS,
    EscalationRefusal,
    Exclusion,
    Stage,
    Status,
    choices,
)
from models.messages import (
    ArrangePanelInput,
    AssignReviewerInput,
    DecideEscalationInput,
    RecordPanelMeetingInput,
    RequestEscalationInput,
    RequestStageThreeInput,
)
from rules import deadlines
from rules.calendar import format_due
from rules.handling.common import (
    OMBUDSMAN_CONTACT,
    OMBUDSMAN_WORDS,
    Ctx,
    Refused,
    describe,
    meet_deadline,
    ombudsman_for,
    owner_words,
    require_status,
    require_text,
    response_key,
    set_deadline,
    stage_three_available,
)

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
    ombudsman = ombudsman_for(state)
    effects: list[Effect] = [
        Event(
            kind="escalation_refused",
            summary=f"Escalation refused: {words}",
            actor=inp.by,
            data={"refusal": refusal.value, "explanation": inp.explanation},
        ),
        Letter(
            letter="escalation_refused",
            summary="Send escalation refusal letter",
            fields={
                "reason": words,
                "explanation": inp.explanation,
                "ombudsman": OMBUDSMAN_WORDS[ombudsman],
                "ombudsman_contact": OMBUDSMAN_CONTACT[ombudsman],
            },
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
        Letter(
            letter="stage_2_acknowledgement",
            summary=f"Send Stage 2 acknowledgement (response due {format_due(due.limit)})",
            fields={
                "understanding": inp.understanding,
                "outcomes_sought": inp.outcomes_sought,
                "contact": owner_words(state),
                "response_due": due.limit.isoformat(),
            },
        ),
    ]


def check_request_stage_three(state: ComplaintState, inp: RequestStageThreeInput, ctx: Ctx) -> None:
    """R-S3-1: homelessness and allocations, complainant not a tenant, after Stage 2."""
    if not stage_three_available(state):
        raise Refused(
            "Stage 3 is only for homelessness and allocations complaints from people who are "
            "not our tenants or leaseholders; the next step is the ombudsman."
        )
    if state.stage != Stage.STAGE_2 or state.status != Status.CLOSED:
        raise Refused(
            f"Stage 3 can be requested after the Stage 2 response; the complaint is {describe(state)}."
        )


def request_stage_three(
    state: ComplaintState, inp: RequestStageThreeInput, ctx: Ctx
) -> list[Effect]:
    check_request_stage_three(state, inp, ctx)
    state.escalations.append(
        EscalationRequest(
            stage=Stage.STAGE_3,
            requested_on=ctx.today,
            reasons=inp.reasons,
            decided_on=ctx.today,
            accepted=True,
        )
    )
    state.stage = Stage.STAGE_3
    state.status = Status.PANEL_REQUESTED
    state.closed_on = None
    state.survey_due = None
    state.stages[Stage.STAGE_3] = StageRecord(stage=Stage.STAGE_3, opened_on=ctx.today)
    for issue in [i for i in state.issues if i.stage == Stage.STAGE_2]:
        state.issues.append(
            Issue(
                id=len(state.issues) + 1,
                summary=issue.summary,
                added_on=ctx.today,
                stage=Stage.STAGE_3,
            )
        )
    due = deadlines.stage_three_panel_due(ctx.today, state.profile, ctx.cal)
    return [
        Event(
            kind="stage_3_requested",
            summary="Stage 3 panel requested",
            actor=inp.by,
            data={"reasons": inp.reasons},
        ),
        set_deadline(
            state,
            "stage_3_panel",
            "Stage 3 panel",
            ctx.today,
            due,
            target_wd=state.profile.stage_3_panel_wd,
            limit_wd=state.profile.stage_3_panel_wd,
        ),
    ]


def check_arrange_panel(state: ComplaintState, inp: ArrangePanelInput, ctx: Ctx) -> None:
    require_status(state, (Status.PANEL_REQUESTED,), "arrange the Stage 3 panel")
    members = [inp.board_member, inp.executive, inp.head_of_service]
    if len({m.id for m in members}) != 3:
        raise Refused(
            "The panel needs three different people: a board member, an executive "
            "and a head of service."
        )
    involved = set(state.stage_1_staff) | ({state.reviewer.id} if state.reviewer else set())
    for member in members:
        if member.id in involved:
            raise Refused(
                f"{member.name} was involved in the complaint before, so cannot sit on the panel."
            )
    if inp.meeting_on < ctx.today or not ctx.cal.is_working_day(inp.meeting_on):
        raise Refused(f"{format_due(inp.meeting_on)} is not a future working day.")
    panel_due = state.deadlines["stage_3_panel"]
    if inp.meeting_on > panel_due.due:
        raise Refused(f"The panel must meet by {format_due(panel_due.due)}.")


def arrange_panel(state: ComplaintState, inp: ArrangePanelInput, ctx: Ctx) -> list[Effect]:
    check_arrange_panel(state, inp, ctx)
    state.panel = Panel(
        board_member=inp.board_member,
        executive=inp.executive,
        head_of_service=inp.head_of_service,
        meeting_on=inp.meeting_on,
        complainant_attending=inp.complainant_attending,
    )
    return [
        Event(
            kind="panel_arranged",
            summary=f"Stage 3 panel arranged for {format_due(inp.meeting_on)}",
            actor=inp.by,
        ),
        Letter(
            letter="stage_3_panel",
            summary="Send Stage 3 panel invitation",
            fields={"meeting_on": inp.meeting_on.isoformat(), "may_attend": True},
        ),
    ]


def check_record_panel_meeting(
    state: ComplaintState, inp: RecordPanelMeetingInput, ctx: Ctx
) -> None:
    require_status(state, (Status.PANEL_REQUESTED,), "record the panel meeting")
    if state.panel is None:
        raise Refused("Arrange the panel before recording its meeting.")
    if inp.held_on > ctx.today:
        raise Refused("The meeting date cannot be in the future.")


def record_panel_meeting(
    state: ComplaintState, inp: RecordPanelMeetingInput, ctx: Ctx
) -> list[Effect]:
    check_record_panel_meeting(state, inp, ctx)
    assert state.panel is not None
    state.panel.held_on = inp.held_on
    state.status = Status.PANEL_HELD
    state.stages[Stage.STAGE_3].acknowledged_on = inp.held_on
    effects: list[Effect] = [
        Event(
            kind="panel_held",
            summary=f"Stage 3 panel met on {format_due(inp.held_on)}",
            actor=inp.by,
        )
    ]
    met = meet_deadline(state, "stage_3_panel", inp.held_on)
    if met:
        effects.append(met)
    due = deadlines.stage_three_response_due(inp.held_on, state.profile, ctx.cal)
    effects.append(
        set_deadline(
            state,
            response_key(Stage.STAGE_3),
            "Stage 3 response",
            inp.held_on,
            due,
            target_wd=state.profile.stage_3_response_target_wd,
            limit_wd=state.profile.stage_3_response_limit_wd,
        )
    )
    return effects
