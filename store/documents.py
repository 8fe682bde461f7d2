"""The ``documents`` table: which documents a complaint has, and where their bytes are.
The bytes themselves are in a document store (``delivery.documents``). The caller's unit of
work commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import Document


async def add_document(
    session: AsyncSession,
    *,
    reference: str,
    seq: int | None,
    name: str,
    content_type: str,
    sha256: str,
    size: int,
    path: str,
    source: str,
    storage: str,
) -> None:
    """Name a document with its complaint, once per complaint and content."""
    await session.execute(
        insert(Document)
        .values(
            reference=reference,
            seq=seq,
            name=name,
            content_type=content_type,
            sha256=sha256,
            size=size,
            path=path,
            source=source,
            storage=storage,
        )
        .on_conflict_do_nothing(index_elements=["reference", "sha256"])
    )


async def find_document(session: AsyncSession, reference: str, sha256: str) -> Document | None:
    return await session.scalar(
        select(Document).where(Document.reference == reference, Document.sha256 == sha256)
    )
