"""Actions of section 6: escalation, the reviewer, the Stage 3 panel.

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects. The methods stay real methods so clients
call them by reference (`handle.execute_update(ComplaintWorkflow.request_escalation, ...)`) and
their names, the update names, never change."""

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
    from rules import catalogue

from workflows.base import ComplaintBase


class EscalationHandlers(ComplaintBase):
    @workflow.update
    async def request_escalation(self, inp: RequestEscalationInput) -> ActionResult:
        """R-ESC-1: the resident asks to escalate, only after the Stage 1 response."""
        return await self._take(catalogue.REQUEST_ESCALATION, inp)

    @request_escalation.validator
    def _validate_request_escalation(self, inp: RequestEscalationInput) -> None:
        self._vet(catalogue.REQUEST_ESCALATION, inp)

    @workflow.update
    async def assign_reviewer(self, inp: AssignReviewerInput) -> ActionResult:
        """R-S2-1: the reviewer never handled Stage 1."""
        return await self._take(catalogue.ASSIGN_REVIEWER, inp)

    @assign_reviewer.validator
    def _validate_assign_reviewer(self, inp: AssignReviewerInput) -> None:
        self._vet(catalogue.ASSIGN_REVIEWER, inp)

    @workflow.update
    async def decide_escalation(self, inp: DecideEscalationInput) -> ActionResult:
        """R-ESC-2/R-ESC-3: accept (acknowledging Stage 2) or refuse for a listed reason."""
        return await self._take(catalogue.DECIDE_ESCALATION, inp)

    @decide_escalation.validator
    def _validate_decide_escalation(self, inp: DecideEscalationInput) -> None:
        self._vet(catalogue.DECIDE_ESCALATION, inp)

    @workflow.update
    async def request_stage_three(self, inp: RequestStageThreeInput) -> ActionResult:
        """R-S3-1: homelessness and allocations, after Stage 2."""
        return await self._take(catalogue.REQUEST_STAGE_THREE, inp)

    @request_stage_three.validator
    def _validate_request_stage_three(self, inp: RequestStageThreeInput) -> None:
        self._vet(catalogue.REQUEST_STAGE_THREE, inp)

    @workflow.update
    async def arrange_panel(self, inp: ArrangePanelInput) -> ActionResult:
        """R-S3-1: a panel of three people not involved before."""
        return await self._take(catalogue.ARRANGE_PANEL, inp)

    @arrange_panel.validator
    def _validate_arrange_panel(self, inp: ArrangePanelInput) -> None:
        self._vet(catalogue.ARRANGE_PANEL, inp)

    @workflow.update
    async def record_panel_meeting(self, inp: RecordPanelMeetingInput) -> ActionResult:
        """R-S3-1: the panel met; the response clock starts."""
        return await self._take(catalogue.RECORD_PANEL_MEETING, inp)

    @record_panel_meeting.validator
    def _validate_record_panel_meeting(self, inp: RecordPanelMeetingInput) -> None:
        self._vet(catalogue.RECORD_PANEL_MEETING, inp)
