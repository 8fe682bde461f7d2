"""R-DP-3 on the real store: a complaint whose record has been complete for the retention
period loses its resident's name, contact details and text from every table and its
documents from the documents folder; the period report's figures are the same after as
before, another resident's complaint is untouched, and the act is recorded."""

from __future__ import annotations

import argparse
import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text

from dataprotection.retention import due, erase_after, erase_due
from delivery.documents import document_store, keep_document
from models.parties import Complainant, ContactPreferences
from reports.__main__ import build
from store import queries
from store.rebuild import rebuilt_rows
from store.tables import ComplaintEvent, RetentionRecord
from tests.harness import Complaints, eventually
from tests.workflows.test_escalation import responded_at_stage_two

PERSON = Complainant(
    name="Perpetua Quillfeather",
    email="perpetua.quill@example.net",
    phone="07700 900123",
    address="12 Minster Yard, York",
    postcode="YO1 7HH",
    preferences=ContactPreferences(channel="post"),
)
DESCRIPTION = "Black mould behind the wardrobe since the March floods"
OUTCOMES = "Treat the mould and repaint the bedroom"
TRACES = [
    "Perpetua",
    "Quillfeather",
    "perpetua.quill@example.net",
    "07700 900123",
    "Minster Yard",
    "YO1 7HH",
    "YO17HH",
    DESCRIPTION,
    OUTCOMES,
]


async def everything_held(complaints: Complaints) -> str:
    """Every row of every table of the database, as text."""
    async with complaints.sessionmaker() as session:
        tables = await session.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        found = []
        for table in tables.all():
            rows = await session.scalar(text(f"SELECT string_agg(t::text, ' ') FROM \"{table}\" t"))
            found.append(rows or "")
        return "\n".join(found)


async def period_report(complaints: Complaints, start: Any, end: Any) -> dict[str, Any]:
    args = argparse.Namespace(command="period", start=start, end=end, json=True)
    report = await build(args, complaints.sessionmaker)
    return report.model_dump(mode="json")  # type: ignore[union-attr]


async def test_r_dp_3_after_the_period_the_person_is_gone_and_the_figures_stay(
    complaints: Complaints,
) -> None:
    handle = await responded_at_stage_two(
        complaints, complainant=PERSON, description=DESCRIPTION, outcomes_sought=OUTCOMES
    )
    reference = handle.id
    store = document_store(complaints.settings)
    async with complaints.sessionmaker() as session:
        await keep_document(
            session,
            store,
            reference=reference,
            name="Quillfeather photos.eml",
            content_type="message/rfc822",
            content=f"From: {PERSON.email}\r\n\r\n{DESCRIPTION}\r\n".encode(),
            source="inbound_email",
        )
        await session.commit()
    # The workflow holds the complaint 12 months after its final response, then completes.
    await asyncio.wait_for(handle.result(), timeout=120)
    other = await complaints.log()  # another resident's complaint, open
    async with complaints.sessionmaker() as session:
        await keep_document(
            session,
            store,
            reference=other.id,
            name="boiler.txt",
            content_type="text/plain",
            content=b"Alex Morgan's boiler",
            source="upload",
        )
        await session.commit()
        completed_at = await session.scalar(
            select(ComplaintEvent.occurred_at).where(
                ComplaintEvent.reference == reference, ComplaintEvent.kind == "completed"
            )
        )
        first_contact = (await queries.get_complaint(session, reference)).first_contact_on
    assert completed_at is not None
    held = await everything_held(complaints)
    assert all(trace in held for trace in ("Quillfeather", PERSON.email, DESCRIPTION))
    start, end = first_contact - timedelta(days=1), first_contact + timedelta(days=400)
    before = await period_report(complaints, start, end)
    assert before["complaints"] >= 1 and before["outcomes"]  # the erased complaint counts
    documents = complaints.settings.documents_path
    assert (documents / reference).is_dir()
    other_before = await complaints.row(other.id)

    erase_on = erase_after(completed_at, complaints.settings.retention_years)
    async with complaints.sessionmaker() as session:
        assert reference not in [
            d.reference for d in await due(session, erase_on - timedelta(1), 6)
        ]
    erased = await erase_due(
        complaints.sessionmaker, store, complaints.settings.print_queue_path, erase_on, 6
    )

    assert reference in erased and other.id not in erased
    held = await everything_held(complaints)
    assert [trace for trace in TRACES if trace.lower() in held.lower()] == []
    assert not (documents / reference).exists()
    assert await period_report(complaints, start, end) == before
    async with complaints.sessionmaker() as session:
        record = await session.get(RetentionRecord, reference)
        assert record is not None and record.period_years == 6
        assert record.changed["documents"] >= 2  # the email and the letters as sent
        assert record.changed["complaint_events"] > 0 and record.changed["letters"] > 0
        # The read model still rebuilds from the (anonymised) event log to the same row.
        [rebuilt] = [row async for row in rebuilt_rows(session, [reference])]
        live = await queries.get_complaint(session, reference)
        assert live is not None and live.complainant_name == "[erased]"
        assert {k: getattr(live, k) for k in rebuilt if k != "last_seq"} == {
            k: v for k, v in rebuilt.items() if k != "last_seq"
        }
        [kept] = await queries.list_documents(session, other.id)
    assert (kept.name, (documents / kept.path).read_bytes()) == (
        "boiler.txt",
        b"Alex Morgan's boiler",
    )
    assert (await complaints.row(other.id)).complainant_name == other_before.complainant_name
    # Erased once: the next run finds nothing more to do.
    assert (
        await erase_due(
            complaints.sessionmaker, store, complaints.settings.print_queue_path, erase_on, 6
        )
        == []
    )


async def test_the_event_log_refuses_a_rewrite_outside_retention(complaints: Complaints) -> None:
    handle = await complaints.log()
    await eventually(lambda: complaints.events(handle.id), lambda events: bool(events))
    async with complaints.sessionmaker() as session:
        refused = None
        try:
            await session.execute(
                text("UPDATE complaint_events SET summary = 'x' WHERE reference = :r"),
                {"r": handle.id},
            )
        except Exception as error:  # noqa: BLE001 - the trigger's refusal
            refused = str(error)
        await session.rollback()
        await session.execute(text("SET LOCAL redress.retention = 'on'"))
        moved = None
        try:
            await session.execute(
                text("UPDATE complaint_events SET seq = seq + 1000 WHERE reference = :r"),
                {"r": handle.id},
            )
        except Exception as error:  # noqa: BLE001
            moved = str(error)
        await session.rollback()
    assert refused is not None and "append-only" in refused
    assert moved is not None and "append-only" in moved  # retention never renumbers
