"""Delivering a recorded letter or staff notice, exactly once per recipient.

A letter goes to each recipient on its record: the resident, and a representative whose
consent is recorded (R-WHO-2). The resident's letters go by their preferred channel and
format (R-COM-1), or by the one channel a contact restriction allows (R-COM-2, applied by
the workflow when it records the letter); a representative by email when they gave one,
else by post. Email: the letter as HTML with its PDF attached. Post: a print-ready PDF in
the print queue. Every PDF is kept as a document of the complaint (R-REC-1).

Exactly once: each (record, recipient) has a row in ``deliveries``, keyed
``<reference>:<seq>:<n>``. Before an email goes to the mail server the row says
``sending``; once the server accepts it, ``sent``. A retried delivery (after a lost
worker, say) skips every recipient already ``sent`` or ``queued``. Only a worker lost in
the instant between the server's acceptance and the ``sent`` mark can send a message
twice, and then with the same Message-ID, by which mail systems recognise a duplicate.

The rules built and checked each letter before it was recorded (``rules.letters``); here
it is read back into its model (``letters.read_letter``), rendered and sent. Nothing is
half-done for bad input: a letter that cannot be written (one that names a member of staff,
R-S1-7, or was recorded before the rules checked letters), an invalid email address or a
missing postal address marks that recipient ``undeliverable`` with the reason in words,
before anything is kept or sent; other recipients still get theirs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from delivery.documents import DocumentStore, keep_document, write_once
from delivery.mail import (
    AddressRefused,
    Mailer,
    build_message,
    checked_address,
    domain_of,
    html_to_text,
    message_id,
)
from letters import LetterError, read_letter
from letters.errors import letter_name
from letters.models import SatisfactionSurvey
from letters.render import render_html, render_pdf
from models.effects import DeliveryReport, Recipient
from rules.calendar import local_date
from rules.letters import channel_for
from store.db import Sessionmaker, UnitOfWork
from store.tables import Delivery, LetterRecord, StaffNotification, StaffRecord

# What an email says it is about, in words, after the reference ("Your complaint
# CMP-2026-000123: our decision at Stage 2"); the reference lets a reply find its complaint.
EMAIL_SUBJECTS = {
    "acknowledgement": "we have received it",
    "decline": "why we cannot take it on",
    "clarification": "please help us understand it",
    "extension": "we need more time to respond",
    "agreement_request": "can we agree a later response date?",
    "no_agreement": "our response date",
    "stage_1_response": "our decision at Stage 1",
    "stage_2_acknowledgement": "it is now at Stage 2",
    "escalation_refused": "your request to take it to Stage 2",
    "stage_2_response": "our decision at Stage 2",
    "stage_3_panel": "your Stage 3 panel meeting",
    "stage_3_response": "our decision at Stage 3",
    "final": "our complaints process is complete",
    "satisfaction_survey": "how did we handle it?",
    "compliment_reply": "thank you",
    "comment_reply": "thank you",
    "action_update": "an update on what we promised",
    "action_completed": "we have done what we promised",
}
KIND_WORDS = {"CMP": "complaint", "CPL": "compliment", "CMT": "comment", "HAZ": "hazard report"}


def email_subject(kind: str, reference: str, letter_subject: str) -> str:
    """The subject of a letter's email, in words: "Your complaint CMP-2026-000123: our
    decision at Stage 2"; a letter without its own words gives its subject line."""
    what = EMAIL_SUBJECTS.get(kind) or letter_subject[:1].lower() + letter_subject[1:]
    return f"Your {KIND_WORDS.get(reference[:3], 'complaint')} {reference}: {what}"


DONE = ("sent", "queued", "undeliverable")
NO_RECIPIENT = "The letter has no recipient."


@dataclass
class Route:
    channel: str  # email | post
    address: str | None  # the email address, or the postal address
    problem: str | None = None


RENDER_HEARTBEAT_SECONDS = 3.0


def route_for(recipient: dict[str, Any], channel: str) -> Route:
    """How a letter reaches one recipient, or why it cannot."""
    whose = (
        f"the representative {recipient.get('name')}"
        if recipient.get("role") == "representative"
        else f"the resident {recipient.get('name')}"
    )
    channel = channel_for(Recipient.model_validate(recipient), channel)
    if channel == "email":
        try:
            return Route("email", checked_address(recipient.get("email"), whose))
        except AddressRefused as error:
            return Route("email", recipient.get("email"), f"Not sent by email: {error}.")
    address = (recipient.get("address") or "").strip()
    if not address:
        return Route(
            "post",
            None,
            f"Not posted: there is no postal address for {whose}; add one to "
            "the complaint or ask how they would like to hear from us.",
        )
    return Route("post", address)


class Deliverer:
    """Delivers letters and notices; built once per worker with its ports."""

    def __init__(
        self,
        sessionmaker: Sessionmaker,
        *,
        mailer: Mailer,
        documents: DocumentStore,
        print_queue: Path,
        complaints_team: str,
        heartbeat: Callable[..., None] = lambda *args: None,
        renderer: Executor | None = None,
        survey_link: Callable[[str], str | None] = lambda reference: None,
    ) -> None:
        """`renderer` runs the PDF rendering (about 20 ms of CPU a letter), e.g. a process
        pool, so it does not hold up the workflows on the worker's own core; None: here.
        `survey_link` gives the satisfaction survey's online form for a reference (R-GOV-6)."""
        self.renderer = renderer
        self.survey_link = survey_link
        self.sessionmaker = sessionmaker
        self.mailer = mailer
        self.documents = documents
        self.print_queue = print_queue
        self.complaints_team = complaints_team
        self.heartbeat = heartbeat

    # -- letters ---------------------------------------------------------------------

    async def deliver_letter(self, reference: str, seq: int) -> DeliveryReport:
        report = DeliveryReport(reference=reference, seq=seq)
        async with UnitOfWork(self.sessionmaker) as uow:
            record = await _recorded(uow, LetterRecord, reference, seq, "letter")
        if not record["recipients"]:
            await self._mark(
                reference,
                seq,
                0,
                record["letter"],
                record["channel"],
                "(nobody)",
                None,
                status="undeliverable",
                problem=NO_RECIPIENT,
            )
            report.problems.append(NO_RECIPIENT)
            return report
        for number, recipient in enumerate(record["recipients"]):
            outcome = await self._letter_to(record, number, recipient)
            (report.problems if outcome.startswith("Not") else report.outcomes).append(outcome)
        return report

    async def _letter_to(self, record: Any, number: int, recipient: dict[str, Any]) -> str:
        reference, seq, kind = record["reference"], record["seq"], record["letter"]
        name = recipient.get("name") or "the resident"
        existing = await self._existing(reference, seq, number)
        if existing in DONE:
            return f"{existing} already: {name}"
        route = route_for(recipient, record["channel"])
        if route.problem:
            await self._mark(
                reference,
                seq,
                number,
                kind,
                route.channel,
                name,
                route.address,
                status="undeliverable",
                problem=route.problem,
            )
            return route.problem
        try:
            # The rules built this letter (rules.letters); read it back to render it.
            model = read_letter(
                kind,
                record["fields"],
                organisation=record["organisation"],
                recipient=recipient,
                on=local_date(record["occurred_at"]),
            )
            if isinstance(model, SatisfactionSurvey) and model.survey_url is None:
                model = model.model_copy(update={"survey_url": self.survey_link(reference)})
            html = render_html(model, large_print=record["large_print"])
            pdf = await self._pdf(model, record["large_print"])
        except LetterError as error:
            problem = f"Not sent: the {letter_name(kind)} letter could not be written. {error}"
            await self._mark(
                reference,
                seq,
                number,
                kind,
                route.channel,
                name,
                route.address,
                status="undeliverable",
                problem=problem,
            )
            return problem
        filename = f"{reference}-{kind.replace('_', '-')}-{seq}-{number}.pdf"
        self.heartbeat("keeping the letter")
        async with UnitOfWork(self.sessionmaker) as uow:
            kept = await keep_document(
                uow.session,
                self.documents,
                reference=reference,
                name=filename,
                content_type="application/pdf",
                content=pdf,
                source="letter",
                seq=seq,
            )
            await uow.commit()
        if route.channel == "post":
            write_once(self.print_queue / filename, pdf)
            await self._mark(
                reference,
                seq,
                number,
                kind,
                "post",
                name,
                route.address,
                status="queued",
                document=kept.sha256,
            )
            return f"queued for post: {name}"
        subject = email_subject(kind, reference, model.subject)
        msgid = message_id(reference, seq, number, domain_of(self.mailer.sender))
        message = build_message(
            sender=self.mailer.sender,
            to=route.address or "",
            subject=subject,
            msgid=msgid,
            text=html_to_text(html),
            html=html,
            attachment=(filename, pdf),
            reference=reference,
        )
        await self._send(
            reference, seq, number, kind, name, route.address, msgid, message, document=kept.sha256
        )
        return f"sent by email: {name}"

    async def _pdf(self, model: Any, large_print: bool) -> bytes:
        render = partial(render_pdf, model, large_print=large_print)
        if self.renderer is None:
            return render()
        rendering = asyncio.get_running_loop().run_in_executor(self.renderer, render)
        # A burst of letters queues for the render process: keep telling Temporal this
        # delivery is alive while it waits, so it is not timed out and sent again.
        while True:
            done, _ = await asyncio.wait({rendering}, timeout=RENDER_HEARTBEAT_SECONDS)
            if done:
                return await rendering
            self.heartbeat("waiting for the letter's PDF")

    # -- notices ---------------------------------------------------------------------

    async def deliver_notice(self, reference: str, seq: int) -> DeliveryReport:
        """A reminder to a handler or a missed-deadline notice to a manager (R-S1-2), by
        email. Someone the staff directory does not know, or knows without an email
        address, is replaced by the complaints team, with a line saying so."""
        report = DeliveryReport(reference=reference, seq=seq)
        async with UnitOfWork(self.sessionmaker) as uow:
            notice = await _recorded(uow, StaffNotification, reference, seq, "staff notice")
            member = (
                await uow.session.execute(
                    select(StaffRecord.name, StaffRecord.email).where(
                        StaffRecord.id == notice["staff_id"]
                    )
                )
            ).first()
        existing = await self._existing(reference, seq, 0)
        if existing in DONE:
            report.outcomes.append(f"{existing} already")
            return report
        body = notice["body"]
        to, name = self.complaints_team, "the complaints team"
        if member is not None and member.email:
            try:
                to, name = checked_address(member.email, member.name), member.name
            except AddressRefused as error:
                body += f"\n\n(Sent to the complaints team: {error}.)"
        elif notice["staff_id"]:
            body += (
                f"\n\n(Sent to the complaints team: there is no email address on file for "
                f"{notice['staff_id']}.)"
            )
        elif notice["to_manager_of"]:
            body += "\n\n(Sent to the complaints team: the handler's manager is not on file.)"
        msgid = message_id(reference, seq, 0, domain_of(self.mailer.sender))
        message = build_message(
            sender=self.mailer.sender,
            to=to,
            subject=notice["subject"],
            msgid=msgid,
            text=body + f"\n\nComplaint {reference}\n",
            reference=reference,
        )
        await self._send(reference, seq, 0, "notice", name, to, msgid, message)
        report.outcomes.append(f"sent by email: {name}")
        return report

    # -- the deliveries table ----------------------------------------------------------

    async def _send(
        self,
        reference: str,
        seq: int,
        number: int,
        what: str,
        name: str,
        to: str | None,
        msgid: str,
        message: Any,
        *,
        document: str | None = None,
    ) -> None:
        await self._mark(
            reference,
            seq,
            number,
            what,
            "email",
            name,
            to,
            status="sending",
            message_id=msgid,
            document=document,
            attempt=True,
        )
        self.heartbeat(f"sending to {name}")
        await self.mailer.send(message)
        await self._mark(
            reference,
            seq,
            number,
            what,
            "email",
            name,
            to,
            status="sent",
            message_id=msgid,
            document=document,
        )
        self.heartbeat(f"sent to {name}")

    async def _existing(self, reference: str, seq: int, number: int) -> str | None:
        """The delivery's status so far, or None when it was never tried."""
        async with UnitOfWork(self.sessionmaker) as uow:
            return await uow.session.scalar(
                select(Delivery.status).where(Delivery.key == f"{reference}:{seq}:{number}")
            )

    async def _mark(
        self,
        reference: str,
        seq: int,
        number: int,
        what: str,
        channel: str,
        recipient: str,
        address: str | None,
        *,
        status: str,
        problem: str | None = None,
        message_id: str | None = None,
        document: str | None = None,
        attempt: bool = False,
    ) -> None:
        values = {
            "key": f"{reference}:{seq}:{number}",
            "reference": reference,
            "seq": seq,
            "what": what,
            "channel": channel,
            "recipient": recipient,
            "address": address,
            "message_id": message_id,
            "status": status,
            "problem": problem,
            "document_sha256": document,
            "attempts": 1 if attempt else 0,
        }
        statement = insert(Delivery).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[Delivery.key],
            set_={
                "status": status,
                "problem": problem,
                "address": address,
                "message_id": message_id,
                "document_sha256": document,
                "attempts": Delivery.attempts + (1 if attempt else 0),
                "updated_at": func.now(),
            },
        )
        async with UnitOfWork(self.sessionmaker) as uow:
            await uow.session.execute(statement)
            await uow.commit()


async def _recorded(uow: UnitOfWork, table: Any, reference: str, seq: int, what: str) -> Any:
    """The recorded letter or notice as a read-only mapping (it outlives the session)."""
    row = (
        await uow.session.execute(
            table.__table__.select().where(table.reference == reference, table.seq == seq)
        )
    ).first()
    if row is None:
        raise LookupError(f"no {what} recorded for {reference} at {seq}")
    return row._mapping
