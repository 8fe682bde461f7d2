"""Activities that start other workflows: a tracker for each remedy, action or order, and
a linked complaint split off another (R-REM-3, R-S1-5).

They are started as independent workflows, not children, so a complaint can continue as
new (bounding its history) while its trackers run on; each tracker signals the complaint
by its reference. Starting is idempotent: the workflow id is fixed, and a second start of
the same id (a retried activity) is treated as done.
"""

from __future__ import annotations

from temporalio import activity
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError

from workflows import search_attributes as sa
from workflows.inputs import StartComplaint, TrackerInput
from workflows.summaries import complaint_details, linked_summary, tracker_summary


class WorkflowStarterActivities:
    def __init__(self, client: Client, task_queue: str) -> None:
        self._client = client
        self._task_queue = task_queue

    @activity.defn(name="start_tracker")
    async def start_tracker(self, inp: TrackerInput) -> str:
        item = inp.item
        try:
            await self._client.start_workflow(
                "TrackerWorkflow",
                inp,
                id=item.workflow_id,
                task_queue=self._task_queue,
                static_summary=tracker_summary(inp.reference, item),
                search_attributes=TypedSearchAttributes(
                    [SearchAttributePair(sa.REFERENCE, inp.reference)]
                ),
            )
        except WorkflowAlreadyStartedError:
            activity.logger.info("tracker %s already started", item.workflow_id)
        return item.workflow_id

    @activity.defn(name="start_linked_complaint")
    async def start_linked_complaint(self, start: StartComplaint) -> str:
        intake = start.intake
        try:
            await self._client.start_workflow(
                "ComplaintWorkflow",
                start,
                id=intake.reference,
                task_queue=self._task_queue,
                static_summary=linked_summary(intake),
                static_details=complaint_details(intake),
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(sa.REFERENCE, intake.reference),
                        SearchAttributePair(sa.ORGANISATION, intake.organisation),
                        SearchAttributePair(sa.SERVICE_AREA, intake.service_area.value),
                    ]
                ),
            )
        except WorkflowAlreadyStartedError:
            activity.logger.info("complaint %s already started", intake.reference)
        return intake.reference
