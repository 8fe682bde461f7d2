"""Handler actions of section 14: notes and contacts (R-NOTE-1), and vulnerability with the
reasonable adjustments agreed (R-VUL-1).

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects. Neither changes a deadline: a note only joins
the record, and a vulnerability's review date is a reminder the workflow keeps."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import ActionResult, RecordContactInput, RecordVulnerabilityInput
    from rules import catalogue

from workflows.base import ComplaintBase


class CaseworkHandlers(ComplaintBase):
    @workflow.update
    async def record_contact(self, inp: RecordContactInput) -> ActionResult:
        """R-NOTE-1: a case note or contact joins the timeline and the record, for good."""
        return await self._take(catalogue.RECORD_CONTACT, inp)

    @record_contact.validator
    def _validate_record_contact(self, inp: RecordContactInput) -> None:
        self._vet(catalogue.RECORD_CONTACT, inp)

    @workflow.update
    async def record_vulnerability(self, inp: RecordVulnerabilityInput) -> ActionResult:
        """R-VUL-1: the resident's circumstances and adjustments, reviewed on their date."""
        return await self._take(catalogue.RECORD_VULNERABILITY, inp)

    @record_vulnerability.validator
    def _validate_record_vulnerability(self, inp: RecordVulnerabilityInput) -> None:
        self._vet(catalogue.RECORD_VULNERABILITY, inp)
