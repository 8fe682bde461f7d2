"""The mailbox reader's run (R-CHAN-2), started by a Temporal Schedule every minute.

`ensure_mailbox_schedule` creates the schedule when the worker starts and the mailbox is
configured; like the retention schedule it is idempotent, so every worker may try."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.client import (
    Client,
    ScheduleIntervalSpec,
    ScheduleSpec,
)
from temporalio.common import RetryPolicy

from workflows.schedules import ensure_schedule

with workflow.unsafe.imports_passed_through():
    from activities.mailbox import MailboxActivities
    from models.mail import MailboxRead, ReadMailboxInput

SCHEDULE_ID = "redress-mailbox"


@workflow.defn
class MailboxWorkflow:
    """Reads the complaints mailbox once: new messages kept, replies threaded."""

    @workflow.run
    async def run(self, inp: ReadMailboxInput) -> MailboxRead:
        return await workflow.execute_activity_method(
            MailboxActivities.read_mailbox,
            inp,
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RetryPolicy(maximum_interval=timedelta(seconds=30), maximum_attempts=3),
            summary="Read the complaints mailbox",
        )


async def ensure_mailbox_schedule(client: Client, task_queue: str, every: timedelta) -> bool:
    """Create the mailbox schedule unless it exists; whether this call created it."""
    spec = ScheduleSpec(intervals=[ScheduleIntervalSpec(every=every)])
    return await ensure_schedule(
        client, SCHEDULE_ID, MailboxWorkflow.run, ReadMailboxInput(), task_queue, spec
    )
