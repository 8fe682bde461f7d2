"""`HazardWorkflow`'s update for each hazard step (`rules.hazard_catalogue`), as the method
clients call it by, as `workflows.updates` is for a complaint: the client takes the
update's name and result type from the method, so neither is a string at the call."""

from typing import Any, TypeVar, cast

from pydantic import BaseModel
from temporalio.workflow import UpdateMethodMultiParam

from models.hazard_state import (
    HazardState,
)
from rules.hazard_catalogue import HazardActionEntry
from workflows.hazard import HazardWorkflow

M = TypeVar("M", bound=BaseModel)
HazardUpdate = UpdateMethodMultiParam[[Any, M], HazardState]


def hazard_update_of(action: HazardActionEntry[M]) -> HazardUpdate[M]:
    """`HazardWorkflow.<action.name>`, the workflow's handler of the step."""
    method: Any = getattr(HazardWorkflow, action.name)
    return cast(HazardUpdate[M], method)
