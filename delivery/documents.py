"""Documents kept with a complaint (R-REC-1): letters as sent, inbound emails, uploads.

Every document is named by the SHA-256 of its content and linked to its complaint by a
row in ``documents``. The bytes live in a `DocumentStore`: a local folder by default, or
an S3-compatible bucket (``REDRESS_DOCUMENTS_STORE=s3``; needs the ``s3`` extra, boto3).
Both write a document whole or not at all, and writing the same content twice is a no-op.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from settings import Settings
from store.db import Sessionmaker, UnitOfWork
from store.documents import add_document, find_document
from store.references import RECORD_REFERENCE_PATTERN
from store.tables import Document

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
SOURCES = ("letter", "inbound_email", "upload")


class DocumentRefused(ValueError):
    """A document we will not keep; the message says why in words the sender understands."""


class DocumentStore(Protocol):
    """Where documents' bytes live; ``key`` is ``<reference>/<sha256>``."""

    kind: str

    async def put(self, key: str, content: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...


class LocalDocumentStore:
    """Documents under a folder on the worker's disk (the default)."""

    kind = "local"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def put(self, key: str, content: bytes) -> None:
        await asyncio.to_thread(write_once, self.folder / key, content)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread((self.folder / key).read_bytes)


class S3DocumentStore:
    """Documents in an S3-compatible bucket (AWS S3, MinIO, Ceph...), through boto3.

    An object is only visible once wholly uploaded, so a failed upload leaves nothing.
    """

    kind = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        prefix: str = "",
        client: Any = None,
    ) -> None:
        if client is None:
            try:
                import boto3
            except ImportError:
                raise RuntimeError(
                    "the S3 document store needs boto3: pip install 'redress[s3]'"
                ) from None
            client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    async def put(self, key: str, content: bytes) -> None:
        await asyncio.to_thread(
            self.client.put_object, Bucket=self.bucket, Key=self.prefix + key, Body=content
        )

    async def get(self, key: str) -> bytes:
        def read() -> bytes:
            found = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
            return found["Body"].read()

        return await asyncio.to_thread(read)


def document_store(settings: Settings) -> DocumentStore:
    """The store the settings ask for."""
    if settings.documents_store == "s3":
        assert settings.s3_bucket is not None  # checked by Settings
        return S3DocumentStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            prefix=settings.s3_prefix,
        )
    return LocalDocumentStore(settings.documents_path)


def write_once(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` whole or not at all (a temp file, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():  # named by its hash: the same bytes are already there
        return
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:12]}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Kept:
    sha256: str
    size: int
    path: str


def safe_file_name(name: str) -> str:
    """A document's name as a downloaded or bundled file's: letters, digits, dots, dashes,
    underscores and spaces kept, anything else an underscore, at most 100 characters."""
    return "".join(c if c.isalnum() or c in "._- " else "_" for c in name)[:100] or "document"


def check_document(reference: str, name: str, content: bytes) -> None:
    """Refuse what we will not keep, before anything is written."""
    if not RECORD_REFERENCE_PATTERN.match(reference):
        raise DocumentRefused(f'"{reference}" is not a complaint reference')
    if not name.strip():
        raise DocumentRefused("the document needs a name")
    size = len(content)
    if size == 0:
        raise DocumentRefused(f'the document "{name}" is empty; there is nothing to keep')
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(
            f'the document "{name}" is {size / 1024 / 1024:.1f} MB; the largest we keep is '
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB"
        )


async def keep_document(
    session: AsyncSession,
    store: DocumentStore,
    *,
    reference: str,
    name: str,
    content_type: str,
    content: bytes,
    source: str,
    seq: int | None = None,
) -> Kept:
    """Keep a document with a complaint: the bytes in the store, then the row.

    The caller commits the session. The bytes go first and are named by their hash, so a
    failure between the two leaves at most an unreferenced copy, never a row without its
    document; keeping the same content again adds nothing.
    """
    check_document(reference, name, content)
    if source not in SOURCES:
        raise DocumentRefused(f'"{source}" is not a document source ({", ".join(SOURCES)})')
    sha256 = hashlib.sha256(content).hexdigest()
    path = f"{reference}/{sha256}"
    await store.put(path, content)
    await add_document(
        session,
        reference=reference,
        seq=seq,
        name=name,
        content_type=content_type,
        sha256=sha256,
        size=len(content),
        path=path,
        source=source,
        storage=store.kind,
    )
    return Kept(sha256=sha256, size=len(content), path=path)


async def attach_document(
    sessionmaker: Sessionmaker,
    store: DocumentStore,
    *,
    reference: str,
    name: str,
    content_type: str,
    content: bytes,
    source: str,
) -> Kept:
    """Keep an upload or an inbound email with a complaint, in its own unit of work: what
    the web's upload and ``redress-starter attach`` call. Refused (`DocumentRefused`) before
    anything is written."""
    async with UnitOfWork(sessionmaker) as uow:
        kept = await keep_document(
            uow.session,
            store,
            reference=reference,
            name=name,
            content_type=content_type,
            content=content,
            source=source,
        )
        await uow.commit()
    return kept


async def read_document(
    session: AsyncSession, store: DocumentStore, reference: str, sha256: str
) -> tuple[Document, bytes] | None:
    """A kept document and its bytes, or None when the complaint has no such document."""
    row = await find_document(session, reference, sha256)
    if row is None:
        return None
    return row, await store.get(row.path)
