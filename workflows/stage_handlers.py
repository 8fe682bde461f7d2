"""Handler actions of sections 4 and 6: the response clock, extensions, agreement,
issues and responses.

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects. The methods stay real methods so clients
call them by reference (`handle.execute_update(ComplaintWorkflow.extend, ...)`) and
their names, the update names, never change."""

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
    from rules import catalogue
    from rules.handling.responses import submit_response_with_final_letter_apart

from workflows.base import ComplaintBase

# Complaints whose last response was sent before it became the final letter itself (their
# histories deliver the response and then a final letter) answer as they did.
ONE_FINAL_LETTER = "the-last-response-is-the-final-letter"


class StageHandlers(ComplaintBase):
    @workflow.update
    async def extend(self, inp: ExtendInput) -> ActionResult:
        """R-S1-3/R-S2-2: extend the response date with a reason."""
        return await self._take(catalogue.EXTEND, inp)

    @extend.validator
    def _validate_extend(self, inp: ExtendInput) -> None:
        self._vet(catalogue.EXTEND, inp)

    @workflow.update
    async def request_agreement(self, inp: RequestAgreementInput) -> ActionResult:
        """R-S1-4: ask the resident to agree a date beyond the limit."""
        return await self._take(catalogue.REQUEST_AGREEMENT, inp)

    @request_agreement.validator
    def _validate_request_agreement(self, inp: RequestAgreementInput) -> None:
        self._vet(catalogue.REQUEST_AGREEMENT, inp)

    @workflow.update
    async def record_agreement(self, inp: RecordAgreementInput) -> ActionResult:
        """R-S1-4: record whether the resident agreed."""
        return await self._take(catalogue.RECORD_AGREEMENT, inp)

    @record_agreement.validator
    def _validate_record_agreement(self, inp: RecordAgreementInput) -> None:
        self._vet(catalogue.RECORD_AGREEMENT, inp)

    @workflow.update
    async def add_issue(self, inp: AddIssueInput) -> ActionResult:
        """R-S1-5: an additional issue joins the response or becomes a linked complaint."""
        return await self._take(catalogue.ADD_ISSUE, inp)

    @add_issue.validator
    def _validate_add_issue(self, inp: AddIssueInput) -> None:
        self._vet(catalogue.ADD_ISSUE, inp)

    @workflow.update
    async def submit_response(self, inp: SubmitResponseInput) -> ActionResult:
        """R-S1-6/R-S2-3: send the stage response; refused without its parts."""
        if not workflow.patched(ONE_FINAL_LETTER):
            return await self._act(
                submit_response_with_final_letter_apart, inp, catalogue.SUBMIT_RESPONSE.done
            )
        return await self._take(catalogue.SUBMIT_RESPONSE, inp)

    @submit_response.validator
    def _validate_submit_response(self, inp: SubmitResponseInput) -> None:
        self._vet(catalogue.SUBMIT_RESPONSE, inp)
