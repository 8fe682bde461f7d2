"""More information from the resident, with documents, from their own view (R-RES-1).

Every file is checked before any is kept: its name, its type (one the view lists,
`ACCEPTED` in `web.routes.resident_view`), that it is not empty and its size, and at most
a few at a time; the text is checked too, and the workflow's `send_information` must be
on offer. The files are kept only once the workflow has taken the information, so a
refused action keeps nothing; the kept documents' names go with the text in the update.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from delivery.documents import attach_document, document_store
from models.messages import SendInformationInput
from models.text import DESCRIPTION, WORD
from rules import catalogue
from rules.handling.self_service import ONLINE
from web.deps import AppSettings, Db, Sessions, TemporalClient
from web.edge import problem as text_refused
from web.engine import complaint_state
from web.forms import FormErrors, Reader
from web.routes.resident_actions import _act
from web.routes.resident_sign_in import HOME, _reference, _SignIn
from web.routes.resident_view import ACCEPTED, ACCEPTED_WORDS, _view

router = APIRouter(include_in_schema=False)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


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
    # The view again, with what was entered on the form and why it was not taken.
    again = partial(
        _view, request, db, client, reference, values=values, form_id="information-form"
    )
    if problem:
        return await again(422, errors={"documents": problem})
    state = await complaint_state(client, reference, db)
    if not catalogue.SEND_INFORMATION.offered(state):
        return await again(409, refused="We cannot take more information on this complaint now.")

    def build(r: Reader) -> BaseModel:
        text = r.text("information", "what you want to tell us", True, DESCRIPTION)
        r.done()
        return SendInformationInput(
            by=ONLINE, information=text, documents="\n".join(name for name, _, _ in files)
        )

    try:
        build(Reader(form))  # refuse bad text before any document is kept
    except FormErrors as error:
        return await again(422, errors=error.errors)

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
