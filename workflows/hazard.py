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
from datetime import timedelta
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.effects import RecordEffectsInput
    from models.hazard import StartHazard
    from models.hazard_state import HazardResult, HazardState
    from rules.calendar import WorkingCalendar
    from rules.hazards import steps
    from workflows.options import RECORD_RETRY_AFTER

from workflows.hazard_steps import HazardSteps


@workflow.defn(name="HazardWorkflow")
class HazardWorkflow(HazardSteps):
    """The hazard's run: its report recorded, then, until it is complete or closed, each
    deadline that falls due dealt with and a sleep until the next one or the next step.
    Its steps are in `workflows.hazard_steps`, its clocks in `workflows.hazard_clocks` and
    its records in `workflows.hazard_records`."""

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
