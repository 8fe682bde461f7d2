"""Handler actions of sections 4 and 6: the response clock, extensions, agreement,
issues and responses.

Each update's validator runs the rule's check, so a refused action is rejected
before it reaches history; the handler then applies the rule and its effects."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import (
        ActionResult,
        AddIssueInput,
        ExtendInput,
        RecordAgreementInput,
        RequestAgreementInput,
        SubmitResponseInput,
    )
    from rules.handling import extensions, responses

from workflows.base import ComplaintBase


class StageHandlers(ComplaintBase):
    @workflow.update
    async def extend(self, inp: ExtendInput) -> ActionResult:
        """R-S1-3/R-S2-2: extend the response date with a reason."""
        return await self._act(extensions.extend, inp, "Response date extended")

    @extend.validator
    def _validate_extend(self, inp: ExtendInput) -> None:
        self._check(extensions.check_extend, inp)

    @workflow.update
    async def request_agreement(self, inp: RequestAgreementInput) -> ActionResult:
        """R-S1-4: ask the resident to agree a date beyond the limit."""
        return await self._act(extensions.request_agreement, inp, "Agreement requested")

    @request_agreement.validator
    def _validate_request_agreement(self, inp: RequestAgreementInput) -> None:
        self._check(extensions.check_request_agreement, inp)

    @workflow.update
    async def record_agreement(self, inp: RecordAgreementInput) -> ActionResult:
        """R-S1-4: record whether the resident agreed."""
        return await self._act(extensions.record_agreement, inp, "Resident's answer recorded")

    @record_agreement.validator
    def _validate_record_agreement(self, inp: RecordAgreementInput) -> None:
        self._check(extensions.check_record_agreement, inp)

    @workflow.update
    async def add_issue(self, inp: AddIssueInput) -> ActionResult:
        """R-S1-5: an additional issue joins the response or becomes a linked complaint."""
        return await self._act(responses.add_issue, inp, "Issue recorded")

    @add_issue.validator
    def _validate_add_issue(self, inp: AddIssueInput) -> None:
        self._check(responses.check_add_issue, inp)

    @workflow.update
    async def submit_response(self, inp: SubmitResponseInput) -> ActionResult:
        """R-S1-6/R-S2-3: send the stage response; refused without its parts."""
        return await self._act(responses.submit_response, inp, "Response sent")

    @submit_response.validator
    def _validate_submit_response(self, inp: SubmitResponseInput) -> None:
        self._check(responses.check_submit_response, inp)
