"""The satisfaction survey's short form (R-GOV-6, R-SAT-1), reached from the link in the
survey letter: no sign-in, the complaint's reference and its token (``delivery.survey``).

A wrong token counts against the status page's guessing limit (by the client's address and
by the reference), and every wrong or unknown link gets the same answer, so the form tells
nobody which references exist. The answer is the complaint's own ``answer_survey`` update,
sent as the resident online, as from the resident's view."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from delivery.survey import token_matches
from models.messages import AnswerSurveyInput
from rules import catalogue
from web.deps import AppSettings, TemporalClient
from web.engine import ActionRefused, ComplaintNotFound, perform
from web.forms import FormErrors, Reader
from web.limits import AttemptLimiter, too_many
from web.render import page
from web.routes.resident_actions import SURVEY, _survey

router = APIRouter(include_in_schema=False)
NOT_FOUND = "This survey link is not right. Check it against the letter we sent you."


async def _checked(
    request: Request, reference: str, token: str, secret_key: str
) -> tuple[int, str] | None:
    """None when the link is right; else the status and sentence to answer with."""
    limiter: AttemptLimiter = request.app.state.status_limiter
    client = request.client.host if request.client else "unknown"
    keys = (f"client:{client}", f"reference:{reference}")
    wait = await limiter.wait_minutes(*keys)
    if wait is not None:
        return 429, too_many(wait)
    if not token_matches(secret_key, reference, token):
        await limiter.failed(*keys)
        return 404, NOT_FOUND
    return None


def _form(request: Request, reference: str, token: str, status: int = 200, **more: Any) -> Response:
    context = {"reference": reference, "token": token, "choices": SURVEY, **more}
    return page(request, "survey.html", context, status)


@router.get("/survey/{reference}")
async def survey_form(request: Request, reference: str, settings: AppSettings) -> Response:
    token = request.query_params.get("token", "")
    refused = await _checked(request, reference, token, settings.secret_key)
    if refused:
        return page(request, "survey.html", {"problem": refused[1]}, refused[0])
    return _form(request, reference, token)


@router.post("/survey/{reference}")
async def survey_answer(
    request: Request, reference: str, settings: AppSettings, client: TemporalClient
) -> Response:
    form = await request.form()
    token = str(form.get("token") or "")
    refused = await _checked(request, reference, token, settings.secret_key)
    if refused:
        return page(request, "survey.html", {"problem": refused[1]}, refused[0])
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        inp = AnswerSurveyInput.model_validate(_survey(Reader(form)).model_dump())
    except FormErrors as error:
        return _form(request, reference, token, 422, errors=error.errors, values=values)
    try:
        await perform(client, reference, catalogue.ANSWER_SURVEY, inp)
    except ComplaintNotFound:
        return page(request, "survey.html", {"problem": NOT_FOUND}, 404)
    except ActionRefused as refusal:
        return _form(request, reference, token, 409, refused=str(refusal), values=values)
    return page(request, "survey.html", {"thanks": True, "reference": reference})
