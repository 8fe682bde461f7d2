"""The "New mail" queue (R-CHAN-2): every message from the complaints mailbox waits here,
amber once the Code's 1-working-day target to log it has passed, until an officer logs it
as a complaint, compliment or comment (R-DEF-1: the resident need not say "complaint"),
adds it to an existing complaint, or closes it as not a complaint with the reason.

Each action locks the message's row for its whole length and only acts on a message that
still waits, so two officers acting at once never handle one message twice: the second
is told it was already handled."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from delivery.documents import DocumentRefused, document_store
from intake.calendar import calendar_for
from intake.service import receive
from mailbox_reader import store as mail
from mailbox_reader.reader import keep_documents
from models.complaint import LogComplaintInput
from models.enums import Channel, Kind, Rag
from models.mail import EmailReceived
from models.parties import Complainant
from rules.calendar import WorkingCalendar, local_date
from store.db import UnitOfWork
from store.tables import Complaint, MailMessage
from web.deps import AppSettings, Db, Forbidden, Sessions, StaffUser, TemporalClient
from web.edge import BigKey
from web.permissions import may_triage_mail
from web.render import page
from workflows.complaint import ComplaintWorkflow

router = APIRouter(include_in_schema=False)
KINDS = [(k.value, k.value.capitalize()) for k in (Kind.COMPLAINT, Kind.COMPLIMENT, Kind.COMMENT)]
# The intake service numbers the reference; until then, a placeholder of the right kind.
PLACEHOLDER = {Kind.COMPLAINT: "CMP-0000-000000", Kind.COMPLIMENT: "CPL-0000-000000"}


def _team(user: Any) -> None:
    if not may_triage_mail(user.roles):
        raise Forbidden("Only the complaints team triages the mailbox.")


def log_by(received_at: datetime) -> Any:
    """The Code's target: logged within 1 working day of first contact."""
    day = local_date(received_at)
    return WorkingCalendar(calendar_for(day)).add_working_days(day, 1)


def colour(received_at: datetime, today: Any) -> Rag:
    return Rag.AMBER if today > log_by(received_at) else Rag.GREEN


@router.get("/staff/mail")
async def new_mail(request: Request, user: StaffUser, db: Db) -> Response:
    _team(user)
    today = local_date(datetime.now(UTC))
    rows = [
        {"row": row, "due": log_by(row.received_at), "colour": colour(row.received_at, today)}
        for row in await mail.new_mail(db)
    ]
    flash = request.session.pop("flash", None)
    return page(request, "mail_queue.html", {"user": user, "rows": rows, "flash": flash})


async def _item(db: Any, mail_id: int) -> MailMessage:
    row = await db.get(MailMessage, mail_id)
    if row is None:
        raise Forbidden("There is no such message in the mailbox.")
    return row


def _prefilled(row: MailMessage) -> dict[str, str]:
    return {
        "kind": "complaint",
        "name": row.sender_name,
        "email": row.sender_email or "",
        "description": row.body,
        "first_contact": local_date(row.received_at).isoformat(),
    }


@router.get("/staff/mail/{mail_id}")
async def mail_item(request: Request, mail_id: BigKey, user: StaffUser, db: Db) -> Response:
    _team(user)
    row = await _item(db, mail_id)
    return _show(request, user, row, _prefilled(row), {})


def _show(
    request: Request,
    user: Any,
    row: MailMessage,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "user": user,
        "row": row,
        "values": values,
        "errors": errors,
        "kinds": KINDS,
        "due": log_by(row.received_at),
        "colour": colour(row.received_at, local_date(datetime.now(UTC))),
    }
    return page(request, "mail_item.html", context, status)


def _already(request: Request) -> Response:
    request.session["flash"] = "That message was already handled by someone else."
    return RedirectResponse("/staff/mail", status_code=303)


@router.post("/staff/mail/{mail_id}/log")
async def log_mail(
    request: Request,
    mail_id: BigKey,
    user: StaffUser,
    db: Db,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
) -> Response:
    """Log the message as a complaint, compliment or comment through the intake service,
    its first contact the day it arrived, and keep it and its attachments as documents."""
    _team(user)
    form = await request.form()
    fields = ("kind", "name", "email", "description")
    values = {name: str(form.get(name) or "").strip() for name in fields}
    async with UnitOfWork(sessions) as uow:
        row = await mail.claim(uow.session, mail_id)
        if row is None:
            return _already(request)
        values["first_contact"] = local_date(row.received_at).isoformat()
        try:
            kind = Kind(values["kind"] or "complaint")
            intake = LogComplaintInput(
                reference=PLACEHOLDER.get(kind, "CMT-0000-000000"),
                kind=kind,
                channel=Channel.EMAIL,
                first_contact_on=local_date(row.received_at),
                complainant=Complainant(name=values["name"], email=values["email"] or None),
                description=values["description"],
                logged_by=user.staff_id,
            )
        except (ValueError, ValidationError) as error:
            return _show(request, user, row, values, {"description": _first(error)}, 422)
        received = await receive(sessions, client, intake, settings.task_queue)
        try:
            await keep_documents(uow.session, document_store(settings), row, received.reference)
        except DocumentRefused:
            pass  # the reasons are already on the message; the record is what matters
        await mail.finish(
            uow.session,
            row.id,
            "logged",
            by=user.staff_id,
            at=datetime.now(UTC),
            reference=received.reference,
        )
        await uow.commit()
    request.session["flash"] = f"Logged as {received.reference}."
    return RedirectResponse("/staff/mail", status_code=303)


def _first(error: Exception) -> str:
    if isinstance(error, ValidationError):
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        return f"{where}: {problem['msg']}"
    return str(error)


@router.post("/staff/mail/{mail_id}/add")
async def add_to_complaint(
    request: Request,
    mail_id: BigKey,
    user: StaffUser,
    sessions: Sessions,
    client: TemporalClient,
    settings: AppSettings,
) -> Response:
    """Add the message to an existing complaint: kept as its documents, on its timeline."""
    _team(user)
    form = await request.form()
    reference = str(form.get("reference") or "").strip().upper()
    async with UnitOfWork(sessions) as uow:
        row = await mail.claim(uow.session, mail_id)
        if row is None:
            return _already(request)
        found = await uow.session.scalar(
            select(Complaint.reference).where(Complaint.reference == reference)
        )
        if found is None:
            values = {**_prefilled(row), "reference": reference}
            errors = {"reference": f"There is no complaint {reference or 'with that reference'}."}
            return _show(request, user, row, values, errors, 422)
        names, refused = await keep_documents(uow.session, document_store(settings), row, reference)
        await client.get_workflow_handle(reference).signal(
            ComplaintWorkflow.email_received,
            EmailReceived(
                mail_id=row.id,
                sender=(row.sender_email or row.sender_name or "unknown sender")[:200],
                subject=row.subject[:1000] or "(no subject)",
                received_at=row.received_at,
                documents=names,
                refused=[reason[:1000] for reason in refused],
            ),
        )
        await mail.finish(
            uow.session,
            row.id,
            "added",
            by=user.staff_id,
            at=datetime.now(UTC),
            reference=reference,
        )
        await uow.commit()
    request.session["flash"] = f"Added to {reference}."
    return RedirectResponse("/staff/mail", status_code=303)


@router.post("/staff/mail/{mail_id}/close")
async def close_mail(
    request: Request, mail_id: BigKey, user: StaffUser, sessions: Sessions
) -> Response:
    """Close the message as not a complaint, compliment or comment, with the reason."""
    _team(user)
    form = await request.form()
    reason = str(form.get("reason") or "").strip()
    async with UnitOfWork(sessions) as uow:
        row = await mail.claim(uow.session, mail_id)
        if row is None:
            return _already(request)
        if len(reason) < 3 or len(reason) > 1000:
            values = {**_prefilled(row), "reason": reason}
            errors = {"reason": "Say why this is not a complaint, compliment or comment."}
            return _show(request, user, row, values, errors, 422)
        await mail.finish(
            uow.session, row.id, "closed", by=user.staff_id, at=datetime.now(UTC), reason=reason
        )
        await uow.commit()
    request.session["flash"] = "Closed as not a complaint."
    return RedirectResponse("/staff/mail", status_code=303)
