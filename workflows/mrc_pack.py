"""The quarterly pack for the Member Responsible for Complaints (R-GOV-4), started by a
Temporal Schedule on the 5th of January, April, July and October for the quarter just
ended.

`ensure_mrc_schedule` creates the schedule when the worker starts (the dev stack's and
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

from workflows.schedules import ensure_schedule, schedule_id

with workflow.unsafe.imports_passed_through():
    from activities.mrc_pack import MrcPackActivities
    from models.mrc_pack import MrcPackResult, MrcPackRun, SendMrcPackInput

SCHEDULE_ID = "redress-mrc-pack"
RUNS_AT = ScheduleCalendarSpec(
    month=tuple(ScheduleRange(m) for m in (1, 4, 7, 10)),
    day_of_month=(ScheduleRange(5),),
    hour=(ScheduleRange(7),),
    minute=(ScheduleRange(0),),
)


@workflow.defn
class MrcPackWorkflow:
    """Sends the pack for the last whole quarter before the workflow's clock to the Member
    Responsible for Complaints and governance, and returns to whom."""

    @workflow.run
    async def run(self, inp: MrcPackRun) -> MrcPackResult:
        return await workflow.execute_activity_method(
            MrcPackActivities.send_mrc_pack,
            SendMrcPackInput(now=workflow.now()),
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=timedelta(minutes=5), maximum_attempts=20),
            summary="Send the quarterly complaints pack",
        )


def mrc_schedule_id(task_queue: str) -> str:
    return schedule_id(SCHEDULE_ID, task_queue)


async def ensure_mrc_schedule(client: Client, task_queue: str) -> bool:
    """Create the quarterly schedule (London time) unless it exists; whether this call
    created it."""
    spec = ScheduleSpec(calendars=[RUNS_AT], time_zone_name="Europe/London")
    return await ensure_schedule(
        client, SCHEDULE_ID, MrcPackWorkflow.run, MrcPackRun(), task_queue, spec
    )
