"""`HazardWorkflow`: one hazard under Awaab's Law, from the report to the works complete
(R-HAZ-1..7), with its own reference (``HAZ-2026-000012``) and record.

It runs beside the complaint it came from and never waits for it or pauses it (R-HAZ-7).
People act through updates whose validators run the pure checks of `rules.hazards.steps`,
so a refused step never reaches history. Between steps it sleeps until the next deadline,
reminder or update to the tenant. A report not yet triaged is treated as a potential
emergency: it must be triaged within the 24 hours of an emergency.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.delivery import DeliveryActivities
    from activities.hazard import HazardActivities
    from letters.errors import LetterError
    from models.effects import (
        DeliverInput,
        Event,
        NotifyInput,
        RecordEffectsInput,
        RecordEventInput,
        SendLetterInput,
    )
    from models.hazard import (
        AccommodationInput,
        AccommodationRecord,
        Finding,
        FindingInput,
        FurtherWorksInput,
        HazardDeadline,
        HazardKind,
        HazardResult,
        HazardState,
        HazardStep,
        LateReasonInput,
        LateReasonRecord,
        MakeSafeInput,
        RecordHazardInput,
        SafetyWorksInput,
        StartHazard,
        SummaryInput,
        TriageInput,
    )
    from rules import deadlines
    from rules.calendar import (
        WorkingCalendar,
        format_due,
        local_date,
        next_office_hours,
        office_hours_on,
    )
    from rules.hazards import clocks, steps
    from rules.hazards.letters import hazard_letter
    from rules.hazards.read_model import hazard_summary
    from rules.record import epoch, fold_digest, merged, record_digest, records_of
    from workflows import search_attributes as sa
    from workflows.options import (
        DELIVERY_HEARTBEAT,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
        RECORD_RETRY,
        RECORD_RETRY_AFTER,
        RECORD_TIMEOUT,
    )


# Patches (workflow.patched): what histories recorded before them replay without.
LATE_IS_MISSED = "hazard-step-done-late-is-missed"


def _refuse(problem: str | None) -> None:
    if problem:
        raise ApplicationError(problem, type="HazardRefused", non_retryable=True)


@workflow.defn(name="HazardWorkflow")
class HazardWorkflow:
    @workflow.init
    def __init__(self, inp: StartHazard) -> None:
        self.inp = inp
        self.regime = inp.regime
        self.cal = WorkingCalendar(inp.calendar)
        self.state = HazardState(
            reference=inp.reference,
            organisation=inp.organisation,
            complaint_reference=inp.complaint_reference,
            report=inp.report,
            regime_name=inp.regime.name,
            regime_from=inp.regime.in_force_from,
            logged_at=inp.logged_at,
        )
        self.changed = False
        self._lock = asyncio.Lock()
        self._batch = RecordEffectsInput(reference=inp.reference)
        self._labels: list[str] = []
        self._deliveries: list[Any] = []

    @workflow.run
    async def run(self, inp: StartHazard) -> HazardResult:
        async with self._lock:
            self._reported()
            await self._commit()
        while self.state.step in steps.OPEN_STEPS:
            async with self._lock:
                await self._due_now()
                await self._commit()
            at, summary = self._next_wake()
            if self.state.unrecorded:
                at = min(at, workflow.now() + RECORD_RETRY_AFTER)
                summary = "Write the kept records"
            self.changed = False
            try:
                await workflow.wait_condition(
                    lambda: self.changed,
                    timeout=max(at - workflow.now(), timedelta(seconds=1)),
                    timeout_summary=summary[:200],
                )
            except TimeoutError:
                pass
        await workflow.wait_condition(workflow.all_handlers_finished)
        async with self._lock:
            while self.state.unrecorded:
                await workflow.sleep(RECORD_RETRY_AFTER, summary="Write the kept records")
                await self._commit()
        if self._deliveries:
            await asyncio.gather(*self._deliveries, return_exceptions=True)
        s = self.state
        return HazardResult(reference=s.reference, kind=s.kind, step=s.step, breached=s.breached)

    @workflow.query
    def details(self) -> HazardState:
        """The hazard's whole state (pages read the snapshot in the ``hazards`` table)."""
        return self.state

    # -- the steps: validators refuse with a sentence; handlers record ------------------

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

    # -- clocks -----------------------------------------------------------------------

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

    def _open(self) -> list[HazardDeadline]:
        return sorted(
            (
                d
                for d in self.state.deadlines
                if d.met_at is None and not d.breached and d.gave_way_at is None
            ),
            key=lambda d: d.due,
        )

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

    # -- records ----------------------------------------------------------------------

    async def _step_done(self) -> None:
        if self.state.step not in steps.OPEN_STEPS:
            self.state.next_update_on = None
        await self._commit()
        self.changed = True

    def _next_seq(self) -> int:
        self.state.event_seq += 1
        return self.state.event_seq

    def _event(self, kind: str, summary: str, actor: str = "system") -> None:
        event = Event(kind=kind, summary=summary[:1000], actor=actor)
        self._batch.events.append(
            RecordEventInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                event=event,
            )
        )
        self._labels.append(summary)

    def _notify(self, staff_id: str | None, subject: str, body: str, **kw: Any) -> None:
        self._batch.notices.append(
            NotifyInput(
                reference=self.state.reference,
                seq=self._next_seq(),
                occurred_at=workflow.now(),
                staff_id=staff_id,
                subject=subject[:200],
                body=body,
                **kw,
            )
        )
        self._labels.append(f"Notify: {subject}")

    def _notify_duty(self, deadline: HazardDeadline) -> None:
        """R-HAZ-2: staff on duty are told at once, at any hour."""
        s = self.state
        self._notify(
            self.inp.duty_contact,
            f"Emergency hazard {s.reference}: {deadline.label}",
            f"An emergency hazard ({s.report.hazard.replace('_', ' ')}) in {s.report.location}"
            f" was reported; {deadline.label}. Who is affected: {s.report.affected}."
            + (f" Vulnerability: {s.report.vulnerability}." if s.report.vulnerability else ""),
        )

    def _letter(self, letter: str, summary: str, **parts: Any) -> None:
        tenant = self.inp.tenant
        fields = hazard_letter(
            letter,
            reference=self.state.reference,
            organisation=self.inp.organisation,
            recipients=tenant.recipients,
            on=local_date(workflow.now()),
            **parts,
        )
        seq = self._next_seq()
        self._batch.letters.append(
            SendLetterInput(
                reference=self.state.reference,
                seq=seq,
                occurred_at=workflow.now(),
                letter=letter,
                organisation=self.inp.organisation,
                recipients=tenant.recipients,
                channel=tenant.channel,
                large_print=tenant.large_print,
                fields=fields,
            )
        )
        self._event("letter_sent", f"Letter: {summary}")

    async def _commit(self) -> None:
        """This step's records, the hazard's row and its state, in one local activity;
        then each letter and notice is delivered by its own activity, not waited for."""
        s = self.state
        records, labels = self._batch, self._labels
        self._batch, self._labels = RecordEffectsInput(reference=s.reference), []
        pending = list(s.unrecorded)
        if labels:
            for record in records_of(records):
                record.digest = record_digest(record)
                s.record_digest = fold_digest(s.record_digest, record.digest)
            records.last_seq = s.event_seq
            pending.append(records)
        self._publish()
        if not pending:
            return
        write = merged(pending)
        write.epoch = epoch(0, workflow.info().get_current_history_length())
        try:
            await workflow.execute_local_activity_method(
                HazardActivities.record_hazard,
                self._record_input(write),
                start_to_close_timeout=RECORD_TIMEOUT,
                retry_policy=RECORD_RETRY,
                summary=("; ".join(labels) or "Write the kept records")[:200],
            )
        except FailureError as error:
            workflow.logger.error("hazard %s: records kept, not written: %s", s.reference, error)
            s.unrecorded = pending
            s.attention = f"The hazard's record is behind: {error}"[:1000]
            return
        s.unrecorded, s.attention = [], s.letter_problem
        for done in pending:
            for letter in done.letters:
                how = "by post" if letter.channel == "post" else "by email"
                label = f"Send the {letter.letter.replace('_', ' ')} letter {how}"
                self._start(DeliveryActivities.deliver_letter, letter.seq, label)
            for notice in done.notices:
                self._start(
                    DeliveryActivities.deliver_notice, notice.seq, f"Email: {notice.subject}"
                )

    def _record_input(self, write: RecordEffectsInput) -> RecordHazardInput:
        state = self.state.model_dump(mode="json", exclude={"unrecorded"})
        summary = hazard_summary(self.state, self.regime)
        return RecordHazardInput(records=write, summary=summary, state=state)

    def _start(self, activity: Any, seq: int, summary: str) -> None:
        self._deliveries.append(
            workflow.start_activity_method(
                activity,
                DeliverInput(reference=self.state.reference, seq=seq),
                start_to_close_timeout=DELIVERY_TIMEOUT,
                heartbeat_timeout=DELIVERY_HEARTBEAT,
                retry_policy=DELIVERY_RETRY,
                summary=summary[:200],
            )
        )

    def _publish(self) -> None:
        """Search attributes and current details for Temporal Web, in words."""
        s = self.state
        nxt = self._open()
        workflow.upsert_search_attributes(
            [
                sa.HAZARD_KIND.value_set(s.kind.value if s.kind else "untriaged"),
                sa.HAZARD_STEP.value_set(s.step.value),
                sa.BREACHED.value_set(s.breached),
                sa.HAZARD_DUE.value_set(nxt[0].due) if nxt else sa.HAZARD_DUE.value_unset(),
            ]
        )
        lines = [
            f"**{s.report.hazard.replace('_', ' ').capitalize()}** in {s.report.location}: "
            f"{(s.kind.value if s.kind else 'not yet triaged').replace('_', ' ')}, "
            f"next step {s.step.value.replace('_', ' ')}"
        ]
        if nxt:
            lines.append(f"Next: {nxt[0].label}")
        if s.complaint_reference:
            lines.append(f"Complaint: {s.complaint_reference}")
        if s.breached:
            lines.append("A statutory hazard deadline has been missed.")
        if s.attention:
            lines.append(f"**Needs attention**: {s.attention}")
        workflow.set_current_details("\n\n".join(lines))
