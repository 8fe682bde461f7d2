"""The form for each handler action, and sending it to the complaint's workflow."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from models.complaint import ComplaintState
from models.messages import SubmitResponseInput
from rules import catalogue
from rules.handling.common import Refused
from store.undelivered import undelivered_letters
from web.actions import BY_UPDATE, ActionForm, Context
from web.deps import Db, StaffUser, TemporalClient, Today
from web.edge import shown
from web.engine import ActionRefused, authorise, complaint_state, perform, staff_by_role
from web.forms import FormErrors
from web.render import page
from web.response_form import (
    ACTION_ROWS,
    COMPENSATION_PARTS,
    DECISION_CHOICES,
    REMEDY_CHOICES,
    REMEDY_ROWS,
    issue_rows,
    preview_letter,
    with_confirmation,
)
from web.routes.complaint import LETTER_POLICY
from web.security import csrf_token
from web.users import Role, User

router = APIRouter(include_in_schema=False)


async def form_context(db: AsyncSession, state: ComplaintState, today: date, user: User) -> Context:
    return Context(
        state=state,
        today=today,
        by=user.staff_id,
        by_name=user.name,
        handlers=await staff_by_role(db, Role.HANDLER),
        reviewers=await staff_by_role(db, Role.REVIEWER),
        undelivered=await undelivered_letters(db, state.reference),
    )


def _defaults(action: ActionForm, context: Context) -> dict[str, Any]:
    values = {f.name: f.default(context) for f in action.fields if f.default is not None}
    if action.action is catalogue.SUBMIT_RESPONSE and context.state.current is not None:
        values["definition"] = context.state.current.definition or ""
    return values


def _render(
    request: Request,
    action: ActionForm,
    context: Context,
    user: User,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    refused: str | None = None,
    status: int = 200,
) -> Response:
    return page(
        request,
        action.template,
        {
            "user": user,
            "action": action,
            "state": context.state,
            "context": context,
            "values": values,
            "errors": errors or {},
            "refused": refused,
            "issues": issue_rows(context.state),
            "decision_choices": DECISION_CHOICES,
            "remedy_choices": REMEDY_CHOICES,
            "remedy_rows": range(1, REMEDY_ROWS + 1),
            "action_rows": range(1, ACTION_ROWS + 1),
            "compensation_parts": COMPENSATION_PARTS,
        },
        status,
    )


def _action(update: str) -> ActionForm:
    from web.engine import ComplaintNotFound

    found = BY_UPDATE.get(update)
    if found is None:
        raise ComplaintNotFound(f"action {update}")
    return found


@router.get("/complaints/{reference}/actions/{update}")
async def action_form(
    request: Request,
    reference: str,
    update: str,
    user: StaffUser,
    db: Db,
    client: TemporalClient,
    today: Today,
) -> Response:
    action = _action(update)
    state = await complaint_state(client, reference, db)
    authorise(user, update, state)
    context = await form_context(db, state, today, user)
    return _render(request, action, context, user, _defaults(action, context))


@router.post("/complaints/{reference}/actions/{update}")
async def take_action(
    request: Request,
    reference: str,
    update: str,
    user: StaffUser,
    db: Db,
    client: TemporalClient,
    today: Today,
) -> Response:
    action = _action(update)
    state = await complaint_state(client, reference, db)
    authorise(user, update, state)
    context = await form_context(db, state, today, user)
    form = await request.form()
    # Shown again as sent, less any character that cannot be kept (refused beside its field).
    values = {key: shown(value) for key, value in form.items() if isinstance(value, str)}
    try:
        inp = action.input_from(form, context)
    except FormErrors as error:
        return _render(request, action, context, user, values, errors=error.errors, status=422)
    if action.action is catalogue.SUBMIT_RESPONSE and form.get("change") == "yes":
        return _render(request, action, context, user, values)
    if action.action is catalogue.SUBMIT_RESPONSE and form.get("preview") == "yes":
        # R-PREV-1: the letter as it will go, with a form to send it; nothing is sent.
        assert isinstance(inp, SubmitResponseInput)
        try:
            html = preview_letter(state, inp, await request.app.state.clock())
        except Refused as refusal:
            return _render(request, action, context, user, values, refused=str(refusal), status=409)
        confirm = with_confirmation(html, values, str(request.url.path), csrf_token(request))
        return HTMLResponse(confirm, headers={"Content-Security-Policy": LETTER_POLICY})
    try:
        result = await perform(client, reference, action.action, inp)
    except ActionRefused as refusal:
        return _render(request, action, context, user, values, refused=str(refusal), status=409)
    request.session["flash"] = result.message
    return RedirectResponse(f"/complaints/{reference}", status_code=303)
