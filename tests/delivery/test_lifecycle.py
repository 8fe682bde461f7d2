"""The complaint record end to end (R-REC-1, R-COM-1, R-COM-2, R-WHO-2, R-S1-2): a
time-skipped Stage 1 lifecycle on the real test server writes the event log and the read
model to PostgreSQL and sends its letters through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from letters.render import long_date
from models.enums import Decision, RemedyKind, RepresentativeKind
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    RecordRestrictionInput,
    SubmitResponseInput,
)
from models.parties import Complainant, ContactPreferences, ContactRestriction, Representative
from models.stages import IssueDecision, Remedy, StageResponse
from store import queries
from store.rebuild import differences, rebuild
from store.tables import Complaint, Delivery, Document, StaffRecord
from tests.harness import HANDLER, Complaints, eventually

ASSIGN = AssignHandlerInput(by="officer", handler=HANDLER)
MANAGER = StaffRecord(id="m.osei", name="Mo Osei", email="mo.osei@example.org")


async def staff_on_file(complaints: Complaints) -> None:
    """The staff directory: the handler and their manager."""
    async with complaints.sessionmaker() as session:
        for member in (
            {
                "id": HANDLER.id,
                "name": HANDLER.name,
                "email": HANDLER.email,
                "manager_id": "m.osei",
            },
            {"id": MANAGER.id, "name": MANAGER.name, "email": MANAGER.email, "manager_id": None},
        ):
            statement = insert(StaffRecord).values(**member)
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=[StaffRecord.id],
                    set_={k: statement.excluded[k] for k in ("name", "email", "manager_id")},
                )
            )
        await session.commit()


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return " ".join(part.get_content().split())


def pdf_text(message: EmailMessage) -> str:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    import io

    reader = PdfReader(io.BytesIO(attachment.get_content()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


async def mail_for(complaints: Complaints, reference: str, count: int) -> list[EmailMessage]:
    return await eventually(lambda: _mail(complaints, reference), lambda found: len(found) >= count)


async def _mail(complaints: Complaints, reference: str) -> list[EmailMessage]:
    return complaints.mail.for_reference(reference)


async def deliveries(complaints: Complaints, reference: str) -> list[Delivery]:
    async with complaints.sessionmaker() as session:
        return list(await queries.list_deliveries(session, reference))


async def opened(complaints: Complaints, **intake: Any):
    await complaints.start_of_working_day()
    handle = await complaints.log(**intake)
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id,
            definition="The boiler was not repaired for three weeks",
            outcomes_sought="A working boiler and compensation",
            issues=["Boiler repair delay", "Poor communication"],
        ),
    )
    return handle


def response() -> SubmitResponseInput:
    return SubmitResponseInput(
        by=HANDLER.id,
        response=StageResponse(
            definition="The boiler was not repaired for three weeks",
            decisions=[
                IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Parts were late"),
                IssueDecision(issue_id=2, decision=Decision.NOT_UPHELD, reasons="Calls returned"),
            ],
            reasons="Our repairs policy sets a 3 day target for loss of heating.",
            remedies=[
                Remedy(kind=RemedyKind.APOLOGY, description="We apologise for the delay"),
            ],
            lesson="Order boiler parts on the first visit",
        ),
    )


async def test_r_rec_1_stage_1_lifecycle_leaves_events_read_model_and_mail(
    complaints: Complaints,
) -> None:
    today = await complaints.today()
    handle = await opened(
        complaints,
        representative=Representative(
            name="Cllr Sam Reid",
            kind=RepresentativeKind.COUNCILLOR,
            email="sam.reid@example.org",
            consent_recorded_on=today,
        ),
    )
    reference = handle.id
    today = await complaints.today()
    state = await complaints.state(handle)
    due = state.deadlines["stage_1_response"].due
    await complaints.act(handle, "submit_response", response())

    # Acknowledgement and Stage 1 response, each to the resident and the councillor.
    mail = await mail_for(complaints, reference, 4)
    assert len(mail) == 4
    to = sorted(str(m["To"]) for m in mail)
    assert to == sorted(["alex@example.org", "alex@example.org"] + ["sam.reid@example.org"] * 2)
    ids = [m["Message-ID"] for m in mail]
    assert len(set(ids)) == 4 and all(i.startswith(f"<{reference}.") for i in ids)

    subjects = {m["Subject"] for m in mail}
    assert subjects == {
        f"Your complaint {reference}: we have received it",
        f"Your complaint {reference}: our decision at Stage 1",
    }, subjects
    acknowledgement = next(m for m in mail if "received" in m["Subject"])
    text = body(acknowledgement)
    # R-ACK-1: the reference, our understanding, the outcomes sought and the due date.
    for part in (
        reference,
        "The boiler was not repaired for three weeks",
        "A working boiler and compensation",
        long_date(due),
    ):
        assert part in text, part
    assert reference in pdf_text(acknowledgement)

    answer = next(m for m in mail if "our decision at Stage 1" in m["Subject"])
    text = body(answer)
    # R-S1-6: a decision and reasons per issue, the remedy, and how to escalate.
    for part in (
        "Stage 1 response",
        "Upheld. Parts were late",
        "Not upheld. Calls returned",
        "Our repairs policy sets a 3 day target",
        "We apologise for the delay",
        "Stage 2",
    ):
        assert part in text, part
    assert HANDLER.name not in text  # R-S1-7: the complaint is not about the handler

    # The record: events, letters, deliveries and kept documents.
    kinds = [e.kind for e in await complaints.events(reference)]
    for kind in ("logged", "accepted", "acknowledged", "deadline_set", "responded", "letter_sent"):
        assert kind in kinds, kind
    sent = await deliveries(complaints, reference)
    assert [d.status for d in sent] == ["sent"] * 4
    async with complaints.sessionmaker() as session:
        documents = (
            await session.scalars(select(Document).where(Document.reference == reference))
        ).all()
        row = await session.get(Complaint, reference)
    assert len(documents) == 4 and {d.source for d in documents} == {"letter"}
    assert {d.sha256 for d in documents} == {d.document_sha256 for d in sent}

    # The read model: stage, status, outcome, issues with decisions, deadlines met.
    assert row is not None
    assert (row.stage, row.status, row.outcome, row.is_open) == (
        "stage_1",
        "closed",
        "partially_upheld",
        False,
    )
    assert [(i["summary"], i["decision"]) for i in row.issues] == [
        ("Boiler repair delay", "upheld"),
        ("Poor communication", "not_upheld"),
    ]
    met = {d["key"]: d["met_on"] for d in row.deadlines}
    assert met["stage_1_response"] == today.isoformat()
    assert row.parties["representative"]["has_consent"] is True
    assert row.remedies[0]["description"] == "We apologise for the delay"

    # The rebuild from the event log gives the same row.
    assert await differences(complaints.sessionmaker, [reference]) == []
    assert await rebuild(complaints.sessionmaker, [reference]) == 1
    async with complaints.sessionmaker() as session:
        rebuilt = await session.get(Complaint, reference)
    assert rebuilt is not None
    live = {c.key: getattr(row, c.key) for c in Complaint.__table__.c if c.key != "updated_at"}
    again = {c.key: getattr(rebuilt, c.key) for c in Complaint.__table__.c if c.key != "updated_at"}
    assert again == live


async def test_r_com_1_post_and_large_print_go_to_the_print_queue(complaints: Complaints) -> None:
    handle = await opened(
        complaints,
        complainant=Complainant(
            name="Pat Lee",
            address="2 Oak Lane, Leeds LS2 2BB",
            postcode="LS2 2BB",
            preferences=ContactPreferences(channel="post", large_print=True),
        ),
    )
    reference = handle.id
    [queued] = await eventually(
        lambda: deliveries(complaints, reference), lambda found: len(found) == 1
    )
    assert (queued.channel, queued.status, queued.address) == (
        "post",
        "queued",
        "2 Oak Lane, Leeds LS2 2BB",
    )
    folder = complaints.settings.print_queue_path
    [pdf] = list(folder.glob(f"{reference}-acknowledgement-*.pdf"))
    page = PdfReader(pdf).pages[0].extract_text()
    assert "Pat Lee" in page and reference in page
    assert complaints.mail.for_reference(reference) == []


async def test_r_com_2_a_restriction_to_post_overrides_the_email_preference(
    complaints: Complaints,
) -> None:
    await complaints.start_of_working_day()
    handle = await complaints.log()
    today = await complaints.today()
    await complaints.act(
        handle,
        "record_restriction",
        RecordRestrictionInput(
            by="officer",
            restriction=ContactRestriction(
                reason="Abusive emails to staff",
                restriction="Written contact by post only",
                review_on=today + timedelta(days=90),
                channel="post",
            ),
        ),
    )
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(
        handle,
        "acknowledge",
        AcknowledgeInput(
            by=HANDLER.id, definition="Boiler", outcomes_sought="Fix it", issues=["Boiler"]
        ),
    )
    found = await eventually(lambda: deliveries(complaints, handle.id), lambda rows: len(rows) >= 1)
    assert {d.channel for d in found} == {"post"}
    assert complaints.mail.for_reference(handle.id) == []


async def test_r_s1_2_the_manager_is_emailed_when_the_response_is_late(
    complaints: Complaints,
) -> None:
    await staff_on_file(complaints)
    handle = await opened(complaints)
    state = await complaints.state(handle)
    due: date = state.deadlines["stage_1_response"].due
    cal = complaints.cal(due)
    await complaints.advance_to_day(cal.add_working_days(due, 2), hour=12)
    await complaints.quiet(handle.id)

    mail = await eventually(
        lambda: _mail(complaints, handle.id),
        lambda found: any(m["To"] == MANAGER.email for m in found),
    )
    breach = [m for m in mail if m["To"] == MANAGER.email]
    assert any("Deadline missed" in m["Subject"] for m in breach)
    reminders = [m for m in mail if m["To"] == HANDLER.email]
    assert reminders, "the handler is reminded before the due date"
