"""Handler actions of section 3: intake, early resolution, acceptance, acknowledgement.

Each update's validator runs the rule's check, so a refused action is rejected
before it reaches history; the handler then applies the rule and its effects."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.messages import (
        AcceptInput,
        AcknowledgeInput,
        ActionResult,
        AssignHandlerInput,
        DeclineInput,
        RecordConsentInput,
        RecordRestrictionInput,
        ReopenInput,
        RequestClarificationInput,
        ResolveEarlyInput,
    )
    from rules.handling import acknowledgement, intake

from workflows.base import ComplaintBase


class IntakeHandlers(ComplaintBase):
    @workflow.update
    async def assign_handler(self, inp: AssignHandlerInput) -> ActionResult:
        """Assign (or reassign) the Stage 1 handler."""
        return await self._act(intake.assign_handler, inp, "Handler assigned")

    @assign_handler.validator
    def _validate_assign_handler(self, inp: AssignHandlerInput) -> None:
        self._check(intake.check_assign_handler, inp)

    @workflow.update
    async def accept(self, inp: AcceptInput) -> ActionResult:
        """R-ACC-1: accept at Stage 1 unless a listed exclusion applies."""
        return await self._act(intake.accept, inp, "Complaint accepted at Stage 1")

    @accept.validator
    def _validate_accept(self, inp: AcceptInput) -> None:
        self._check(intake.check_accept, inp)

    @workflow.update
    async def decline(self, inp: DeclineInput) -> ActionResult:
        """R-ACC-1/R-ACC-2: decline for a listed exclusion, with a letter."""
        return await self._act(
            intake.decline, inp, "Complaint declined; the resident has been told why"
        )

    @decline.validator
    def _validate_decline(self, inp: DeclineInput) -> None:
        self._check(intake.check_decline, inp)

    @workflow.update
    async def resolve_early(self, inp: ResolveEarlyInput) -> ActionResult:
        """R-INT-2: resolved at first contact with the resident's agreement."""
        return await self._act(intake.resolve_early, inp, "Recorded as resolved at first contact")

    @resolve_early.validator
    def _validate_resolve_early(self, inp: ResolveEarlyInput) -> None:
        self._check(intake.check_resolve_early, inp)

    @workflow.update
    async def reopen(self, inp: ReopenInput) -> ActionResult:
        """R-INT-2: becomes a Stage 1 complaint at once."""
        return await self._act(intake.reopen, inp, "Now a Stage 1 complaint")

    @reopen.validator
    def _validate_reopen(self, inp: ReopenInput) -> None:
        self._check(intake.check_reopen, inp)

    @workflow.update
    async def request_clarification(self, inp: RequestClarificationInput) -> ActionResult:
        """R-ACK-2: ask the resident to clarify."""
        return await self._act(
            acknowledgement.request_clarification, inp, "Clarification requested"
        )

    @request_clarification.validator
    def _validate_request_clarification(self, inp: RequestClarificationInput) -> None:
        self._check(acknowledgement.check_request_clarification, inp)

    @workflow.update
    async def acknowledge(self, inp: AcknowledgeInput) -> ActionResult:
        """R-ACK-1: acknowledge with the agreed definition; the response clock starts."""
        return await self._act(acknowledgement.acknowledge, inp, "Stage 1 acknowledged")

    @acknowledge.validator
    def _validate_acknowledge(self, inp: AcknowledgeInput) -> None:
        self._check(acknowledgement.check_acknowledge, inp)

    @workflow.update
    async def record_consent(self, inp: RecordConsentInput) -> ActionResult:
        """R-WHO-2: record the resident's consent for a representative."""
        return await self._act(acknowledgement.record_consent, inp, "Consent recorded")

    @record_consent.validator
    def _validate_record_consent(self, inp: RecordConsentInput) -> None:
        self._check(acknowledgement.check_record_consent, inp)

    @workflow.update
    async def record_restriction(self, inp: RecordRestrictionInput) -> ActionResult:
        """R-COM-2: a contact restriction with its reason and review date; handling goes on."""
        return await self._act(acknowledgement.record_restriction, inp, "Restriction recorded")

    @record_restriction.validator
    def _validate_record_restriction(self, inp: RecordRestrictionInput) -> None:
        self._check(acknowledgement.check_record_restriction, inp)
