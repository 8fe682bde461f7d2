"""Composition root of the worker process: settings, database, activities, workflows.

Run it with `python worker.py` (the dev stack does) or the `redress-worker` script. Beside
the worker runs the intake retrier (`intake.retrier.keep_starting`), which starts the
submissions kept while Temporal was down.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities import ComplaintActivities
from activities.delivery import DeliveryActivities
from activities.hazard import HazardActivities
from activities.mailbox import MailboxActivities
from activities.mrc_pack import MrcPackActivities
from activities.qa import QaActivities
from activities.retention import RetentionActivities
from activities.starting import WorkflowStarterActivities
from clients import connect_temporal
from intake.retrier import keep_starting
from settings import Settings, get_settings
from store.db import make_engine, make_sessionmaker
from workflows.complaint import ComplaintWorkflow
from workflows.hazard import HazardWorkflow
from workflows.mailbox import MailboxWorkflow, ensure_mailbox_schedule
from workflows.mrc_pack import MrcPackWorkflow, ensure_mrc_schedule
from workflows.qa import QaSampleWorkflow, ensure_qa_schedule
from workflows.retention import RetentionWorkflow, ensure_retention_schedule
from workflows.tracker import TrackerWorkflow

WORKFLOWS = [
    ComplaintWorkflow,
    TrackerWorkflow,
    HazardWorkflow,
    RetentionWorkflow,
    MailboxWorkflow,
    QaSampleWorkflow,
    MrcPackWorkflow,
]

# Our models and pure rules are deterministic; passing them through the sandbox means
# they are imported once per worker, not once per workflow run.
PASSTHROUGH = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "models",
    "rules",
    "workflows.inputs",
    "email_validator",
    "zoneinfo",
)


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH)
    )


def build_worker(
    client: Client,
    activities: ComplaintActivities,
    task_queue: str,
    delivery: DeliveryActivities | None = None,
    **overrides: Any,
) -> Worker:
    """The worker for complaints; ``delivery`` defaults to sending with the same settings
    and database as ``activities``. ``overrides`` replace Worker options (tests give other
    ``workflows`` or a ``workflow_runner``)."""
    starter = WorkflowStarterActivities(client, task_queue)
    delivery = delivery or DeliveryActivities(activities.sessionmaker, activities.settings)
    hazards = HazardActivities(activities.sessionmaker, activities.settings, client, task_queue)
    return Worker(
        client,
        task_queue=task_queue,
        activities=[
            activities.record_event,
            activities.record_effects,
            activities.flag_attention,
            activities.send_letter,
            activities.notify_staff,
            activities.calendar_snapshot,
            activities.allocate_reference,
            activities.undelivered_letters,
            delivery.deliver_letter,
            delivery.deliver_notice,
            starter.start_tracker,
            starter.start_linked_complaint,
            hazards.open_hazard,
            hazards.record_hazard,
            RetentionActivities(activities.sessionmaker, activities.settings).erase_expired,
            MailboxActivities(activities.sessionmaker, activities.settings, client).read_mailbox,
            QaActivities(activities.sessionmaker).draw_qa_sample,
            MrcPackActivities(activities.sessionmaker, activities.settings).send_mrc_pack,
        ],
        **{
            "workflows": WORKFLOWS,
            "workflow_runner": workflow_runner(),
            "max_concurrent_activities": 100,
            # Let deliveries in progress finish on shutdown, inside the dev stack's 10 s grace.
            "graceful_shutdown_timeout": timedelta(seconds=5),
            **overrides,
        },
    )


async def run(settings: Settings) -> None:
    if not settings.database_url:
        raise SystemExit("DATABASE_URL is not set: start the stack with `python3 dev.py up`.")
    engine = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)
    activities = ComplaintActivities(sessionmaker, settings)
    delivery = DeliveryActivities(sessionmaker, settings)
    client = await connect_temporal(settings)
    worker = build_worker(client, activities, settings.task_queue, delivery)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    retrier = asyncio.create_task(keep_starting(sessionmaker, client, settings.task_queue))
    try:
        async with worker:
            logging.info("worker polling task queue %s", settings.task_queue)
            if await ensure_retention_schedule(client, settings.task_queue):  # R-DP-3, nightly
                logging.info("retention schedule created")
            if await ensure_qa_schedule(client, settings.task_queue):  # R-RPT-3, monthly
                logging.info("quality sample schedule created")
            if await ensure_mrc_schedule(client, settings.task_queue):  # R-GOV-4, quarterly
                logging.info("MRC pack schedule created")
            if settings.imap_host and await ensure_mailbox_schedule(  # R-CHAN-2
                client, settings.task_queue, timedelta(seconds=settings.imap_every_seconds)
            ):
                logging.info("mailbox schedule created")
            await stop.wait()
    finally:
        retrier.cancel()
        await asyncio.gather(retrier, return_exceptions=True)
        delivery.close()
        await engine.dispose()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    asyncio.run(run(get_settings()))


if __name__ == "__main__":
    main()
