"""Actions of sections 5 and 7: ombudsman cases, enquiries and determinations.

Each update's validator runs the rule's check, so a refused action is rejected
before it reaches history; the handler then applies the rule and its effects."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import (
        ActionResult,
        AnswerEnquiryInput,
        RecordDeterminationInput,
        RecordEnquiryInput,
        RecordOmbudsmanCaseInput,
    )
    from rules.handling import aftercare

from workflows.base import ComplaintBase


class AftercareHandlers(ComplaintBase):
    @workflow.update
    async def record_ombudsman_case(self, inp: RecordOmbudsmanCaseInput) -> ActionResult:
        """R-EXT-2: a referral to the ombudsman."""
        return await self._act(aftercare.record_ombudsman_case, inp, "Ombudsman case recorded")

    @record_ombudsman_case.validator
    def _validate_record_ombudsman_case(self, inp: RecordOmbudsmanCaseInput) -> None:
        self._check(aftercare.check_record_ombudsman_case, inp)

    @workflow.update
    async def record_enquiry(self, inp: RecordEnquiryInput) -> ActionResult:
        """R-EXT-2: an ombudsman enquiry with its deadline."""
        return await self._act(aftercare.record_enquiry, inp, "Enquiry recorded")

    @record_enquiry.validator
    def _validate_record_enquiry(self, inp: RecordEnquiryInput) -> None:
        self._check(aftercare.check_record_enquiry, inp)

    @workflow.update
    async def answer_enquiry(self, inp: AnswerEnquiryInput) -> ActionResult:
        """R-EXT-2: the enquiry was answered."""
        return await self._act(aftercare.answer_enquiry, inp, "Enquiry answered")

    @answer_enquiry.validator
    def _validate_answer_enquiry(self, inp: AnswerEnquiryInput) -> None:
        self._check(aftercare.check_answer_enquiry, inp)

    @workflow.update
    async def record_determination(self, inp: RecordDeterminationInput) -> ActionResult:
        """R-EXT-2: the determination and its orders, each tracked."""
        return await self._act(aftercare.record_determination, inp, "Determination recorded")

    @record_determination.validator
    def _validate_record_determination(self, inp: RecordDeterminationInput) -> None:
        self._check(aftercare.check_record_determination, inp)
