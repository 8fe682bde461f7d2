"""The store and the complaint activities against a real PostgreSQL (R-REC-1, R-INT-1)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, Delete, Update, delete, select, text, update
from sqlalchemy.exc import DBAPIError
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities import ComplaintActivities
from delivery.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentRefused,
    LocalDocumentStore,
    attach_document,
)
from models.calendar import Closures
from models.effects import (
    AllocateReferenceInput,
    CalendarRequest,
    ComplaintSummary,
    Event,
    NotifyInput,
    Recipient,
    RecordEventInput,
    SendLetterInput,
)
from settings import Settings
from store import migrate, queries
from store.db import Sessionmaker, UnitOfWork, make_engine, make_sessionmaker
from store.references import next_reference
from store.tables import Base, ComplaintEvent, Document

LOGGED_AT = datetime(2026, 12, 18, 10, 30, tzinfo=UTC)
_numbers = count(1)


def new_reference() -> str:
    """A reference no other test uses (the database lives for the whole session)."""
    return f"CMP-2031-{next(_numbers):06d}"


def summary(reference: str, **changes: object) -> ComplaintSummary:
    base = ComplaintSummary(
        reference=reference,
        kind="complaint",
        organisation="landlord",
        service_area="landlord_services",
        channel="web_form",
        stage="stage_1",
        status="received",
        complainant_name="Ada Resident",
        postcode="AB1 2CD",
        first_contact_on=date(2026, 12, 17),
        logged_at=LOGGED_AT,
        categories=["repairs"],
        state={"event_seq": 1, "due": date(2026, 12, 29)},
    )
    return base.model_copy(update=changes)


def event_input(reference: str, seq: int, **changes: object) -> RecordEventInput:
    return RecordEventInput(
        reference=reference,
        seq=seq,
        occurred_at=LOGGED_AT,
        event=Event(kind="logged", summary=f"event {seq}", data={"on": date(2026, 12, 18)}),
        summary=summary(reference, **changes),
    )


@pytest.fixture(scope="session")
async def sessionmaker(postgres_url: str) -> AsyncIterator[Sessionmaker]:
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def complaint_activities(sessionmaker: Sessionmaker, tmp_path: Path) -> ComplaintActivities:
    settings = Settings(data_dir=tmp_path, documents_dir=tmp_path / "documents")
    return ComplaintActivities(sessionmaker, settings, closures=Closures.from_setting("12-31"))


@pytest.fixture
def env() -> ActivityEnvironment:
    return ActivityEnvironment()


async def test_migrations_apply_twice_and_leave_the_database_at_head(
    postgres_url: str, sessionmaker: Sessionmaker
) -> None:
    migrate.upgrade(postgres_url)
    migrate.upgrade(postgres_url)
    async with sessionmaker() as session:
        versions = (await session.scalars(text("SELECT version_num FROM alembic_version"))).all()
    assert versions == [migrate.head()]


async def test_migrations_create_exactly_the_tables_the_code_maps(
    sessionmaker: Sessionmaker,
) -> None:
    def differences(connection: Connection) -> list[Any]:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with sessionmaker() as session:
        connection = await session.connection()
        assert await connection.run_sync(differences) == []


async def test_record_event_twice_keeps_one_row_and_updates_the_read_model_once(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment, sessionmaker: Sessionmaker
) -> None:
    reference = new_reference()
    await env.run(complaint_activities.record_event, event_input(reference, 1))
    async with sessionmaker() as session:
        first = await queries.get_complaint(session, reference)
    # The retry carries a different status: an idempotent activity must ignore it.
    await env.run(complaint_activities.record_event, event_input(reference, 1, status="open"))

    async with sessionmaker() as session:
        events = await queries.list_events(session, reference)
        row = await queries.get_complaint(session, reference)
    assert [(e.seq, e.summary, e.data) for e in events] == [(1, "event 1", {"on": "2026-12-18"})]
    assert first is not None and row is not None
    assert (row.status, row.last_seq, row.updated_at) == ("received", 1, first.updated_at)
    assert row.first_contact_on == date(2026, 12, 17) and row.logged_at == LOGGED_AT
    assert row.categories == ["repairs"]


async def test_an_older_event_does_not_overwrite_a_newer_read_model(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment, sessionmaker: Sessionmaker
) -> None:
    reference = new_reference()
    await env.run(complaint_activities.record_event, event_input(reference, 2, status="open"))
    await env.run(complaint_activities.record_event, event_input(reference, 1, status="received"))

    async with sessionmaker() as session:
        events = await queries.list_events(session, reference)
        row = await queries.get_complaint(session, reference)
    assert [e.seq for e in events] == [1, 2]  # the late event is still recorded
    assert row is not None and (row.status, row.last_seq) == ("open", 2)


async def test_an_event_without_a_summary_only_appends(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment, sessionmaker: Sessionmaker
) -> None:
    reference = new_reference()
    await env.run(complaint_activities.record_event, event_input(reference, 1, status="open"))
    tracker_event = event_input(reference, 2).model_copy(update={"summary": None})
    await env.run(complaint_activities.record_event, tracker_event)

    async with sessionmaker() as session:
        events = await queries.list_events(session, reference)
        row = await queries.get_complaint(session, reference)
    assert [e.seq for e in events] == [1, 2]
    assert row is not None and (row.status, row.last_seq) == ("open", 1)


async def test_record_event_refuses_a_summary_of_another_complaint(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment
) -> None:
    mismatched = event_input(new_reference(), 1).model_copy(
        update={"summary": summary(new_reference())}
    )
    with pytest.raises(ApplicationError, match="carries the summary of") as refused:
        await env.run(complaint_activities.record_event, mismatched)
    assert refused.value.non_retryable


@pytest.mark.parametrize(
    "change",
    [
        update(ComplaintEvent).values(summary="rewritten"),
        delete(ComplaintEvent),
    ],
    ids=["update", "delete"],
)
async def test_r_rec_1_events_cannot_be_updated_or_deleted(
    change: Update | Delete,
    complaint_activities: ComplaintActivities,
    env: ActivityEnvironment,
    sessionmaker: Sessionmaker,
) -> None:
    reference = new_reference()
    await env.run(complaint_activities.record_event, event_input(reference, 1))

    async with UnitOfWork(sessionmaker) as uow:
        with pytest.raises(DBAPIError, match="complaint_events is append-only"):
            await uow.session.execute(change.where(ComplaintEvent.reference == reference))

    async with sessionmaker() as session:
        events = await queries.list_events(session, reference)
    assert [(e.seq, e.summary) for e in events] == [(1, "event 1")]


async def test_references_are_sequential_per_kind_and_year(sessionmaker: Sessionmaker) -> None:
    async with UnitOfWork(sessionmaker) as uow:
        given = [
            await next_reference(uow.session, kind, year)
            for kind, year in [
                ("complaint", 2040),
                ("complaint", 2040),
                ("compliment", 2040),
                ("comment", 2040),
                ("complaint", 2041),
                ("complaint", 2040),
            ]
        ]
        await uow.commit()
    assert given == [
        "CMP-2040-000001",
        "CMP-2040-000002",
        "CPL-2040-000001",
        "CMT-2040-000001",
        "CMP-2041-000001",
        "CMP-2040-000003",
    ]


async def test_an_uncommitted_reference_is_given_again(sessionmaker: Sessionmaker) -> None:
    async with UnitOfWork(sessionmaker) as uow:
        abandoned = await next_reference(uow.session, "comment", 2042)
    async with UnitOfWork(sessionmaker) as uow:
        kept = await next_reference(uow.session, "comment", 2042)
        await uow.commit()
    assert abandoned == kept == "CMT-2042-000001"


async def test_fifty_concurrent_allocations_give_fifty_different_references(
    complaint_activities: ComplaintActivities,
) -> None:
    request = AllocateReferenceInput(kind="complaint", year=2043)
    given = await asyncio.gather(
        *(
            ActivityEnvironment().run(complaint_activities.allocate_reference, request)
            for _ in range(50)
        )
    )
    assert sorted(given) == [f"CMP-2043-{n:06d}" for n in range(1, 51)]


async def test_allocate_reference_refuses_an_unknown_kind(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment
) -> None:
    request = AllocateReferenceInput(kind="grievance", year=2026)
    with pytest.raises(
        ApplicationError, match='no reference prefix for kind "grievance"'
    ) as refused:
        await env.run(complaint_activities.allocate_reference, request)
    assert refused.value.non_retryable


async def test_attach_document_keeps_the_bytes_under_their_hash_once(
    sessionmaker: Sessionmaker, tmp_path: Path
) -> None:
    """An upload or inbound email is kept in its own unit of work (the web's upload and
    ``redress-starter attach``); the same content twice is kept once."""
    store = LocalDocumentStore(tmp_path / "documents")
    reference, content = new_reference(), b"%PDF-1.7 photo of the damp in the bedroom"
    upload = {"name": "damp.pdf", "content_type": "application/pdf", "source": "upload"}
    kept = await attach_document(
        sessionmaker, store, reference=reference, content=content, **upload
    )
    again = await attach_document(
        sessionmaker, store, reference=reference, content=content, **upload
    )

    assert kept.sha256 == again.sha256 == hashlib.sha256(content).hexdigest()
    assert (tmp_path / "documents" / reference / kept.sha256).read_bytes() == content
    async with sessionmaker() as session:
        rows = (
            await session.scalars(select(Document).where(Document.reference == reference))
        ).all()
    assert [(r.seq, r.sha256, r.size, r.path, r.source) for r in rows] == [
        (None, kept.sha256, len(content), f"{reference}/{kept.sha256}", "upload")
    ]


@pytest.mark.parametrize(
    ("size", "says"),
    [(0, "is empty"), (MAX_DOCUMENT_BYTES + 1, "the largest we keep is 20 MB")],
    ids=["empty", "over-20-mb"],
)
async def test_attach_document_refuses_empty_and_oversized_content_and_keeps_nothing(
    size: int, says: str, sessionmaker: Sessionmaker, tmp_path: Path
) -> None:
    reference = new_reference()
    with pytest.raises(DocumentRefused, match=says):
        await attach_document(
            sessionmaker,
            LocalDocumentStore(tmp_path / "documents"),
            reference=reference,
            name="scan.pdf",
            content_type="application/pdf",
            content=b"x" * size,
            source="upload",
        )
    assert not (tmp_path / "documents").exists()
    async with sessionmaker() as session:
        assert await queries.list_documents(session, reference) == []


async def test_letters_and_notifications_are_recorded_once_with_any_delivery_problem(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment, sessionmaker: Sessionmaker
) -> None:
    reference = new_reference()
    letter = SendLetterInput(
        reference=reference,
        seq=4,
        occurred_at=LOGGED_AT,
        letter="acknowledgement",
        organisation="landlord",
        recipients=[Recipient(name="Ada Resident", address="1 High St")],
        channel="email",
        fields={"due": date(2026, 12, 29)},
    )
    notice = NotifyInput(
        reference=reference,
        seq=5,
        occurred_at=LOGGED_AT,
        staff_id="h1",
        to_manager_of=True,
        subject="Stage 1 limit missed",
        body=f"{reference} was due on 29 December 2026.",
    )
    for _ in range(2):
        await env.run(complaint_activities.send_letter, letter)
        await env.run(complaint_activities.notify_staff, notice)

    async with sessionmaker() as session:
        letters = await queries.list_letters(session, reference)
        notices = await queries.list_notifications(session, reference)
    assert [(r.letter, r.fields, r.problem) for r in letters] == [
        (
            "acknowledgement",
            {"due": "2026-12-29"},
            "Not sent by email: there is no email address for the resident Ada Resident.",
        )
    ]
    assert [(n.staff_id, n.to_manager_of, n.subject) for n in notices] == [
        ("h1", True, "Stage 1 limit missed")
    ]


async def test_open_by_due_lists_unfinished_complaints_soonest_first(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment, sessionmaker: Sessionmaker
) -> None:
    later, sooner, closed = new_reference(), new_reference(), new_reference()
    for reference, due, status in [
        (later, date(1999, 3, 2), "open"),
        (sooner, date(1999, 3, 1), "open"),
        (closed, date(1999, 2, 1), "closed"),
    ]:
        changes = {"next_due": due, "status": status, "is_open": status == "open"}
        await env.run(complaint_activities.record_event, event_input(reference, 1, **changes))

    async with sessionmaker() as session:
        queue = [c.reference for c in await queries.open_by_due(session, limit=2)]
    assert queue == [sooner, later]


async def test_calendar_snapshot_has_christmas_and_the_substitute_boxing_day(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment
) -> None:
    request = CalendarRequest(covers_from=date(2026, 1, 1), covers_to=date(2027, 12, 31))
    snapshot = await env.run(complaint_activities.calendar_snapshot, request)

    assert {date(2026, 12, 25), date(2026, 12, 28)} <= set(snapshot.non_working)
    assert date(2026, 12, 31) in snapshot.non_working  # the configured closure
    assert date(2026, 12, 29) not in snapshot.non_working


def test_closures_are_read_as_month_days_and_dates() -> None:
    closures = Closures.from_setting(" 12-29, 12-30 ,2026-06-15,")
    assert closures.annual == ["12-29", "12-30"]
    assert closures.dates == [date(2026, 6, 15)]
    with pytest.raises(ValueError, match='"29/12"'):
        Closures.from_setting("29/12")


async def test_r_int_1_a_retried_keyed_allocation_returns_the_same_reference(
    complaint_activities: ComplaintActivities, env: ActivityEnvironment
) -> None:
    """A linked complaint's reference is allocated once, however often the activity runs."""
    ask = AllocateReferenceInput(kind="complaint", year=2031, key="CMP-2031-000001:7")
    first = await env.run(complaint_activities.allocate_reference, ask)
    again = await env.run(complaint_activities.allocate_reference, ask)
    other = await env.run(
        complaint_activities.allocate_reference, ask.model_copy(update={"key": "CMP-2031-000001:9"})
    )
    assert first == again
    assert other != first
