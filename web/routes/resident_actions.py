"""What the resident does from their own view (R-RES-1): agree or refuse a later response
date (R-S1-4), ask for a Stage 2 review (R-ESC-1) and answer the satisfaction survey
(R-SAT-1); `_act` also sends more information (`web.routes.resident_information`).

Each is a workflow update through its catalogue entry, so the workflow's validator
decides as it does for staff; the actor is `ONLINE`, so the complaint's owner is told. A
form that cannot be read, or an action the workflow refuses, comes back on the view
beside its form; an action taken comes back to the view with a message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from models.messages import AnswerSurveyInput, RecordAgreementInput, RequestEscalationInput
from models.text import DESCRIPTION, SUMMARY
from rules import catalogue
from rules.catalogue import ActionEntry
from rules.handling.self_service import ONLINE
from web.deps import Db, TemporalClient
from web.engine import ActionRefused, perform
from web.forms import FormErrors, Reader
from web.routes.resident_sign_in import HOME, _reference, _SignIn
from web.routes.resident_view import AGREE, SURVEY, _view

router = APIRouter(include_in_schema=False)


async def _act(
    request: Request,
    db: Any,
    client: Any,
    action: ActionEntry[Any],
    build: Any,
    form_id: str,
    done: str,
    accepted: Callable[[], Awaitable[None]] | None = None,
) -> Response:
    """Read the form (`build` raises FormErrors or ValidationError), send the update, and
    come back to the view: refused beside the form, or done with a message. `accepted`
    runs only once the workflow has taken the action, so a refusal changes nothing."""
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    form = await request.form()
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        inp: BaseModel = build(Reader(form))
    except FormErrors as error:
        return await _view(
            request, db, client, reference, 422, errors=error.errors, values=values, form_id=form_id
        )
    except ValidationError as error:
        first = error.errors()[0]
        errors = {str(first["loc"][0]) if first["loc"] else "": first["msg"]}
        return await _view(
            request, db, client, reference, 422, errors=errors, values=values, form_id=form_id
        )
    try:
        await perform(client, reference, action, inp)
    except ActionRefused as refusal:
        return await _view(
            request,
            db,
            client,
            reference,
            409,
            refused=str(refusal),
            values=values,
            form_id=form_id,
        )
    if accepted is not None:
        await accepted()
    request.session["flash"] = done
    return RedirectResponse(HOME, status_code=303)


def _agreement(r: Reader) -> BaseModel:
    answer = r.choice("agreed", AGREE, "whether you agree to the later date")
    note = r.text("note", "anything you want to tell us", limit=SUMMARY)
    r.done()
    return RecordAgreementInput(by=ONLINE, agreed=answer == "yes", note=note)


@router.post(f"{HOME}/agreement")
async def agreement(request: Request, db: Db, client: TemporalClient) -> Response:
    """R-S1-4: the resident agrees or refuses the later response date we proposed."""
    return await _act(
        request,
        db,
        client,
        catalogue.RECORD_AGREEMENT,
        _agreement,
        "agreement-form",
        "We have your answer about the later date.",
    )


def _escalation(r: Reader) -> BaseModel:
    reasons = r.text("reasons", "why you are unhappy with our response", True, DESCRIPTION)
    r.done()
    return RequestEscalationInput(by=ONLINE, reasons=reasons)


@router.post(f"{HOME}/escalate")
async def escalate(request: Request, db: Db, client: TemporalClient) -> Response:
    """R-ESC-1: the resident asks for a Stage 2 review."""
    return await _act(
        request,
        db,
        client,
        catalogue.REQUEST_ESCALATION,
        _escalation,
        "escalate-form",
        "We have your request for a Stage 2 review.",
    )


def _survey(r: Reader) -> BaseModel:
    answer = r.choice("satisfaction", SURVEY, "how satisfied you are")
    comments = r.text("comments", "anything else", limit=SUMMARY)
    r.done()
    return AnswerSurveyInput(by=ONLINE, satisfaction=int(answer or 0), comments=comments)


@router.post(f"{HOME}/survey")
async def survey(request: Request, db: Db, client: TemporalClient) -> Response:
    """R-SAT-1: the satisfaction survey's answer."""
    return await _act(
        request,
        db,
        client,
        catalogue.ANSWER_SURVEY,
        _survey,
        "survey-form",
        "Thank you for answering the survey.",
    )
