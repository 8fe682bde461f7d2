"""Delivering recorded letters and notices on a real PostgreSQL and a real SMTP server:
bad input is refused in words with nothing half-written, and a retried delivery never
sends twice (R-COM-1, R-COM-2, R-WHO-2, R-REC-1)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert

from delivery.documents import LocalDocumentStore
from delivery.mail import Mailer
from delivery.send import Deliverer
from devstack.process import free_port
from settings import Settings
from store.db import Sessionmaker, make_engine, make_sessionmaker
from store.tables import Delivery, Document, LetterRecord, StaffNotification
from tests.letters.samples import FIELDS, REPRESENTATIVE, RESIDENT
from tests.mail import LocalMailSink

_numbers = count(1)
AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def new_reference() -> str:
    return f"CMP-2032-{next(_numbers):06d}"


@pytest.fixture
async def sessionmaker(postgres_url: str):
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def deliverer(sessionmaker: Sessionmaker, mail_sink: LocalMailSink, tmp_path: Path) -> Deliverer:
    settings = Settings(
        environment="test", data_dir=tmp_path, smtp_host=mail_sink.host, smtp_port=mail_sink.port
    )
    return Deliverer(
        sessionmaker,
        mailer=Mailer(settings),
        documents=LocalDocumentStore(tmp_path / "documents"),
        print_queue=tmp_path / "print-queue",
        complaints_team="team@example.org",
    )


async def record_letter(
    sessionmaker: Sessionmaker,
    reference: str,
    *,
    letter: str = "acknowledgement",
    channel: str = "email",
    recipients: list[dict[str, Any]] | None = None,
    fields: dict[str, Any] | None = None,
    seq: int = 5,
) -> None:
    values = copy.deepcopy(fields if fields is not None else FIELDS[letter])
    values["reference"] = reference
    async with sessionmaker() as session:
        await session.execute(
            insert(LetterRecord).values(
                reference=reference,
                seq=seq,
                letter=letter,
                organisation="landlord",
                channel=channel,
                large_print=False,
                recipients=recipients
                if recipients is not None
                else [RESIDENT.model_dump(mode="json")],
                fields=values,
                occurred_at=AT,
            )
        )
        await session.commit()


async def rows(sessionmaker: Sessionmaker, table: Any, reference: str) -> list[Any]:
    async with sessionmaker() as session:
        return list(
            (await session.scalars(select(table).where(table.reference == reference))).all()
        )


async def test_r_who_2_resident_and_representative_each_get_the_letter_once(
    deliverer: Deliverer, sessionmaker: Sessionmaker, mail_sink: LocalMailSink
) -> None:
    reference = new_reference()
    people = [RESIDENT.model_dump(mode="json"), REPRESENTATIVE.model_dump(mode="json")]
    await record_letter(sessionmaker, reference, recipients=people)

    first = await deliverer.deliver_letter(reference, 5)
    again = await deliverer.deliver_letter(reference, 5)  # a retry after a lost reply

    assert first.outcomes == ["sent by email: Alex Morgan", "sent by email: Cllr Jo Patel"]
    assert again.outcomes == ["sent already: Alex Morgan", "sent already: Cllr Jo Patel"]
    mail = mail_sink.for_reference(reference)
    assert sorted(str(m["To"]) for m in mail) == ["alex@example.org", "jo.patel@example.org"]
    assert {m["Message-ID"] for m in mail} == {
        f"<{reference}.5.0@example.org>",
        f"<{reference}.5.1@example.org>",
    }
    delivered = await rows(sessionmaker, Delivery, reference)
    assert [(d.status, d.attempts) for d in delivered] == [("sent", 1), ("sent", 1)]


async def test_an_invalid_email_address_is_undeliverable_with_the_reason_and_nothing_sent(
    deliverer: Deliverer, sessionmaker: Sessionmaker, mail_sink: LocalMailSink
) -> None:
    reference = new_reference()
    person = RESIDENT.model_dump(mode="json") | {"email": "alex at example dot org"}
    await record_letter(sessionmaker, reference, recipients=[person])

    report = await deliverer.deliver_letter(reference, 5)

    [problem] = report.problems
    assert 'the email address "alex at example dot org" for the resident Alex Morgan' in problem
    assert "is not valid" in problem
    [row] = await rows(sessionmaker, Delivery, reference)
    assert (row.status, row.problem) == ("undeliverable", problem)
    assert mail_sink.for_reference(reference) == []
    assert await rows(sessionmaker, Document, reference) == []


async def test_a_letter_by_post_without_a_postal_address_is_not_queued(
    deliverer: Deliverer, sessionmaker: Sessionmaker, tmp_path: Path
) -> None:
    reference = new_reference()
    person = RESIDENT.model_dump(mode="json") | {"address": None}
    await record_letter(sessionmaker, reference, channel="post", recipients=[person])

    report = await deliverer.deliver_letter(reference, 5)

    assert report.problems == [
        "Not posted: there is no postal address for the resident Alex Morgan; add one to the "
        "complaint or ask how they would like to hear from us."
    ]
    assert list((tmp_path / "print-queue").glob("*")) == []
    assert await rows(sessionmaker, Document, reference) == []


async def test_r_ack_1_a_letter_missing_a_mandatory_part_is_not_sent_and_nothing_is_kept(
    deliverer: Deliverer, sessionmaker: Sessionmaker, mail_sink: LocalMailSink
) -> None:
    reference = new_reference()
    fields = copy.deepcopy(FIELDS["acknowledgement"])
    del fields["response_due"]
    await record_letter(sessionmaker, reference, fields=fields)

    report = await deliverer.deliver_letter(reference, 5)

    [problem] = report.problems
    assert problem.startswith("Not sent: the acknowledgement letter could not be written.")
    assert "response due date" in problem
    [row] = await rows(sessionmaker, Delivery, reference)
    assert row.status == "undeliverable"
    assert mail_sink.for_reference(reference) == []
    assert await rows(sessionmaker, Document, reference) == []


async def test_r_com_1_a_letter_by_post_is_a_print_ready_pdf_in_the_queue_and_kept(
    deliverer: Deliverer, sessionmaker: Sessionmaker, tmp_path: Path
) -> None:
    reference = new_reference()
    await record_letter(sessionmaker, reference, channel="post")

    report = await deliverer.deliver_letter(reference, 5)
    await deliverer.deliver_letter(reference, 5)

    assert report.outcomes == ["queued for post: Alex Morgan"]
    [pdf] = list((tmp_path / "print-queue").glob(f"{reference}-*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF")
    [document] = await rows(sessionmaker, Document, reference)
    assert (document.source, document.size) == ("letter", pdf.stat().st_size)
    stored = tmp_path / "documents" / document.path
    assert stored.read_bytes() == pdf.read_bytes()


async def test_a_mail_server_that_is_down_fails_the_attempt_and_the_retry_sends_once(
    sessionmaker: Sessionmaker, mail_sink: LocalMailSink, tmp_path: Path
) -> None:
    reference = new_reference()
    await record_letter(sessionmaker, reference)
    down = Settings(environment="test", data_dir=tmp_path, smtp_port=free_port())
    up = Settings(
        environment="test", data_dir=tmp_path, smtp_host=mail_sink.host, smtp_port=mail_sink.port
    )
    ports = {
        "documents": LocalDocumentStore(tmp_path / "documents"),
        "print_queue": tmp_path / "print-queue",
        "complaints_team": "team@example.org",
    }

    with pytest.raises(OSError):
        await Deliverer(sessionmaker, mailer=Mailer(down), **ports).deliver_letter(reference, 5)
    [row] = await rows(sessionmaker, Delivery, reference)
    assert row.status == "sending"

    await Deliverer(sessionmaker, mailer=Mailer(up), **ports).deliver_letter(reference, 5)

    [row] = await rows(sessionmaker, Delivery, reference)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mail_sink.for_reference(reference)) == 1


async def test_r_s1_2_a_notice_for_someone_not_on_file_goes_to_the_complaints_team(
    deliverer: Deliverer, sessionmaker: Sessionmaker, mail_sink: LocalMailSink
) -> None:
    reference = new_reference()
    async with sessionmaker() as session:
        await session.execute(
            insert(StaffNotification).values(
                reference=reference,
                seq=9,
                staff_id="nobody.known",
                to_manager_of=False,
                subject=f"Deadline missed: Stage 1 response ({reference})",
                body="The Stage 1 response was due on Monday 2 March 2026.",
                occurred_at=AT,
            )
        )
        await session.commit()

    await deliverer.deliver_notice(reference, 9)

    [message] = mail_sink.for_reference(reference)
    assert message["To"] == "team@example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "no email address on file for nobody.known" in text
    async with sessionmaker() as session:
        assert (
            await session.scalar(
                select(func.count()).select_from(Delivery).where(Delivery.reference == reference)
            )
            == 1
        )
