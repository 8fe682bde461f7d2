"""The mailbox reader: each new message kept once and its place moved in one transaction,
then replies threaded to their complaints. A message it cannot read is kept with the
reason and the next one is read; only an unreachable server or database stops a run,
and the next run starts where this one stopped."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from delivery.documents import DocumentStore, keep_document
from delivery.mail import domain_of
from mailbox_reader import store
from mailbox_reader.attachments import refusal
from mailbox_reader.imap import Fetched, open_mailbox
from mailbox_reader.parse import ParsedMail, parse
from mailbox_reader.threads import reference_from_headers, reference_from_subject
from models.mail import EmailReceived
from settings import Settings
from store.db import Sessionmaker, UnitOfWork
from store.tables import Complaint, MailMessage
from workflows.complaint import ComplaintWorkflow

log = logging.getLogger(__name__)

# A message larger than this is kept by its headers alone, with the reason.
LARGEST_MESSAGE = 40 * 1024 * 1024


@dataclass
class ReadResult:
    read: int = 0  # new messages kept
    duplicates: int = 0
    failed: int = 0  # kept with a reason instead of their content
    joined: int = 0  # replies threaded to their complaint


async def read_mailbox(
    sessionmaker: Sessionmaker,
    settings: Settings,
    *,
    limit: int = 5000,
    largest: int = LARGEST_MESSAGE,
) -> ReadResult:
    """Read what arrived since the last run (at most ``limit`` messages)."""
    result = ReadResult()
    name = settings.imap_mailbox
    async with open_mailbox(settings) as mailbox:
        async with UnitOfWork(sessionmaker) as uow:
            last = await store.position(uow.session, name, mailbox.uidvalidity)
        for uid in (await mailbox.uids_after(last))[:limit]:
            fetched = await mailbox.fetch(uid)
            async with UnitOfWork(sessionmaker) as uow:
                if fetched is not None:
                    kept = await _keep(
                        uow.session, settings, name, mailbox.uidvalidity, fetched, largest
                    )
                    if kept is None:
                        result.duplicates += 1
                    else:
                        result.read += 1
                        result.failed += kept
                await store.move_position(uow.session, name, mailbox.uidvalidity, uid)
                await uow.commit()
    return result


async def _keep(
    session: AsyncSession,
    settings: Settings,
    mailbox: str,
    uidvalidity: int,
    fetched: Fetched,
    largest: int,
) -> int | None:
    """Keep one message: 1 when kept with a reason instead of its content, 0 when read
    whole, None for a duplicate. Never raises on what the message holds."""
    raw = fetched.raw
    now = datetime.now(UTC)
    try:
        if len(raw) > largest:
            head = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
            parsed = parse(head)
            parsed.key = parsed.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
            parsed.problems = [
                f"The message is {len(raw) / 1024 / 1024:.0f} MB, over the "
                f"{largest / 1024 / 1024:.0f} MB we read: ask the sender to send it in parts"
            ]
            raw = head
        else:
            parsed = parse(raw)
        values = await _values(session, settings, parsed)
        failed = 1 if len(fetched.raw) > largest else 0
    except Exception as error:  # a message no parser could read: kept, with the reason
        log.warning("mailbox message %s could not be read", fetched.uid, exc_info=True)
        values = {
            "key": "sha256:" + hashlib.sha256(raw).hexdigest(),
            "sender_name": "",
            "sender_email": None,
            "subject": "(could not be read)",
            "body": "",
            "attachments": [],
            "problems": [f"The reader could not read this message ({type(error).__name__})"],
            "thread_reference": None,
            "status": "new",
        }
        parsed = None
        failed = 1
    values.update(
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=fetched.uid,
        raw=raw,
        received_at=fetched.arrived_at or (parsed.sent_at if parsed else None) or now,
    )
    kept = await store.keep_message(session, values)
    return None if kept is None else failed


async def _values(session: AsyncSession, settings: Settings, parsed: ParsedMail) -> dict[str, Any]:
    problems = list(parsed.problems)
    attachments = []
    for item in parsed.attachments:
        refused = refusal(item.name, item.content_type, item.content)
        if refused:
            problems.append(f"Attachment not kept: {refused}")
        attachments.append(
            {
                "name": item.name,
                "content_type": item.content_type,
                "size": len(item.content),
                "refused": refused,
            }
        )
    thread, problem = await _thread(session, settings, parsed)
    if problem:
        problems.append(problem)
    return {
        "key": parsed.key,
        "sender_name": parsed.sender_name,
        "sender_email": parsed.sender_email,
        "subject": parsed.subject,
        "body": parsed.body,
        "attachments": attachments,
        "problems": problems,
        "thread_reference": thread,
        "status": "joining" if thread else "new",
    }


async def _thread(
    session: AsyncSession, settings: Settings, parsed: ParsedMail
) -> tuple[str | None, str | None]:
    """The complaint a reply joins, or why it goes to triage instead. Only the complaint's
    own contact may join it: a reference typed into a stranger's subject is not trusted."""
    by_header = reference_from_headers(
        parsed.in_reply_to, parsed.references, domain_of(settings.mail_from)
    )
    reference = by_header or reference_from_subject(parsed.subject)
    if reference is None:
        return None, None
    found = (
        await session.execute(select(Complaint.email).where(Complaint.reference == reference))
    ).first()
    if found is None:
        return None, f"It names {reference}, which is not one of our complaints"
    email = found.email
    if not parsed.sender_email or not email or email.lower() != parsed.sender_email.lower():
        return None, (
            f"It names {reference}, but the sender is not that complaint's contact: "
            "check before adding it"
        )
    return reference, None


async def keep_documents(
    session: AsyncSession, documents: DocumentStore, row: MailMessage, reference: str
) -> tuple[list[str], list[str]]:
    """Keep the message (as .eml) and the attachments we accept with a complaint; the names
    kept and the reasons for those refused."""
    kept: list[str] = []
    name = f"email-{row.id}.eml"
    await keep_document(
        session,
        documents,
        reference=reference,
        name=name,
        content_type="message/rfc822",
        content=row.raw or b"(empty)",
        source="inbound_email",
    )
    kept.append(name)
    refused = [item["refused"] for item in row.attachments if item.get("refused")]
    if not row.raw or len(row.raw) > LARGEST_MESSAGE:
        return kept, refused
    for item in parse(row.raw).attachments:
        if refusal(item.name, item.content_type, item.content) is None:
            await keep_document(
                session,
                documents,
                reference=reference,
                name=item.name,
                content_type=item.content_type,
                content=item.content,
                source="inbound_email",
            )
            kept.append(item.name)
    return kept, refused


async def join_replies(
    sessionmaker: Sessionmaker, documents: DocumentStore, client: Client, limit: int = 200
) -> int:
    """Thread the replies the reader found to their complaints: documents kept, the
    workflow told (on its timeline, the handler notified), the message marked joined. A
    complaint whose workflow has ended leaves its reply in triage, with the reason."""
    joined = 0
    async with UnitOfWork(sessionmaker) as uow:
        ids = list(
            await uow.session.scalars(
                select(MailMessage.id).where(MailMessage.status == "joining").limit(limit)
            )
        )
    for mail_id in ids:
        async with UnitOfWork(sessionmaker) as uow:
            row = await uow.session.scalar(
                select(MailMessage)
                .where(MailMessage.id == mail_id, MailMessage.status == "joining")
                .with_for_update(skip_locked=True)
            )
            if row is None or row.thread_reference is None:
                continue
            reference = row.thread_reference
            names, refused = await keep_documents(uow.session, documents, row, reference)
            now = datetime.now(UTC)
            try:
                await client.get_workflow_handle(reference).signal(
                    ComplaintWorkflow.email_received,
                    EmailReceived(
                        mail_id=row.id,
                        sender=row.sender_email or row.sender_name,
                        subject=row.subject[:1000] or "(no subject)",
                        received_at=row.received_at,
                        documents=names,
                        refused=[reason[:1000] for reason in refused],
                    ),
                )
            except RPCError as error:
                if error.status != RPCStatusCode.NOT_FOUND:
                    raise
                row.status = "new"
                row.problems = [
                    *row.problems,
                    f"It replies to {reference}, whose record is complete: add it by hand",
                ]
                await uow.commit()
                continue
            await store.finish(
                uow.session, row.id, "joined", by="mailbox", at=now, reference=reference
            )
            await uow.commit()
            joined += 1
    return joined
