"""R-DP-3 on the real store: a complaint whose record has been complete for the retention
period loses its resident's name, contact details and text from every table (a correction's
old and new details, notes, the vulnerability, the survey comment, information sent, the
resident's sign-in links and the mailbox's messages among them) and its documents from the
documents folder; the period report's figures are the same after as before, another
resident's complaint is untouched, and the act is recorded."""

from __future__ import annotations

import argparse
import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select, text

from dataprotection.retention import due, erase_after, erase_due
from delivery.documents import document_store, keep_document
from models.messages import (
    AnswerSurveyInput,
    CorrectContactInput,
    RecordContactInput,
    RecordVulnerabilityInput,
    SendInformationInput,
)
from models.parties import Complainant, ContactPreferences
from reports.__main__ import build
from store import queries
from store.rebuild import rebuilt_rows
from store.tables import ComplaintEvent, GuessAttempt, MailMessage, RetentionRecord
from tests.harness import Complaints, eventually
from tests.workflows.test_escalation import responded_at_stage_two
from web.resident_links import new_link

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
# What was recorded about the person after logging (R-EDIT-1, R-NOTE-1, R-VUL-1, R-SAT-1,
# R-RES-1, R-CHAN-2): each must go too.
NEW_EMAIL = "p.quillfeather@example.com"
NEW_PHONE = "07700 900456"
NOTE = "Rang to say the dehumidifier hums all night"
CIRCUMSTANCES = "Asthma made worse by the damp"
NAMED_CONTACT = "Ottoline Quillfeather"
SURVEY = "The surveyor was kind but late twice"
INFORMATION = "Photographs of the skirting board taken in April"
MAIL_SUBJECT = "Mould in the back bedroom again"
MAIL_BODY = "The wardrobe wall is wet to the touch"
ATTACHMENT = "wardrobe-wall.jpg"
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
    NEW_EMAIL,
    NEW_PHONE,
    NOTE,
    CIRCUMSTANCES,
    "Ottoline",
    SURVEY,
    INFORMATION,
    MAIL_SUBJECT,
    MAIL_BODY,
    ATTACHMENT,
]


async def recorded_after_logging(complaints: Complaints, handle: Any) -> None:
    """A correction, a note, a vulnerability, the survey and information from the resident,
    a sign-in link and a message from the mailbox, each holding the person."""
    today = await complaints.today()
    for update, inp in (
        (
            "correct_contact",
            CorrectContactInput(
                by="o.ahmed", reason="New address given", email=NEW_EMAIL, phone=NEW_PHONE
            ),
        ),
        ("record_contact", RecordContactInput(by="h.khan", kind="phone_in", summary=NOTE)),
        (
            "record_vulnerability",
            RecordVulnerabilityInput(
                by="h.khan",
                circumstances=CIRCUMSTANCES,
                adjustments=["advocate"],
                named_contact=NAMED_CONTACT,
                review_on=today + timedelta(days=30),
            ),
        ),
        ("answer_survey", AnswerSurveyInput(satisfaction=2, comments=SURVEY)),
        ("send_information", SendInformationInput(information=INFORMATION)),
    ):
        await complaints.act(handle, update, inp)
    await new_link(complaints.sessionmaker, handle.id, NEW_EMAIL, await complaints.now())
    async with complaints.sessionmaker() as session:
        session.add(
            MailMessage(
                key=f"<mould.{handle.id}@example.com>",
                mailbox="INBOX",
                uidvalidity=1,
                uid=1,
                received_at=await complaints.now(),
                sender_name=PERSON.name,
                sender_email=PERSON.email,
                subject=MAIL_SUBJECT,
                body=MAIL_BODY,
                raw=f"From: {PERSON.email}\r\nSubject: {MAIL_SUBJECT}\r\n\r\n{MAIL_BODY}".encode(),
                attachments=[
                    {"name": ATTACHMENT, "content_type": "image/jpeg", "size": 3, "refused": None}
                ],
                thread_reference=handle.id,
                status="joined",
                reference=handle.id,
            )
        )
        now = await complaints.now()
        session.add(GuessAttempt(scope="status", key=f"reference:{handle.id}", failed_at=now))
        await session.commit()


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
    await recorded_after_logging(complaints, handle)
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
    assert [trace for trace in TRACES if trace.lower() not in held.lower()] == []
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
        assert record.changed["mail_messages"] == 1 and record.changed["resident_links"] == 1
        counted = select(GuessAttempt.id).where(GuessAttempt.key == f"reference:{reference}")
        assert await session.scalar(counted) is None
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
