"""The retention job (R-DP-3), started every night by a Temporal Schedule.

`ensure_retention_schedule` creates the schedule when the worker starts (the dev stack's and
compose's alike); it is idempotent, so every worker may try and the first one wins.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.client import (
    Client,
    ScheduleCalendarSpec,
    ScheduleRange,
    ScheduleSpec,
)
from temporalio.common import RetryPolicy

from workflows.schedules import ensure_schedule

with workflow.unsafe.imports_passed_through():
    from activities.retention import RetentionActivities
    from models.retention import EraseExpiredInput, RetentionResult, RetentionRun

SCHEDULE_ID = "redress-retention"
RUNS_AT = ScheduleCalendarSpec(hour=(ScheduleRange(2),), minute=(ScheduleRange(30),))


@workflow.defn
class RetentionWorkflow:
    """Erases the personal data of the complaints, then the hazards, complete for longer than
    the retention period, as of the workflow's clock, and returns their references."""

    @workflow.run
    async def run(self, inp: RetentionRun) -> RetentionResult:
        return await workflow.execute_activity_method(
            RetentionActivities.erase_expired,
            EraseExpiredInput(now=workflow.now(), limit=inp.limit),
            start_to_close_timeout=timedelta(minutes=30),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5), maximum_attempts=10),
            summary="Erase personal data past its retention period",
        )


async def ensure_retention_schedule(client: Client, task_queue: str) -> bool:
    """Create the nightly retention schedule (02:30, London time) unless it exists;
    whether this call created it."""
    spec = ScheduleSpec(calendars=[RUNS_AT], time_zone_name="Europe/London")
    return await ensure_schedule(
        client, SCHEDULE_ID, RetentionWorkflow.run, RetentionRun(), task_queue, spec
    )
