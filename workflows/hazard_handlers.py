"""A hazard reported with a complaint (R-HAZ-1, R-HAZ-7).

`report_hazard` is the catalogue's action: its validator runs the rule's check; its handler
opens the hazard's own workflow through the `open_hazard` activity (its reference, the
regime in force when we became aware, its own clock from then) and records the reference
on the complaint. `hazard_opened` tells the complaint of a hazard opened beside it
elsewhere, as the resident's complaint form does. Neither waits for the hazard nor changes
a complaint deadline.
"""

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.hazard import HazardActivities
    from models.hazard import HazardOpened, HazardReport, OpenHazardInput, ReportHazardInput
    from models.messages import ActionResult
    from rules import catalogue
    from rules.handling import hazards

from workflows.base import ComplaintBase
from workflows.options import ACTIVITY_RETRY, ACTIVITY_TIMEOUT


class HazardHandlers(ComplaintBase):
    @workflow.update
    async def report_hazard(self, inp: ReportHazardInput) -> ActionResult:
        """R-HAZ-1, R-HAZ-7: the hazard starts its own clock at once; the complaint keeps its
        reference and goes on as it was."""
        try:
            reference = await workflow.execute_activity_method(
                HazardActivities.open_hazard,
                self._opening(inp),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                summary=f"Open the hazard reported with {self.state.reference}",
            )
        except ActivityError as error:
            cause = error.cause
            if isinstance(cause, ApplicationError) and cause.non_retryable:
                raise ApplicationError(cause.message, type="Refused", non_retryable=True) from None
            raise
        opened = HazardOpened(
            reference=reference, hazard=inp.hazard, location=inp.location, by=inp.by
        )
        done = f"Hazard {reference} reported; its own clock has started"
        return await self._act(hazards.hazard_reported, opened, done)

    @report_hazard.validator
    def _validate_report_hazard(self, inp: ReportHazardInput) -> None:
        self._vet(catalogue.REPORT_HAZARD, inp)

    @workflow.signal
    def hazard_opened(self, inp: HazardOpened) -> None:
        """R-HAZ-7: a hazard opened beside this complaint, as from the complaint form."""
        self._pending += hazards.hazard_reported(self.state, inp, self._ctx())
        self._changed = True

    def _opening(self, inp: ReportHazardInput) -> OpenHazardInput:
        person = self.state.intake.complainant
        report = HazardReport(
            hazard=inp.hazard,
            description=inp.description,
            location=inp.location,
            aware_at=inp.aware_at,
            affected=inp.affected,
            vulnerability=inp.vulnerability,
            tenure=inp.tenure,
            address=person.address,
            postcode=person.postcode,
        )
        return OpenHazardInput(
            report=report,
            organisation=(
                self.state.organisation.id
                if self.state.organisation
                else self.state.intake.organisation
            ),
            tenant=hazards.hazard_tenant(self.state),
            profile=self.state.profile,
            logged_at=workflow.now(),
            complaint_reference=self.state.reference,
            officer_id=self.state.handler.id if self.state.handler else None,
            reported_by=inp.by,
        )
