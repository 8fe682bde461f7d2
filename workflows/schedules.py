"""The Temporal Schedules the worker keeps: the nightly retention run, the monthly quality
sample, the quarterly pack to the Member Responsible for Complaints and the mailbox reader.

Each is created when a worker starts. Creating is idempotent (an existing schedule is left
as it is), so every worker may try and the first one wins. A run still going when the next
falls due is left to finish (SKIP).
"""

from __future__ import annotations

from typing import Any

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)

PRODUCTION_QUEUE = "complaints"


def schedule_id(base: str, task_queue: str) -> str:
    """One schedule per task queue (a deployment has one; tests use their own queues)."""
    return base if task_queue == PRODUCTION_QUEUE else f"{base}-{task_queue}"


async def ensure_schedule(
    client: Client, base: str, run: Any, arg: Any, task_queue: str, spec: ScheduleSpec
) -> bool:
    """Create the schedule starting `run(arg)` on `spec` unless it exists; whether this
    call created it."""
    name = schedule_id(base, task_queue)
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(run, arg, id=name, task_queue=task_queue),
        spec=spec,
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )
    try:
        await client.create_schedule(name, schedule)
    except ScheduleAlreadyRunningError:
        return False
    return True
