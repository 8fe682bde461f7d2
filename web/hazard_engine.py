"""The web app's one way to read and change a hazard (R-HAZ-1..7): its recorded state, who
may record its steps, and sending a step's update to its `HazardWorkflow` (by reference).
The workflow's validator has the last word; its refusal comes back as `ActionRefused`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from models.enums import Rag
from models.hazard_state import (
    HazardState,
)
from rules import hazard_catalogue
from rules.hazard_catalogue import HazardActionEntry
from store import hazard_queries
from web.deps import Forbidden
from web.engine import QUERY_TIMEOUT, UPDATE_TIMEOUT, ActionRefused
from web.users import User
from web.vulnerability import sees_vulnerability
from workflows.hazard import HazardWorkflow
from workflows.hazard_updates import hazard_update_of

# Amber when the next step falls due within a day: every hazard clock is short, and an
# emergency's whole clock is 24 hours, so an untriaged report is amber from the start.
AMBER_WITHIN = timedelta(hours=24)


class HazardNotFound(Exception):
    """No hazard with this reference."""


def rag(now: datetime, due: datetime | None, breached: bool = False) -> Rag | None:
    """Red once a step's time has passed (or one was missed), amber within a day, else
    green; None when nothing is due."""
    if breached or (due is not None and now > due):
        return Rag.RED
    if due is None:
        return None
    return Rag.AMBER if due - now <= AMBER_WITHIN else Rag.GREEN


async def hazard_state(client: Client, reference: str, db: AsyncSession) -> HazardState:
    """The hazard as its workflow last recorded it (pages read the store), else, before
    its first record, as its workflow holds it now."""
    row = await hazard_queries.hazard(db, reference)
    if row is not None:
        return HazardState.model_validate(row.state)
    try:
        handle = client.get_workflow_handle(reference)
        return await handle.query(HazardWorkflow.details, rpc_timeout=QUERY_TIMEOUT)
    except RPCError as error:
        if error.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.INVALID_ARGUMENT):
            raise HazardNotFound(reference) from None
        raise
    except WorkflowQueryFailedError:
        raise HazardNotFound(reference) from None


async def refusal(db: AsyncSession, user: User, state: HazardState) -> str | None:
    handler_id, reviewer_id = await hazard_queries.complaint_owners(db, state.complaint_reference)
    return hazard_catalogue.refusal(
        user.roles, user.staff_id, handler_id=handler_id, reviewer_id=reviewer_id
    )


async def sees_hazard_vulnerability(db: AsyncSession, user: User, state: HazardState) -> bool:
    """R-VUL-1: the hazard's vulnerability is seen by those who see its complaint's: the
    complaints officers, managers and governance, and the handler, reviewer and Stage 1
    staff of its complaint (a hazard reported on its own has none)."""
    handler_id, reviewer_id = await hazard_queries.complaint_owners(db, state.complaint_reference)
    return sees_vulnerability(
        user.roles,
        user.staff_id,
        handler_id=handler_id,
        reviewer_id=reviewer_id,
        stage_1_staff=await hazard_queries.stage_1_staff(db, state.complaint_reference),
    )


async def shown_to(db: AsyncSession, user: User, state: HazardState) -> HazardState:
    """The hazard as this member of staff may read it: without the vulnerability unless
    they may see it (R-VUL-1)."""
    if state.report.vulnerability is None or await sees_hazard_vulnerability(db, user, state):
        return state
    report = state.report.model_copy(update={"vulnerability": None})
    return state.model_copy(update={"report": report})


async def vulnerable_rows(db: AsyncSession, user: User, rows: Any) -> set[str]:
    """The references of the queue's rows whose vulnerability this user may be shown."""
    owners = await hazard_queries.owners_of(db, [row.complaint_reference for row in rows])
    return {
        row.reference
        for row in rows
        if row.vulnerable
        and sees_vulnerability(
            user.roles,
            user.staff_id,
            handler_id=owners.get(row.complaint_reference or "", (None, None))[0],
            reviewer_id=owners.get(row.complaint_reference or "", (None, None))[1],
        )
    }


async def authorise(db: AsyncSession, user: User, state: HazardState) -> None:
    reason = await refusal(db, user, state)
    if reason is not None:
        raise Forbidden(reason)


async def perform(
    client: Client, reference: str, action: HazardActionEntry[Any], inp: BaseModel
) -> HazardState:
    """Send the step's update (`HazardWorkflow.<name>`) and wait for the workflow's answer."""
    handle = client.get_workflow_handle(reference)
    try:
        return await handle.execute_update(
            hazard_update_of(action), inp, rpc_timeout=UPDATE_TIMEOUT
        )
    except WorkflowUpdateFailedError as error:
        message = getattr(error.cause, "message", None) or str(error.cause or error)
        raise ActionRefused(message) from None
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise ActionRefused(
                f"{reference} is no longer running, so nothing more can be recorded on it."
            ) from None
        raise
