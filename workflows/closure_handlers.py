"""Handler actions of section 14 that end or put right a complaint: withdrawal (R-WDR-1),
duplicate linking (R-DUP-1), corrections (R-EDIT-1), and a comment treated as a complaint
(R-DEF-1).

Each update is one entry of the catalogue (`rules.catalogue`). Linking a duplicate also
tells the original complaint's workflow (the `duplicate_joined` signal) before the rule is
applied, so a reference with no workflow behind it is refused and nothing changes. A
correction of contact details that sends letters again first reads them from the record
(the `undelivered_letters` activity), so only a letter that could not be delivered goes."""

from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import FailureError

with workflow.unsafe.imports_passed_through():
    from activities.complaint import ComplaintActivities
    from models.closure import DuplicateJoined, UndeliveredLettersInput
    from models.enums import Kind
    from models.messages import (
        ActionResult,
        CorrectContactInput,
        CorrectServiceInput,
        LinkDuplicateInput,
        ReopenWithdrawnInput,
        TreatAsComplaintInput,
        WithdrawInput,
    )
    from rules import catalogue
    from rules.handling import comments, corrections, duplicates, resend
    from rules.handling.common import Refused

from workflows.base import ComplaintBase, refusal
from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT

# New comments stay open to be treated as a complaint (R-DEF-1); those logged before
# completed the day they came, and replay so.
COMMENTS_STAY_OPEN = "comments-stay-open-as-complaints"
# A withdrawn complaint is held through the whole of its reopen-by day (R-WDR-1), not to
# the midnight that starts it; withdrawals recorded before ended then, and replay so.
HELD_THROUGH_REOPEN_DAY = "withdrawal-held-through-reopen-by-day"


class ClosureHandlers(ComplaintBase):
    def _keep_comment_open(self) -> None:
        """Called once as the complaint is logged (R-DEF-1)."""
        if self.state.intake.kind == Kind.COMMENT and workflow.patched(COMMENTS_STAY_OPEN):
            comments.keep_comment_open(self.state)

    @workflow.update
    async def withdraw(self, inp: WithdrawInput) -> ActionResult:
        """R-WDR-1: the resident withdraws; deadlines stop and a letter confirms it. The
        workflow waits until the end of the reopen-by day the letter gives, so the complaint
        can still be reopened on that day."""
        result = await self._take(catalogue.WITHDRAW, inp)
        withdrawal = self.state.withdrawal
        if withdrawal is not None and workflow.patched(HELD_THROUGH_REOPEN_DAY):
            self.state.retain_until = withdrawal.reopen_by + timedelta(days=1)
        return result

    @withdraw.validator
    def _validate_withdraw(self, inp: WithdrawInput) -> None:
        self._vet(catalogue.WITHDRAW, inp)

    @workflow.update
    async def reopen_withdrawn(self, inp: ReopenWithdrawnInput) -> ActionResult:
        """R-WDR-1: taken up again before its reopen-by date, where it was, its deadlines
        counted from today, and a letter says what comes next."""
        return await self._take(catalogue.REOPEN_WITHDRAWN, inp)

    @reopen_withdrawn.validator
    def _validate_reopen_withdrawn(self, inp: ReopenWithdrawnInput) -> None:
        self._vet(catalogue.REOPEN_WITHDRAWN, inp)

    @workflow.update
    async def link_duplicate(self, inp: LinkDuplicateInput) -> ActionResult:
        """R-DUP-1: a second contact joins the open complaint it is about, not declined."""
        async with self._lock:
            try:
                duplicates.check_link_duplicate(self.state, inp, self._ctx())
            except Refused as error:
                raise refusal(error) from None
            original = inp.original.strip().upper()
            handle = workflow.get_external_workflow_handle(original)
            try:
                await handle.signal(
                    ClosureHandlers.duplicate_joined,
                    DuplicateJoined(reference=self.state.reference, by=inp.by),
                )
            except FailureError:
                raise refusal(
                    Refused(f"There is no open complaint {original} to link this one to.")
                ) from None
            # Checked above, under the same lock, so the rule cannot refuse now.
            await self._run_effects(duplicates.link_duplicate(self.state, inp, self._ctx()))
            self._changed = True
            return self._result(catalogue.LINK_DUPLICATE.done)

    @link_duplicate.validator
    def _validate_link_duplicate(self, inp: LinkDuplicateInput) -> None:
        self._vet(catalogue.LINK_DUPLICATE, inp)

    @workflow.signal
    def duplicate_joined(self, inp: DuplicateJoined) -> None:
        """R-DUP-1, on the original: a second contact was linked to this complaint."""
        self._pending += duplicates.duplicate_joined(self.state, inp.reference, inp.by)
        self._changed = True

    @workflow.update
    async def correct_contact(self, inp: CorrectContactInput) -> ActionResult:
        """R-EDIT-1: contact details put right, with the old values and the reason; the
        letters named in `resend` are read back from the record and, if they could not be
        delivered, sent again to the corrected details (else refused, nothing changed)."""
        if not inp.resend:  # as before resending existed: no activity, and replays so
            return await self._take(catalogue.CORRECT_CONTACT, inp)
        async with self._lock:
            try:
                corrections.check_correct_contact(self.state, inp, self._ctx())
            except Refused as error:
                raise refusal(error) from None
            found = await workflow.execute_activity_method(
                ComplaintActivities.undelivered_letters,
                UndeliveredLettersInput(reference=self.state.reference, seqs=inp.resend),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                summary="Read the letters to send again",
            )
            try:
                effects = resend.correct_and_resend(self.state, inp, self._ctx(), found.letters)
            except Refused as error:
                raise refusal(error) from None
            await self._run_effects(effects)
            self._changed = True
            return self._result(catalogue.CORRECT_CONTACT.done)

    @correct_contact.validator
    def _validate_correct_contact(self, inp: CorrectContactInput) -> None:
        self._vet(catalogue.CORRECT_CONTACT, inp)

    @workflow.update
    async def correct_service(self, inp: CorrectServiceInput) -> ActionResult:
        """R-EDIT-1: service area or organisation put right; the search attributes follow."""
        return await self._take(catalogue.CORRECT_SERVICE, inp)

    @correct_service.validator
    def _validate_correct_service(self, inp: CorrectServiceInput) -> None:
        self._vet(catalogue.CORRECT_SERVICE, inp)

    @workflow.update
    async def treat_as_complaint(self, inp: TreatAsComplaintInput) -> ActionResult:
        """R-DEF-1: the comment becomes a linked complaint with its own reference."""
        return await self._take(catalogue.TREAT_AS_COMPLAINT, inp)

    @treat_as_complaint.validator
    def _validate_treat_as_complaint(self, inp: TreatAsComplaintInput) -> None:
        self._vet(catalogue.TREAT_AS_COMPLAINT, inp)
