"""The workflow's update for each catalogue action, as the method clients call it by.

`handle.execute_update(update_of(catalogue.EXTEND), inp)` is
`handle.execute_update(ComplaintWorkflow.extend, inp)`: the client takes the update's name
and its result type from the method, so neither is a string at the call. Every catalogue
action has its method (`tests/unit/test_catalogue.py` proves it).
"""

from typing import Any, TypeVar, cast

from pydantic import BaseModel
from temporalio.workflow import UpdateMethodMultiParam

from models.messages import ActionResult
from rules.catalogue import ActionEntry
from workflows.complaint import ComplaintWorkflow

M = TypeVar("M", bound=BaseModel)
Update = UpdateMethodMultiParam[[Any, M], ActionResult]


def update_of(action: ActionEntry[M]) -> Update[M]:
    """`ComplaintWorkflow.<action.name>`, the workflow's handler of the action."""
    method: Any = getattr(ComplaintWorkflow, action.name)
    return cast(Update[M], method)
