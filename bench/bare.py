"""`BareWorkflow`: the do-nothing baseline the complaint workflow is measured against.

It is started and updated the way a complaint is (``start_workflow``, then
``execute_update``), but does no work: it waits for one update and returns. Whatever a
complaint costs beyond it is our own doing: rules, activities, the database.
"""

from __future__ import annotations

from temporalio import workflow


@workflow.defn(name="BareWorkflow")
class BareWorkflow:
    def __init__(self) -> None:
        self._updated = False

    @workflow.run
    async def run(self, name: str) -> str:
        await workflow.wait_condition(lambda: self._updated)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return name

    @workflow.update
    async def touch(self, note: str) -> str:
        """Accepts any note; the workflow then finishes."""
        self._updated = True
        return note
