"""Starter commands that write to the record directly: keeping a document with a complaint
(an upload, or an inbound email saved as .eml) and putting staff in the directory that
reminders and missed-deadline notices are emailed to (R-S1-2)."""

from __future__ import annotations

import argparse
import asyncio
import mimetypes
from pathlib import Path
from typing import Any

from delivery.documents import DocumentRefused, DocumentStore, attach_document, document_store
from delivery.mail import AddressRefused, checked_address
from settings import get_settings
from store.db import Sessionmaker, UnitOfWork
from store.staff import put_staff


class RecordRefused(ValueError):
    """Bad input for a record command, in words."""


def add_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    attach = commands.add_parser(
        "attach", parents=[common], help="keep a document or an inbound email with a complaint"
    )
    attach.add_argument("reference")
    attach.add_argument("file", type=Path)
    attach.add_argument(
        "--inbound-email", action="store_true", help="the file is an email from the resident"
    )
    staff = commands.add_parser(
        "staff", parents=[common], help="add or change a member of staff in the directory"
    )
    staff.add_argument("id", help="their staff id, as handlers are assigned (e.g. h.khan)")
    staff.add_argument("name")
    staff.add_argument("email", help="where their reminders and notices go")
    staff.add_argument("--manager", help="their manager's staff id")


async def attach(
    args: argparse.Namespace, sessionmaker: Sessionmaker | None, documents: DocumentStore | None
) -> str:
    path: Path = args.file
    try:
        content = await asyncio.to_thread(path.read_bytes)
    except OSError as error:
        raise RecordRefused(f"cannot read {path}: {error.strerror}") from None
    email = args.inbound_email or path.suffix.lower() == ".eml"
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    content_type = "message/rfc822" if email else guessed
    try:
        kept = await attach_document(
            _database(sessionmaker),
            documents or document_store(get_settings()),
            reference=args.reference,
            name=path.name,
            content_type=content_type,
            content=content,
            source="inbound_email" if email else "upload",
        )
    except DocumentRefused as error:
        raise RecordRefused(str(error)) from None
    size = f"{kept.size:,} bytes"
    return f"Kept {path.name} with {args.reference} ({size}, sha256 {kept.sha256[:12]})"


async def add_staff(args: argparse.Namespace, sessionmaker: Sessionmaker | None) -> str:
    try:
        email = checked_address(args.email, args.name)
    except AddressRefused as error:
        raise RecordRefused(str(error)) from None
    async with UnitOfWork(_database(sessionmaker)) as uow:
        await put_staff(
            uow.session, id=args.id, name=args.name, email=email, manager_id=args.manager
        )
        await uow.commit()
    manager = f", managed by {args.manager}" if args.manager else ""
    return f"{args.name} ({args.id}) gets notices at {email}{manager}"


def _database(sessionmaker: Sessionmaker | None) -> Sessionmaker:
    if sessionmaker is None:
        raise RuntimeError("this command needs the database: the connection has no sessionmaker")
    return sessionmaker
