"""Delivering a recorded letter or staff notice, exactly once per recipient.

A letter goes to each recipient on its record: the resident, and a representative whose
consent is recorded (R-WHO-2), each by the route `delivery.routing.route_for` finds
(R-COM-1, R-COM-2). Email: the letter as HTML with its PDF attached. Post: a print-ready
PDF in the print queue. Every PDF is kept as a document of the complaint (R-REC-1). Each
recipient's delivery is marked in the ``deliveries`` table (`delivery.ledger`), so a
retried delivery sends nothing twice.

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
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from delivery.documents import DocumentStore, keep_document, write_once
from delivery.ledger import DONE, DeliveryLedger, recorded
from delivery.mail import (
    AddressRefused,
    Mailer,
    build_message,
    checked_address,
    domain_of,
    html_to_text,
    message_id,
)
from delivery.routing import NO_RECIPIENT, email_subject, route_for
from letters import LetterError, read_letter
from letters.errors import letter_name
from letters.models import SatisfactionSurvey
from letters.render import render_html, render_pdf
from models.effects import DeliveryReport
from rules.calendar import local_date
from store.db import Sessionmaker, UnitOfWork
from store.tables import LetterRecord, StaffNotification, StaffRecord

RENDER_HEARTBEAT_SECONDS = 3.0


class Deliverer(DeliveryLedger):
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
            record = await recorded(uow, LetterRecord, reference, seq, "letter")
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
            notice = await recorded(uow, StaffNotification, reference, seq, "staff notice")
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
