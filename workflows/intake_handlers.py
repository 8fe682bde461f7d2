"""Handler actions of section 3: intake, early resolution, acceptance, acknowledgement.

Each update is one entry of the catalogue (`rules.catalogue`): its validator runs the
rule's check, so a refused action is rejected before it reaches history; the handler then
applies the rule and carries out its effects. The methods stay real methods so clients
call them by reference (`handle.execute_update(ComplaintWorkflow.assign_handler, ...)`) and
their names, the update names, never change."""

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
    from rules import catalogue

from workflows.base import ComplaintBase


class IntakeHandlers(ComplaintBase):
    @workflow.update
    async def assign_handler(self, inp: AssignHandlerInput) -> ActionResult:
        """Assign (or reassign) the Stage 1 handler."""
        return await self._take(catalogue.ASSIGN_HANDLER, inp)

    @assign_handler.validator
    def _validate_assign_handler(self, inp: AssignHandlerInput) -> None:
        self._vet(catalogue.ASSIGN_HANDLER, inp)

    @workflow.update
    async def accept(self, inp: AcceptInput) -> ActionResult:
        """R-ACC-1: accept at Stage 1 unless a listed exclusion applies."""
        return await self._take(catalogue.ACCEPT, inp)

    @accept.validator
    def _validate_accept(self, inp: AcceptInput) -> None:
        self._vet(catalogue.ACCEPT, inp)

    @workflow.update
    async def decline(self, inp: DeclineInput) -> ActionResult:
        """R-ACC-1/R-ACC-2: decline for a listed exclusion, with a letter."""
        return await self._take(catalogue.DECLINE, inp)

    @decline.validator
    def _validate_decline(self, inp: DeclineInput) -> None:
        self._vet(catalogue.DECLINE, inp)

    @workflow.update
    async def resolve_early(self, inp: ResolveEarlyInput) -> ActionResult:
        """R-INT-2: resolved at first contact with the resident's agreement."""
        return await self._take(catalogue.RESOLVE_EARLY, inp)

    @resolve_early.validator
    def _validate_resolve_early(self, inp: ResolveEarlyInput) -> None:
        self._vet(catalogue.RESOLVE_EARLY, inp)

    @workflow.update
    async def reopen(self, inp: ReopenInput) -> ActionResult:
        """R-INT-2: becomes a Stage 1 complaint at once."""
        return await self._take(catalogue.REOPEN, inp)

    @reopen.validator
    def _validate_reopen(self, inp: ReopenInput) -> None:
        self._vet(catalogue.REOPEN, inp)

    @workflow.update
    async def request_clarification(self, inp: RequestClarificationInput) -> ActionResult:
        """R-ACK-2: ask the resident to clarify."""
        return await self._take(catalogue.REQUEST_CLARIFICATION, inp)

    @request_clarification.validator
    def _validate_request_clarification(self, inp: RequestClarificationInput) -> None:
        self._vet(catalogue.REQUEST_CLARIFICATION, inp)

    @workflow.update
    async def acknowledge(self, inp: AcknowledgeInput) -> ActionResult:
        """R-ACK-1: acknowledge with the agreed definition; the response clock starts."""
        return await self._take(catalogue.ACKNOWLEDGE, inp)

    @acknowledge.validator
    def _validate_acknowledge(self, inp: AcknowledgeInput) -> None:
        self._vet(catalogue.ACKNOWLEDGE, inp)

    @workflow.update
    async def record_consent(self, inp: RecordConsentInput) -> ActionResult:
        """R-WHO-2: record the resident's consent for a representative."""
        return await self._take(catalogue.RECORD_CONSENT, inp)

    @record_consent.validator
    def _validate_record_consent(self, inp: RecordConsentInput) -> None:
        self._vet(catalogue.RECORD_CONSENT, inp)

    @workflow.update
    async def record_restriction(self, inp: RecordRestrictionInput) -> ActionResult:
        """R-COM-2: a contact restriction with its reason and review date; handling goes on."""
        return await self._take(catalogue.RECORD_RESTRICTION, inp)

    @record_restriction.validator
    def _validate_record_restriction(self, inp: RecordRestrictionInput) -> None:
        self._vet(catalogue.RECORD_RESTRICTION, inp)
