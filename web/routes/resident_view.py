"""The resident's own view of their complaint (R-RES-1), with no account.

The resident opens it from the status page (reference with postcode or email) or with a
link we email to the address on the complaint (single use, within an hour: see
`web.resident_links`); asking for a link is limited against guessing as the status page
is, and says the same whether or not the details matched. The view then shows where the
complaint stands and its letters (HTML and PDF), and lets the resident agree or refuse a
later response date (R-S1-4), ask for Stage 2 (R-ESC-1), send more information and
documents, and answer the satisfaction survey (R-SAT-1). Each is a workflow update through
its catalogue entry, so the workflow's validator decides as it does for staff; the actor
is `ONLINE`, so the complaint's owner is told.

Nothing about staff or other residents is shown: the view reads the status row, the
complaint's own letters (as the resident received them) and what its state says may be
done now, never the timeline or names of staff.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from email.utils import make_msgid
from typing import Any

import aiosmtplib
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from delivery.documents import attach_document, document_store
from delivery.mail import Mailer, build_message
from letters.errors import LetterError
from letters.models import build_letter
from letters.render import render_html, render_pdf
from models.complaint import ComplaintState
from models.messages import (
    AnswerSurveyInput,
    RecordAgreementInput,
    RequestEscalationInput,
    SendInformationInput,
)
from models.text import DESCRIPTION, SUMMARY, WORD
from rules import catalogue
from rules.calendar import local_date
from rules.catalogue import ActionEntry
from rules.handling.common import response_key
from rules.handling.self_service import ONLINE, SATISFACTION
from settings import Settings
from store import queries
from web import resident_links as links
from web.deps import AppSettings, Db, Sessions, TemporalClient
from web.edge import problem as text_refused
from web.engine import ActionRefused, ComplaintNotFound, complaint_state, perform
from web.forms import FormErrors, Reader
from web.limits import AttemptLimiter, too_many
from web.render import page
from web.routes.complaint import LETTER_POLICY, _safe_name
from web.routes.resident_status import _matches

router = APIRouter(include_in_schema=False)

HOME = "/your-complaint"
SENT = (
    "If the reference and email address match a complaint, we have sent a link to that "
    f"address. It works once, within {links.LINK_MINUTES} minutes."
)
LINK_FAILED = (
    "That link has already been used, has expired or is not one of ours. Ask for a new link."
)
# What a resident may send with their information (R-RES-1): photos, PDFs, documents.
ACCEPTED = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
ACCEPTED_WORDS = "a photo (JPG, PNG, GIF or HEIC), a PDF, a Word or OpenDocument file or text"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
AGREE = [("yes", "Yes, I agree to the later date"), ("no", "No, I do not agree")]
SURVEY = [(str(n), SATISFACTION[n].capitalize()) for n in sorted(SATISFACTION, reverse=True)]


async def _now(request: Request) -> datetime:
    now: datetime = await request.app.state.clock()
    return now


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limiter(request: Request) -> AttemptLimiter:
    limiter: AttemptLimiter = request.app.state.status_limiter
    return limiter


# -- asking for a link, and using it -----------------------------------------------------------


@router.get(f"{HOME}/sign-in")
async def link_form(request: Request) -> Response:
    return page(request, "resident/ask_link.html")


@router.post(f"{HOME}/sign-in")
async def send_link(
    request: Request, db: Db, sessions: Sessions, settings: AppSettings
) -> Response:
    """Email a sign-in link to the address on the complaint, if the details match; the page
    says the same either way, and look-ups that found nothing count against the limit."""
    r = Reader(await request.form())
    reference = r.text("reference", "your reference", required=True, limit=WORD).upper()
    email = r.text("email", "the email address you gave us", required=True, limit=WORD)
    values = {"reference": reference, "email": email}
    if r.errors:
        return page(request, "resident/ask_link.html", {"values": values, "errors": r.errors}, 422)
    keys = (f"client:{_client(request)}", f"reference:{reference}")
    wait = await _limiter(request).wait_minutes(*keys)
    if wait is not None:
        errors = {"reference": too_many(wait)}
        return page(request, "resident/ask_link.html", {"values": values, "errors": errors}, 429)
    row = await queries.status_for_resident(db, reference)
    if row is None or "@" not in email or not _matches(row, email):
        await _limiter(request).failed(*keys)
        return page(request, "resident/link_sent.html", {"message": SENT})
    token = await links.new_link(sessions, row.reference, row.email, await _now(request))
    try:
        await _mail_link(request, settings, row.reference, row.email, token)
    except (aiosmtplib.SMTPException, OSError):
        return page(request, "resident/link_sent.html", {"unsent": True}, 503)
    return page(request, "resident/link_sent.html", {"message": SENT})


async def _mail_link(
    request: Request, settings: Settings, reference: str, to: str, token: str
) -> None:
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    url = f"{base}{HOME}/link/{token}"
    text = (
        f"You asked for a link to see your complaint {reference} and reply to it.\n\n"
        f"{url}\n\nThe link works once, within {links.LINK_MINUTES} minutes. If you did not "
        "ask for it, you need do nothing: no one can use it without this email.\n"
    )
    mailer = Mailer(settings)
    message = build_message(
        sender=mailer.sender,
        to=to,
        subject=f"Your complaint {reference}: your sign-in link",
        msgid=make_msgid(domain=mailer.sender.rpartition("@")[2] or "localhost"),
        text=text,
        reference=reference,
    )
    await mailer.send(message)


@router.get(HOME + "/link/{token}")
async def link_landing(request: Request, token: str) -> Response:
    """A button, not a sign-in: mail scanners that open links must not use up the link."""
    return page(request, "resident/use_link.html", {"token": token})


@router.post(HOME + "/link/{token}")
async def use_link(request: Request, token: str, sessions: Sessions) -> Response:
    keys = (f"client:{_client(request)}",)
    wait = await _limiter(request).wait_minutes(*keys)
    if wait is not None:
        return page(
            request, "resident/ask_link.html", {"errors": {"reference": too_many(wait)}}, 429
        )
    now = await _now(request)
    reference = await links.use_link(sessions, token[:200], now)
    if reference is None:
        await _limiter(request).failed(*keys)
        return page(request, "resident/ask_link.html", {"errors": {"reference": LINK_FAILED}}, 404)
    links.start(request.session, reference, now)
    return RedirectResponse(HOME, status_code=303)


@router.post(f"{HOME}/sign-out")
async def sign_out(request: Request) -> Response:
    links.end(request.session)
    request.session.pop("resident_reference", None)
    request.session["flash"] = "You have signed out of your complaint."
    return RedirectResponse("/status", status_code=303)


# -- the view ----------------------------------------------------------------------------------


class _SignIn(Exception):
    """No live resident session: back to asking for a link."""


async def _reference(request: Request) -> str:
    found = links.current(request.session, await _now(request))
    if found is None:
        raise _SignIn()
    return found.reference


def _offers(state: ComplaintState) -> dict[str, Any]:
    """What the resident may do now, as the complaint's state says (the workflow decides)."""
    record = state.stages.get(state.stage)
    deadline = state.deadlines.get(response_key(state.stage))
    proposed = record.agreement_requested if record else None
    answered = bool(
        record and (record.agreement_refused or (deadline and deadline.agreed_to == proposed))
    )
    return {
        "proposed": proposed
        if catalogue.RECORD_AGREEMENT.offered(state) and not answered
        else None,
        "escalate": catalogue.REQUEST_ESCALATION.offered(state),
        "inform": catalogue.SEND_INFORMATION.offered(state),
        "survey": catalogue.ANSWER_SURVEY.offered(state),
    }


async def _view(
    request: Request, db: Any, client: Any, reference: str, status: int = 200, **context: Any
) -> Response:
    row = await queries.status_for_resident(db, reference)
    if row is None:
        raise ComplaintNotFound(reference)
    state = await complaint_state(client, reference, db)
    letters = [
        {"seq": record.seq, "title": _letter_title(record.letter), "on": record.occurred_at}
        for record in await queries.list_letters(db, reference)
    ]
    flagged = any(r.agreement_refused and r.responded_on is None for r in state.stages.values())
    return page(
        request,
        "resident/view.html",
        {
            "row": row,
            "letters": letters,
            **_offers(state),
            "flagged": flagged,
            "agree_choices": AGREE,
            "survey_choices": SURVEY,
            "accepted": ACCEPTED_WORDS,
            **context,
        },
        status,
    )


def _letter_title(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


@router.get(HOME)
async def view(request: Request, db: Db, client: TemporalClient) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    return await _view(request, db, client, reference)


async def _letter(db: Any, reference: str, seq: int) -> tuple[Any, Any]:
    """The letter as the resident received it (their copy, not a representative's)."""
    record = next((r for r in await queries.list_letters(db, reference) if r.seq == seq), None)
    if record is None:
        raise ComplaintNotFound(f"{reference} letter {seq}")
    recipients = record.recipients or [{"name": ""}]
    recipient = next((r for r in recipients if r.get("role") == "complainant"), recipients[0])
    built = build_letter(
        record.letter,
        {**record.fields, "reference": reference},
        recipient=recipient,
        organisation=record.fields.get("organisation") or record.organisation,
        on=local_date(record.occurred_at),
    )
    return record, built


@router.get(HOME + "/letters/{seq}")
async def letter(request: Request, seq: int, db: Db) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    try:
        record, built = await _letter(db, reference, seq)
        html = render_html(built, large_print=record.large_print)
    except LetterError as error:
        html = (
            "<!DOCTYPE html><html lang='en'><head><title>Letter</title></head><body>"
            f"<h1>Letter</h1><p>This letter cannot be shown: {escape(str(error))}</p></body></html>"
        )
    return HTMLResponse(html, headers={"Content-Security-Policy": LETTER_POLICY})


@router.get(HOME + "/letters/{seq}/pdf")
async def letter_pdf(request: Request, seq: int, db: Db) -> Response:
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    record, built = await _letter(db, reference, seq)
    pdf = await asyncio.to_thread(render_pdf, built, large_print=record.large_print)
    name = _safe_name(f"{reference}-{record.letter}-{seq}.pdf")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


# -- what the resident does ----------------------------------------------------------------------


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


@router.post(f"{HOME}/information")
async def information(
    request: Request, db: Db, sessions: Sessions, client: TemporalClient, settings: AppSettings
) -> Response:
    """More information with documents: each file is checked (type, size, name) before any
    is kept; the kept documents' names go with the text in the update."""
    try:
        reference = await _reference(request)
    except _SignIn:
        return RedirectResponse(f"{HOME}/sign-in", status_code=303)
    form = await request.form()
    uploads = [u for u in form.getlist("documents") if isinstance(u, UploadFile) and u.filename]
    files: list[tuple[str, str, bytes]] = []
    problem = None
    if len(uploads) > MAX_FILES:
        problem = f"Send at most {MAX_FILES} files at a time"
    for upload in uploads[:MAX_FILES]:
        name = upload.filename or ""
        suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
        content = await upload.read(MAX_FILE_BYTES + 1)
        if refused := text_refused("The file's name", name, WORD):
            problem = refused
        elif suffix not in ACCEPTED:
            problem = f"{name} must be {ACCEPTED_WORDS}"
        elif not content:
            problem = f"{name} is empty"
        elif len(content) > MAX_FILE_BYTES:
            problem = f"{name} must be smaller than {MAX_FILE_BYTES // 1024 // 1024} MB"
        else:
            files.append((name, ACCEPTED[suffix], content))
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if problem:
        return await _view(
            request,
            db,
            client,
            reference,
            422,
            values=values,
            errors={"documents": problem},
            form_id="information-form",
        )
    state = await complaint_state(client, reference, db)
    if not catalogue.SEND_INFORMATION.offered(state):
        return await _view(
            request,
            db,
            client,
            reference,
            409,
            values=values,
            refused="We cannot take more information on this complaint now.",
            form_id="information-form",
        )

    def build(r: Reader) -> BaseModel:
        text = r.text("information", "what you want to tell us", True, DESCRIPTION)
        r.done()
        return SendInformationInput(
            by=ONLINE, information=text, documents="\n".join(name for name, _, _ in files)
        )

    try:
        build(Reader(form))  # refuse bad text before any document is kept
    except FormErrors as error:
        return await _view(
            request,
            db,
            client,
            reference,
            422,
            values=values,
            errors=error.errors,
            form_id="information-form",
        )

    async def keep_files() -> None:
        """The files, checked above, kept once the workflow has taken the information."""
        store = document_store(settings)
        for name, content_type, content in files:  # each kept through the unit of work
            await attach_document(
                sessions,
                store,
                reference=reference,
                name=name,
                content_type=content_type,
                content=content,
                source="upload",
            )

    return await _act(
        request,
        db,
        client,
        catalogue.SEND_INFORMATION,
        build,
        "information-form",
        "We have the information you sent.",
        accepted=keep_files if files else None,
    )
