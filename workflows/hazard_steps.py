"""`HazardWorkflow`'s steps (R-HAZ-1..6): one update per entry of `rules.hazard_catalogue`,
whose validator runs the pure check of `rules.hazards.steps` (a refused step never reaches
history) and whose handler records the step under the workflow's lock."""

from __future__ import annotations

from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from letters.errors import LetterError
    from models.hazard import Finding, HazardKind, HazardStep
    from models.hazard_state import AccommodationRecord, HazardState, LateReasonRecord
    from models.hazard_steps import (
        AccommodationInput,
        FindingInput,
        FurtherWorksInput,
        LateReasonInput,
        MakeSafeInput,
        SafetyWorksInput,
        SummaryInput,
        TriageInput,
    )
    from rules.calendar import format_due, local_date
    from rules.hazards import clocks, steps
    from rules.hazards.letters import hazard_letter

from workflows.hazard_clocks import HazardClocks


def _refuse(problem: str | None) -> None:
    if problem:
        raise ApplicationError(problem, type="HazardRefused", non_retryable=True)


class HazardSteps(HazardClocks):
    """The updates people record a hazard's steps through."""

    @workflow.update
    async def triage(self, inp: TriageInput) -> HazardState:
        """R-HAZ-1..3: emergency (duty staff told at once), significant, or not in scope."""
        async with self._lock:
            now, s = workflow.now(), self.state
            s.kind, s.triaged_at, s.triaged_by = inp.kind, now, inp.by
            if inp.hazard:
                s.report = s.report.model_copy(update={"hazard": inp.hazard})
            self._meet(HazardStep.TRIAGE, now)
            if inp.kind == HazardKind.NOT_IN_SCOPE:
                s.out_of_scope_reason = inp.reason
                s.step = HazardStep.CLOSED
                self._event("hazard_triaged", f"Not in scope: {inp.reason}", inp.by)
            elif inp.kind == HazardKind.EMERGENCY:
                deadline = clocks.emergency_deadline(s.report.aware_at, self.regime)
                self._add_deadline(deadline)
                s.step = HazardStep.MAKE_SAFE
                self._event("hazard_triaged", f"Triaged as an emergency: {deadline.label}", inp.by)
                self._notify_duty(deadline)
            else:
                deadline = clocks.investigation_deadline(s.report.aware_at, self.regime, self.cal)
                self._add_deadline(deadline)
                s.step = HazardStep.INVESTIGATE
                self._event("hazard_triaged", f"Triaged as significant: {deadline.label}", inp.by)
            if s.step != HazardStep.CLOSED:
                s.next_update_on = self._next_update_on()
            await self._step_done()
            return s

    @triage.validator
    def _vet_triage(self, inp: TriageInput) -> None:
        _refuse(steps.check_triage(self.state, self.regime, inp))

    @workflow.update
    async def record_finding(self, inp: FindingInput) -> HazardState:
        """R-HAZ-3: the investigation's conclusion starts the summary and works clocks."""
        async with self._lock:
            s = self.state
            s.finding, s.found, s.risk = inp.finding, inp.what_was_found, inp.risk
            s.concluded_at = inp.concluded_at
            self._meet(HazardStep.INVESTIGATE, inp.concluded_at)
            works = inp.finding == Finding.SIGNIFICANT
            for deadline in clocks.after_conclusion(
                inp.concluded_at, self.regime, self.cal, works=works
            ):
                self._add_deadline(deadline)
            if inp.finding == Finding.EMERGENCY and s.kind == HazardKind.SIGNIFICANT:
                # Found to be an emergency: 24 hours from the conclusion to make it safe.
                s.kind = HazardKind.EMERGENCY
                deadline = clocks.emergency_deadline(inp.concluded_at, self.regime)
                self._add_deadline(deadline)
                self._notify_duty(deadline)
            self._event(
                "hazard_investigated",
                f"Investigation concluded {clocks.format_instant(inp.concluded_at)}: "
                f"{inp.finding.value.replace('_', ' ')}",
                inp.by,
            )
            self._advance()
            await self._step_done()
            return s

    @record_finding.validator
    def _vet_finding(self, inp: FindingInput) -> None:
        _refuse(steps.check_finding(self.state, inp, workflow.now()))

    @workflow.update
    async def make_safe(self, inp: MakeSafeInput) -> HazardState:
        """R-HAZ-2: an emergency investigated and made safe."""
        async with self._lock:
            self.state.made_safe_at = inp.done_at
            self._meet(HazardStep.MAKE_SAFE, inp.done_at)
            when = clocks.format_instant(inp.done_at)
            self._event("hazard_made_safe", f"Made safe {when}: {inp.what_was_done}", inp.by)
            self._advance()
            await self._step_done()
            return self.state

    @make_safe.validator
    def _vet_make_safe(self, inp: MakeSafeInput) -> None:
        _refuse(steps.check_make_safe(self.state, inp, workflow.now()))

    @workflow.update
    async def send_summary(self, inp: SummaryInput) -> HazardState:
        """R-HAZ-4: the written summary, a letter with its mandatory parts."""
        async with self._lock:
            self.state.summary_sent_at = workflow.now()
            self._meet(HazardStep.SUMMARY, workflow.now())
            self._letter(
                "hazard_summary",
                "Send the written summary of the investigation",
                **self._summary_parts(inp),
            )
            self._advance()
            await self._step_done()
            return self.state

    @send_summary.validator
    def _vet_summary(self, inp: SummaryInput) -> None:
        _refuse(steps.check_summary(self.state, inp))
        try:
            self._summary_fields(inp)
        except LetterError as error:
            _refuse(str(error))

    def _summary_parts(self, inp: SummaryInput) -> dict[str, Any]:
        return {
            "what_was_found": inp.what_was_found,
            "hazard_and_risk": inp.hazard_and_risk,
            "works": [w.model_dump(mode="json") for w in inp.works],
            "no_works_reason": inp.no_works_reason,
            "how_to_contact": inp.contact,
        }

    def _summary_fields(self, inp: SummaryInput) -> dict[str, Any]:
        """R-HAZ-4: the summary read back for every recipient, or ``LetterError``."""
        return hazard_letter(
            "hazard_summary",
            reference=self.state.reference,
            organisation=self.inp.organisation,
            recipients=self.inp.tenant.recipients,
            on=local_date(workflow.now()),
            **self._summary_parts(inp),
        )

    @workflow.update
    async def safety_works_done(self, inp: SafetyWorksInput) -> HazardState:
        """R-HAZ-5: safety works within 5 working days of the conclusion."""
        async with self._lock:
            self.state.safety_works_at = inp.done_at
            self._meet(HazardStep.SAFETY_WORKS, inp.done_at)
            when = clocks.format_instant(inp.done_at)
            self._event("hazard_safety_works", f"Safety works {when}: {inp.what_was_done}", inp.by)
            self._advance()
            await self._step_done()
            return self.state

    @safety_works_done.validator
    def _vet_safety_works(self, inp: SafetyWorksInput) -> None:
        _refuse(steps.check_safety_works(self.state, inp, workflow.now()))

    @workflow.update
    async def further_works(self, inp: FurtherWorksInput) -> HazardState:
        """R-HAZ-5: begun within 5 WD; or, not reasonably practicable, recorded so with the
        reason (the 5 WD clock gives way to the 12-week one) and then physically started
        within 12 weeks; or complete. Done after a step's due time, it is late."""
        async with self._lock:
            s, when = self.state, clocks.format_instant(inp.on)
            if inp.stage == "not_practicable" or (
                inp.stage == "started" and s.further_works_later_at is None
            ):
                self._works_later(inp)
            if inp.stage in ("begun", "started"):
                s.further_works_begun_at = s.further_works_begun_at or inp.on
                if inp.stage == "started":
                    s.further_works_started_at = inp.on
                self._meet(HazardStep.FURTHER_WORKS, inp.on)
                self._event("hazard_further_works", f"Further works {inp.stage} {when}", inp.by)
            elif inp.stage == "complete":
                s.completed_at = inp.on
                self._meet(HazardStep.FURTHER_WORKS, inp.on)
                self._event("hazard_works_complete", f"Works complete {when}", inp.by)
            self._advance()
            await self._step_done()
            return s

    @further_works.validator
    def _vet_further_works(self, inp: FurtherWorksInput) -> None:
        _refuse(steps.check_further_works(self.state, inp, workflow.now()))

    @workflow.update
    async def offer_accommodation(self, inp: AccommodationInput) -> HazardState:
        """R-HAZ-6: alternative accommodation offered when the home cannot be made safe."""
        async with self._lock:
            record = AccommodationRecord(**inp.model_dump(), recorded_at=workflow.now())
            self.state.accommodation.append(record)
            answer = {True: "accepted", False: "declined", None: "not yet answered"}
            self._event(
                "hazard_accommodation",
                f"Alternative accommodation offered: {inp.where} ({answer[inp.accepted]})",
                inp.by,
            )
            await self._step_done()
            return self.state

    @offer_accommodation.validator
    def _vet_accommodation(self, inp: AccommodationInput) -> None:
        _refuse(steps.check_accommodation(self.state, inp, workflow.now()))

    @workflow.update
    async def record_late_reason(self, inp: LateReasonInput) -> HazardState:
        """R-HAZ-6: why a step could not happen on time, with its date and evidence."""
        async with self._lock:
            record = LateReasonRecord(**inp.model_dump(), recorded_at=workflow.now())
            self.state.late_reasons.append(record)
            self._event(
                "hazard_late_reason",
                f"{inp.step.value.replace('_', ' ').capitalize()} late "
                f"({inp.reason.value.replace('_', ' ')}, {format_due(inp.occurred_on)}): "
                f"{inp.detail}; evidence: {inp.evidence}",
                inp.by,
            )
            await self._step_done()
            return self.state

    @record_late_reason.validator
    def _vet_late_reason(self, inp: LateReasonInput) -> None:
        if inp.occurred_on > local_date(workflow.now()):
            _refuse("The date of the reason cannot be in the future.")
