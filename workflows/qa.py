"""The monthly quality sample (R-RPT-3), started on the first of each month by a Temporal
Schedule: a tenth of last month's closed complaints is drawn for its reviewers.

`ensure_qa_schedule` creates the schedule when the worker starts; it is idempotent, so
every worker may try and the first one wins.
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

from workflows.schedules import ensure_schedule, schedule_id

with workflow.unsafe.imports_passed_through():
    from activities.qa import QaActivities
    from models.qa import DrawQaSampleInput, QaSampleResult, QaSampleRun

SCHEDULE_ID = "redress-qa-sample"
# 06:00 London time on the first of the month: last month's closures are all recorded.
RUNS_AT = ScheduleCalendarSpec(
    day_of_month=(ScheduleRange(1),), hour=(ScheduleRange(6),), minute=(ScheduleRange(0),)
)


@workflow.defn
class QaSampleWorkflow:
    """Draws the month's quality sample (by default last month's, by the workflow's
    clock) and returns which complaints were drawn."""

    @workflow.run
    async def run(self, inp: QaSampleRun) -> QaSampleResult:
        return await workflow.execute_activity_method(
            QaActivities.draw_qa_sample,
            DrawQaSampleInput(month=inp.month, now=workflow.now()),
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5), maximum_attempts=10),
            summary="Draw the month's quality sample",
        )


def qa_schedule_id(task_queue: str) -> str:
    return schedule_id(SCHEDULE_ID, task_queue)


async def ensure_qa_schedule(client: Client, task_queue: str) -> bool:
    """Create the monthly quality sample's schedule unless it exists; whether this call
    created it."""
    spec = ScheduleSpec(calendars=[RUNS_AT], time_zone_name="Europe/London")
    return await ensure_schedule(
        client, SCHEDULE_ID, QaSampleWorkflow.run, QaSampleRun(), task_queue, spec
    )
