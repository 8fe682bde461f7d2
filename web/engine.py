"""The web app's one way to change a complaint: check the user may, then send the workflow
update. The workflow's validator has the last word; its refusal comes back as
`ActionRefused` with the sentence the handler reads."""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.service import RetryConfig, RPCError, RPCStatusCode

from clients import connect_temporal
from models.complaint import ComplaintState
from models.messages import ActionResult
from models.parties import StaffMember
from rules import catalogue
from rules.catalogue import ActionEntry
from settings import Settings
from store import queries
from web.deps import Forbidden
from web.permissions import Facts, refusal
from web.users import Role, User, users_with_role
from workflows.updates import update_of

M = TypeVar("M", bound=BaseModel)

# How long a page waits for Temporal. When the server is down, a call is retried for at
# most a second and then a page says so (well within 2 s, issue 8); a query (a complaint's
# page) is given 1.5 s; an update waits for the workflow to decide, so it is given longer.
RETRIES = RetryConfig(
    initial_interval_millis=100, max_interval_millis=400, max_elapsed_time_millis=1_000
)
CONNECT_TIMEOUT = timedelta(seconds=1.5)
QUERY_TIMEOUT = timedelta(seconds=1.5)
UPDATE_TIMEOUT = timedelta(seconds=15)


async def connect(settings: Settings) -> Client:
    """The web app's Temporal client: lazy, so the app starts (and says so on each page)
    while Temporal is down, and quick to give up, so a page never hangs on it. Always with
    the pydantic data converter and the payload codec, as every process."""
    return await connect_temporal(
        settings,
        retry_config=RETRIES,
        connect_timeout=CONNECT_TIMEOUT,
        lazy=True,
    )


class ComplaintNotFound(Exception):
    """No workflow with this reference."""


class ActionRefused(Exception):
    """The workflow's validator refused the action; nothing changed."""


async def complaint_state(
    client: Client, reference: str, db: AsyncSession | None = None
) -> ComplaintState:
    """The whole complaint: as its workflow last recorded it in PostgreSQL (pages read the
    store, STYLE 17: no worker round trip or replay per view, and pages work while Temporal
    or the worker is down), else, for a complaint with no recorded state yet, as its
    workflow holds it now."""
    if db is not None:
        recorded = await queries.recorded_state(db, reference)
        if recorded is not None:
            return ComplaintState.model_validate(recorded)
    try:
        handle = client.get_workflow_handle(reference)
        return await handle.query(
            "complaint", result_type=ComplaintState, rpc_timeout=QUERY_TIMEOUT
        )
    except RPCError as error:
        if error.status in (RPCStatusCode.NOT_FOUND, RPCStatusCode.INVALID_ARGUMENT):
            raise ComplaintNotFound(reference) from None
        raise
    except WorkflowQueryFailedError:
        raise ComplaintNotFound(reference) from None


def facts(state: ComplaintState) -> Facts:
    return Facts(
        stage=state.stage,
        handler_id=state.handler.id if state.handler else None,
        reviewer_id=state.reviewer.id if state.reviewer else None,
        stage_1_staff=tuple(state.stage_1_staff),
    )


def may(user: User, update: str, state: ComplaintState) -> bool:
    return refusal(user.roles, user.staff_id, update, facts(state)) is None


def authorise(user: User, update: str, state: ComplaintState) -> None:
    reason = refusal(user.roles, user.staff_id, update, facts(state))
    if reason is not None:
        raise Forbidden(reason)


async def perform(
    client: Client, reference: str, action: ActionEntry[M] | str, inp: M
) -> ActionResult:
    """Send the action's update (by reference: `ComplaintWorkflow.<name>`) and wait for the
    workflow's answer."""
    entry = catalogue.BY_NAME[action] if isinstance(action, str) else action
    handle = client.get_workflow_handle(reference)
    try:
        return await handle.execute_update(update_of(entry), inp, rpc_timeout=UPDATE_TIMEOUT)
    except WorkflowUpdateFailedError as error:
        message = getattr(error.cause, "message", None) or str(error.cause or error)
        raise ActionRefused(message) from None
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise ActionRefused(
                f"{reference} is no longer running, so nothing more can be recorded on it."
            ) from None
        raise


async def staff_by_role(db: AsyncSession, role: Role) -> dict[str, StaffMember]:
    """Active users with `role`, by staff id, as complaints know them."""
    return {user.staff_id: user.as_staff() for user in await users_with_role(db, role)}
