"""What the resident does from their own view (R-RES-1): more information and documents,
and the satisfaction survey's answer; staff may record either for a resident who wrote or
phoned.

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects (the record, and a notice to the complaint's
owner). The methods stay real methods so clients call them by reference
(`handle.execute_update(ComplaintWorkflow.send_information, ...)`) and their names, the
update names, never change."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import ActionResult, AnswerSurveyInput, SendInformationInput
    from rules import catalogue

from workflows.base import ComplaintBase


class SelfServiceHandlers(ComplaintBase):
    @workflow.update
    async def send_information(self, inp: SendInformationInput) -> ActionResult:
        """R-RES-1: more information, and the names of the documents kept with it."""
        return await self._take(catalogue.SEND_INFORMATION, inp)

    @send_information.validator
    def _validate_send_information(self, inp: SendInformationInput) -> None:
        self._vet(catalogue.SEND_INFORMATION, inp)

    @workflow.update
    async def answer_survey(self, inp: AnswerSurveyInput) -> ActionResult:
        """R-SAT-1: the satisfaction survey's answer, once for each stage's response."""
        return await self._take(catalogue.ANSWER_SURVEY, inp)

    @answer_survey.validator
    def _validate_answer_survey(self, inp: AnswerSurveyInput) -> None:
        self._vet(catalogue.ANSWER_SURVEY, inp)
