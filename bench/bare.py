"""`BareWorkflow`: the do-nothing baseline the complaint workflow is measured against.

It is started and updated the way a complaint is on its way to acknowledgement
(``start_workflow``, then the same three updates as assign, accept and acknowledge), but
does no work: it returns after the third. Whatever a complaint costs beyond it is our own
doing: rules, activities, the database.
"""

from __future__ import annotations

from temporalio import workflow


@workflow.defn(name="BareWorkflow")
class BareWorkflow:
    UPDATES = 3  # assign a handler, accept, acknowledge

    def __init__(self) -> None:
        self._updates = 0

    @workflow.run
    async def run(self, name: str) -> str:
        await workflow.wait_condition(lambda: self._updates >= self.UPDATES)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return name

    @workflow.update
    async def touch(self, note: str) -> str:
        """Accepts any note; after the third the workflow finishes."""
        self._updates += 1
        return note
