"""Documents kept with a complaint (R-REC-1), in the local folder and in an S3-compatible
bucket behind the same interface. The bucket is moto's S3 server over HTTP, spoken to by
the real boto3 client."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import select

from delivery.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    DocumentStore,
    LocalDocumentStore,
    S3DocumentStore,
    keep_document,
    read_document,
)
from devstack.process import free_port
from store.db import make_engine, make_sessionmaker
from store.tables import Document

_numbers = count(1)


def new_reference() -> str:
    return f"CMP-2033-{next(_numbers):06d}"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DocumentStore:
    if request.param == "local":
        return LocalDocumentStore(tmp_path / "documents")
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-2",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    bucket = f"redress-{next(_numbers)}"
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    return S3DocumentStore(bucket, prefix="complaints/", client=client)


@pytest.fixture
async def sessionmaker(postgres_url: str):
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def documents_of(sessionmaker, reference: str) -> list[Document]:
    async with sessionmaker() as session:
        statement = select(Document).where(Document.reference == reference)
        return list((await session.scalars(statement)).all())


async def test_r_rec_1_a_document_is_kept_once_under_its_hash_and_read_back(
    store: DocumentStore, sessionmaker
) -> None:
    reference = new_reference()
    content = b"From: resident@example.org\r\n\r\nThe damp is back in the bedroom.\r\n"
    for _ in range(2):  # the same email arriving twice is kept once
        async with sessionmaker() as session:
            kept = await keep_document(
                session,
                store,
                reference=reference,
                name="reply.eml",
                content_type="message/rfc822",
                content=content,
                source="inbound_email",
            )
            await session.commit()

    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    [row] = await documents_of(sessionmaker, reference)
    assert (row.source, row.storage, row.size) == ("inbound_email", store.kind, len(content))
    async with sessionmaker() as session:
        found = await read_document(session, store, reference, kept.sha256)
    assert found is not None and found[1] == content


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("photo.jpg", b"", 'the document "photo.jpg" is empty; there is nothing to keep'),
        (
            "video.mp4",
            b"x" * (MAX_DOCUMENT_BYTES + 1),
            'the document "video.mp4" is 20.0 MB; the largest we keep is 20 MB',
        ),
        ("   ", b"text", "the document needs a name"),
    ],
    ids=["empty", "oversized", "no name"],
)
async def test_an_empty_oversized_or_unnamed_upload_is_refused_and_nothing_is_written(
    store: DocumentStore, sessionmaker, name: str, content: bytes, words: str
) -> None:
    reference = new_reference()
    async with sessionmaker() as session:
        with pytest.raises(DocumentRefused) as refused:
            await keep_document(
                session,
                store,
                reference=reference,
                name=name,
                content_type="application/octet-stream",
                content=content,
                source="upload",
            )
        await session.commit()

    assert str(refused.value) == words
    assert await documents_of(sessionmaker, reference) == []
    if isinstance(store, LocalDocumentStore):
        assert not (store.folder / reference).exists()


async def test_a_document_for_something_that_is_not_a_reference_is_refused(
    tmp_path: Path, sessionmaker
) -> None:
    store = LocalDocumentStore(tmp_path)
    async with sessionmaker() as session:
        with pytest.raises(DocumentRefused, match='"../etc" is not a complaint reference'):
            await keep_document(
                session,
                store,
                reference="../etc",
                name="x.txt",
                content_type="text/plain",
                content=b"x",
                source="upload",
            )
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240 - a test's own temporary folder
