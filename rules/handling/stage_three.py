"""Section 6 of the rules, R-S3-1: the Stage 3 panel for homelessness and allocations."""

from letters.models import StageThreePanel
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import (
    Stage,
    Status,
)
from models.messages import (
    ArrangePanelInput,
    RecordPanelMeetingInput,
    RequestStageThreeInput,
)
from models.stages import EscalationRequest, Issue, Panel, StageRecord
from rules import deadlines
from rules.calendar import format_due
from rules.handling.common import (
    Ctx,
    Refused,
    describe,
    meet_deadline,
    require_status,
    response_key,
    set_deadline,
    stage_three_available,
)
from rules.letters import compose


def check_request_stage_three(state: ComplaintState, inp: RequestStageThreeInput, ctx: Ctx) -> None:
    """R-S3-1: homelessness and allocations, complainant not a tenant, after Stage 2."""
    if not stage_three_available(state):
        raise Refused(
            "Stage 3 is only for homelessness and allocations complaints from people who are "
            "not our tenants or leaseholders; the next step is the ombudsman."
        )
    if state.stage != Stage.STAGE_2 or state.status != Status.CLOSED:
        raise Refused(
            "Stage 3 can be requested after the Stage 2 response; "
            f"the complaint is {describe(state)}."
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
        compose(
            StageThreePanel,
            state,
            ctx,
            "Send Stage 3 panel invitation",
            meeting_on=inp.meeting_on.isoformat(),
            may_attend=True,
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
