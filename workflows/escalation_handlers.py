"""Actions of section 6: escalation, the reviewer, the Stage 3 panel.

Each update's validator runs the rule's check, so a refused action is rejected
before it reaches history; the handler then applies the rule and its effects."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import (
        ActionResult,
        ArrangePanelInput,
        AssignReviewerInput,
        DecideEscalationInput,
        RecordPanelMeetingInput,
        RequestEscalationInput,
        RequestStageThreeInput,
    )
    from rules.handling import escalation, stage_three

from workflows.base import ComplaintBase


class EscalationHandlers(ComplaintBase):
    @workflow.update
    async def request_escalation(self, inp: RequestEscalationInput) -> ActionResult:
        """R-ESC-1: the resident asks to escalate, only after the Stage 1 response."""
        return await self._act(escalation.request_escalation, inp, "Escalation request recorded")

    @request_escalation.validator
    def _validate_request_escalation(self, inp: RequestEscalationInput) -> None:
        self._check(escalation.check_request_escalation, inp)

    @workflow.update
    async def assign_reviewer(self, inp: AssignReviewerInput) -> ActionResult:
        """R-S2-1: the reviewer never handled Stage 1."""
        return await self._act(escalation.assign_reviewer, inp, "Reviewer assigned")

    @assign_reviewer.validator
    def _validate_assign_reviewer(self, inp: AssignReviewerInput) -> None:
        self._check(escalation.check_assign_reviewer, inp)

    @workflow.update
    async def decide_escalation(self, inp: DecideEscalationInput) -> ActionResult:
        """R-ESC-2/R-ESC-3: accept (acknowledging Stage 2) or refuse for a listed reason."""
        return await self._act(escalation.decide_escalation, inp, "Escalation decided")

    @decide_escalation.validator
    def _validate_decide_escalation(self, inp: DecideEscalationInput) -> None:
        self._check(escalation.check_decide_escalation, inp)

    @workflow.update
    async def request_stage_three(self, inp: RequestStageThreeInput) -> ActionResult:
        """R-S3-1: homelessness and allocations, after Stage 2."""
        return await self._act(stage_three.request_stage_three, inp, "Stage 3 panel requested")

    @request_stage_three.validator
    def _validate_request_stage_three(self, inp: RequestStageThreeInput) -> None:
        self._check(stage_three.check_request_stage_three, inp)

    @workflow.update
    async def arrange_panel(self, inp: ArrangePanelInput) -> ActionResult:
        """R-S3-1: a panel of three people not involved before."""
        return await self._act(stage_three.arrange_panel, inp, "Panel arranged")

    @arrange_panel.validator
    def _validate_arrange_panel(self, inp: ArrangePanelInput) -> None:
        self._check(stage_three.check_arrange_panel, inp)

    @workflow.update
    async def record_panel_meeting(self, inp: RecordPanelMeetingInput) -> ActionResult:
        """R-S3-1: the panel met; the response clock starts."""
        return await self._act(stage_three.record_panel_meeting, inp, "Panel meeting recorded")

    @record_panel_meeting.validator
    def _validate_record_panel_meeting(self, inp: RecordPanelMeetingInput) -> None:
        self._check(stage_three.check_record_panel_meeting, inp)
