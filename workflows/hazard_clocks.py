"""`HazardWorkflow`'s clocks (R-HAZ-1..6): the deadlines a step adds, meets or lets give
way, the step the hazard waits for next, when it wakes, and what it does then: a missed step
breached and the manager told, an update written to the tenant."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from letters.errors import LetterError
    from models.hazard import Finding, HazardKind, HazardStep
    from models.hazard_state import HazardDeadline
    from models.hazard_steps import FurtherWorksInput
    from rules import deadlines
    from rules.calendar import format_due, local_date, next_office_hours, office_hours_on
    from rules.hazards import clocks

from workflows.hazard_records import HazardRecords

# Patches (workflow.patched): what histories recorded before them replay without.
LATE_IS_MISSED = "hazard-step-done-late-is-missed"


class HazardClocks(HazardRecords):
    """The hazard's deadlines and what happens when they fall due."""

    def _reported(self) -> None:
        s = self.state
        deadline = clocks.emergency_deadline(s.report.aware_at, self.regime)
        self._add_deadline(
            HazardDeadline(
                step=HazardStep.TRIAGE,
                label=deadline.label.replace(
                    "Emergency: make safe", "Triage (a potential emergency)"
                ),
                due=deadline.due,
            )
        )
        where = f" ({s.complaint_reference})" if s.complaint_reference else ""
        self._event(
            "hazard_reported",
            f"Hazard reported{where}: {s.report.hazard.replace('_', ' ')} in "
            f"{s.report.location}; aware {clocks.format_instant(s.report.aware_at)}",
            self.inp.reported_by,
        )

    def _add_deadline(self, deadline: HazardDeadline) -> None:
        self.state.deadlines.append(deadline)

    def _meet(self, step: HazardStep, at: datetime) -> None:
        """The step's deadlines done at `at`; done after the due time, a deadline is late:
        breached, as if its timer had fired, so the manager is told and the reason is
        recorded (R-HAZ-6)."""
        s = self.state
        for d in s.deadlines:
            if d.step != step or d.met_at is not None or d.gave_way_at is not None:
                continue
            d.met_at = at
            if at > d.due and not d.breached and workflow.patched(LATE_IS_MISSED):
                d.breached = s.breached = True
                self._event(
                    "hazard_step_missed", f"Done late: {d.label} (done {clocks.format_instant(at)})"
                )

    def _works_later(self, inp: FurtherWorksInput) -> None:
        """R-HAZ-5: the further works cannot begin within 5 WD: the 5 WD clock, if still
        running, gives way to the 12-week one (a 5 WD clock already missed stays missed)."""
        s = self.state
        assert s.concluded_at is not None
        fallback = clocks.fallback_deadline(s.concluded_at, self.regime)
        for d in s.deadlines:
            if d.step == HazardStep.FURTHER_WORKS and d.met_at is None and not d.breached:
                d.gave_way_at = workflow.now()
        if not any(d.label == fallback.label for d in s.deadlines):
            self._add_deadline(fallback)
        s.further_works_later_at = inp.on
        s.further_works_why_later = inp.why_not_sooner
        self._event(
            "hazard_further_works_later",
            f"Further works cannot begin within 5 working days ({inp.why_not_sooner}): "
            f"{fallback.label}",
            inp.by,
        )

    def _advance(self) -> None:
        """The step the hazard now waits for."""
        s = self.state
        if s.completed_at is not None:
            s.step = HazardStep.COMPLETE
        elif s.kind == HazardKind.EMERGENCY and s.made_safe_at is None:
            s.step = HazardStep.MAKE_SAFE
        elif s.concluded_at is None:
            s.step = HazardStep.INVESTIGATE
        elif s.summary_sent_at is None:
            s.step = HazardStep.SUMMARY
        elif s.finding == Finding.NO_HAZARD:
            s.step = HazardStep.CLOSED
        elif s.finding == Finding.SIGNIFICANT and s.safety_works_at is None:
            s.step = HazardStep.SAFETY_WORKS
        elif s.finding == Finding.SIGNIFICANT and s.further_works_begun_at is None:
            s.step = HazardStep.FURTHER_WORKS
        elif s.finding != Finding.SIGNIFICANT:
            s.step = HazardStep.COMPLETE
        else:
            s.step = HazardStep.WORKS

    def _next_update_on(self):
        return deadlines.next_action_update_due(
            local_date(workflow.now()), self.inp.profile, self.cal
        )

    def _next_wake(self) -> tuple[datetime, str]:
        hour = self.inp.profile.office_hour
        wakes: list[tuple[datetime, str]] = [
            (workflow.now() + timedelta(days=3650), "The hazard's record is kept")
        ]
        for d in self._open():
            wakes.append((d.due, d.label))
        for d in self.state.deadlines:
            if d.breached and not d.manager_told:
                wakes.append((self._notice_at(d), f"Tell the manager: {d.label} was missed"))
        if self.state.next_update_on is not None:
            at = office_hours_on(self.state.next_update_on, hour)
            wakes.append((at, f"Update the tenant by {format_due(self.state.next_update_on)}"))
        return min(wakes)

    def _notice_at(self, d: HazardDeadline) -> datetime:
        """An emergency at once, at any hour (R-HAZ-2); other steps in office hours."""
        if d.step in (HazardStep.MAKE_SAFE, HazardStep.TRIAGE):
            return d.due
        return next_office_hours(d.due, self.cal, self.inp.profile.office_hour)

    async def _due_now(self) -> None:
        now, s = workflow.now(), self.state
        for d in self._open():
            if now >= d.due:
                d.breached = s.breached = True
                self._event("hazard_step_missed", f"Missed: {d.label}")
        for d in s.deadlines:
            if d.breached and not d.manager_told and now >= self._notice_at(d):
                d.manager_told = True
                done = (
                    f"it was done late, {clocks.format_instant(d.met_at)}"
                    if d.met_at is not None
                    else "and it has not happened"
                )
                self._notify(
                    self.inp.manager_id,
                    f"Hazard step missed: {d.label} ({s.reference})",
                    f"{d.label}, {done}. Record the reason, with its date and "
                    "evidence, and offer alternative accommodation if the home is not safe.",
                    to_manager_of=self.inp.manager_id is None,
                )
        if s.next_update_on is not None and now >= office_hours_on(
            s.next_update_on, self.inp.profile.office_hour
        ):
            self._update_tenant()

    def _update_tenant(self) -> None:
        """R-HAZ-5: the tenant kept updated. A letter that cannot be written (`LetterError`)
        does not stop the hazard: it is recorded, shown as needing attention and the manager
        is told; the next update is tried on its day."""
        s = self.state
        nxt = self._open()
        try:
            self._letter(
                "hazard_update",
                "Update the tenant on the hazard",
                hazard=f"{s.report.hazard.replace('_', ' ')} in {s.report.location}",
                progress=s.step.value.replace("_", " ").capitalize() + " is our next step.",
                next_step=nxt[0].label if nxt else "We are completing the works.",
            )
        except LetterError as error:
            s.letter_problem = f"The update to the tenant could not be written: {error}"[:1000]
            s.attention = s.letter_problem
            self._event("hazard_update_not_sent", s.letter_problem)
            self._notify(
                self.inp.manager_id,
                f"Hazard update not sent ({s.reference})",
                f"{s.letter_problem} Put it right and write to the tenant another way; the "
                "hazard's clocks run on.",
                to_manager_of=self.inp.manager_id is None,
            )
        else:
            s.letter_problem = None
            s.updates_sent += 1
        s.next_update_on = self._next_update_on()
