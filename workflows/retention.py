"""The retention job (R-DP-3), started every night by a Temporal Schedule.

`ensure_schedule` creates the schedule when the worker starts (the dev stack's and
compose's alike); it is idempotent, so every worker may try and the first one wins.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleCalendarSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleRange,
    ScheduleSpec,
)
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.retention import RetentionActivities
    from models.retention import EraseExpiredInput, RetentionResult, RetentionRun

SCHEDULE_ID = "redress-retention"
RUNS_AT = ScheduleCalendarSpec(hour=(ScheduleRange(2),), minute=(ScheduleRange(30),))


@workflow.defn
class RetentionWorkflow:
    """Erases the personal data of the complaints complete for longer than the retention
    period, as of the workflow's clock, and returns their references."""

    @workflow.run
    async def run(self, inp: RetentionRun) -> RetentionResult:
        return await workflow.execute_activity_method(
            RetentionActivities.erase_expired,
            EraseExpiredInput(now=workflow.now(), limit=inp.limit),
            start_to_close_timeout=timedelta(minutes=30),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5), maximum_attempts=10),
            summary="Erase personal data past its retention period",
        )


def schedule_id(task_queue: str) -> str:
    """One schedule per task queue (a deployment has one; tests use their own queues)."""
    return SCHEDULE_ID if task_queue == "complaints" else f"{SCHEDULE_ID}-{task_queue}"


async def ensure_schedule(client: Client, task_queue: str) -> bool:
    """Create the nightly retention schedule (02:30, London time) unless it exists;
    whether this call created it."""
    name = schedule_id(task_queue)
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            RetentionWorkflow.run, RetentionRun(), id=name, task_queue=task_queue
        ),
        spec=ScheduleSpec(calendars=[RUNS_AT], time_zone_name="Europe/London"),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )
    try:
        await client.create_schedule(name, schedule)
    except ScheduleAlreadyRunningError:
        return False
    return True
