"""Actions of sections 5 and 7: ombudsman cases, enquiries and determinations.

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects. The methods stay real methods so clients
call them by reference (`handle.execute_update(ComplaintWorkflow.record_ombudsman_case, ...)`) and
their names, the update names, never change."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import (
        ActionResult,
        AnswerEnquiryInput,
        RecordDeterminationInput,
        RecordEnquiryInput,
        RecordOmbudsmanCaseInput,
    )
    from rules import catalogue

from workflows.base import ComplaintBase


class AftercareHandlers(ComplaintBase):
    @workflow.update
    async def record_ombudsman_case(self, inp: RecordOmbudsmanCaseInput) -> ActionResult:
        """R-EXT-2: a referral to the ombudsman."""
        return await self._take(catalogue.RECORD_OMBUDSMAN_CASE, inp)

    @record_ombudsman_case.validator
    def _validate_record_ombudsman_case(self, inp: RecordOmbudsmanCaseInput) -> None:
        self._vet(catalogue.RECORD_OMBUDSMAN_CASE, inp)

    @workflow.update
    async def record_enquiry(self, inp: RecordEnquiryInput) -> ActionResult:
        """R-EXT-2: an ombudsman enquiry with its deadline."""
        return await self._take(catalogue.RECORD_ENQUIRY, inp)

    @record_enquiry.validator
    def _validate_record_enquiry(self, inp: RecordEnquiryInput) -> None:
        self._vet(catalogue.RECORD_ENQUIRY, inp)

    @workflow.update
    async def answer_enquiry(self, inp: AnswerEnquiryInput) -> ActionResult:
        """R-EXT-2: the enquiry was answered."""
        return await self._take(catalogue.ANSWER_ENQUIRY, inp)

    @answer_enquiry.validator
    def _validate_answer_enquiry(self, inp: AnswerEnquiryInput) -> None:
        self._vet(catalogue.ANSWER_ENQUIRY, inp)

    @workflow.update
    async def record_determination(self, inp: RecordDeterminationInput) -> ActionResult:
        """R-EXT-2: the determination and its orders, each tracked."""
        return await self._take(catalogue.RECORD_DETERMINATION, inp)

    @record_determination.validator
    def _validate_record_determination(self, inp: RecordDeterminationInput) -> None:
        self._vet(catalogue.RECORD_DETERMINATION, inp)
