"""R-DP-2 on the real store: a manager exports everything held about a person as one zip:
every letter and document of each of their complaints and hazards (the hazard's report and
steps, and its kept start input), the record as JSON and PDF, staff names marked for review,
the complaints mailbox's messages and the resident's sign-in links, and nothing of any
other resident."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

from intake.hazards import form_report, open_from_form
from models.effects import Recipient
from models.hazard import Finding, HazardKind, HazardTenant
from models.hazard_steps import FindingInput, SummaryInput, TriageInput
from store import queries
from store.tables import MailMessage
from tests.dataprotection.steps import acknowledged, keep
from tests.harness import Complaints
from tests.hazards.harness import act, start_hazard
from web.resident_links import new_link
from workflows.hazard import HazardWorkflow

WREN = {"name": "Winifred Wren", "email": "winifred.wren@example.net", "postcode": "BS1 4DJ"}
OTHER = {"name": "Oswald Ormerod", "email": "oswald.ormerod@example.net", "postcode": "BS1 4DJ"}


def contents(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode("latin-1") for name in archive.namelist())


async def test_r_dp_2_the_bundle_holds_every_letter_and_document_and_no_one_else(
    browser: Any, complaints: Complaints
) -> None:
    first = await acknowledged(browser, complaints, **WREN)
    second = await acknowledged(browser, complaints, **WREN, description="The lift is broken.")
    other = await acknowledged(browser, complaints, **OTHER)
    await keep(browser, first, "wren-photos.txt", b"Photos of the damp, Winifred Wren")
    await keep(browser, other, "ormerod.txt", b"Oswald Ormerod's note")
    manager = await browser("manager")

    response = await manager.post("/manager/subject-access", {"email": WREN["email"].upper()})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    for reference in (first, second):
        async with complaints.sessionmaker() as session:
            letters = await queries.list_letters(session, reference)
            documents = await queries.list_documents(session, reference)
        assert letters and documents
        for letter in letters:
            assert f"{reference}/letters/{letter.seq:04d}-{letter.letter}.html" in names
        for document in documents:
            kept = f"{reference}/documents/{document.id}-{document.name}"
            assert kept in names
        record = json.loads(archive.read(f"{reference}/record.json"))
        assert record["complaint"]["email"] == WREN["email"]
        assert archive.read(f"{reference}/record.pdf").startswith(b"%PDF")
    assert archive.read(f"{first}/documents/" + _named(names, first, "wren-photos.txt")) == (
        b"Photos of the damp, Winifred Wren"
    )
    everything = contents(archive)
    assert other not in everything and "Ormerod" not in everything
    assert "[REVIEW: Hana Khan]" in everything  # the handler, for the reviewer to decide
    assert "Review before release" in archive.read("README.txt").decode()


def _named(names: list[str], reference: str, name: str) -> str:
    [found] = [n for n in names if n.startswith(f"{reference}/documents/") and n.endswith(name)]
    return found.removeprefix(f"{reference}/documents/")


async def test_a_search_by_postcode_finds_everyone_at_it_and_by_name_only_the_person(
    browser: Any, complaints: Complaints
) -> None:
    wren = await acknowledged(browser, complaints, **WREN)
    manager = await browser("manager")

    by_name = await manager.post("/manager/subject-access", {"name": "  winifred   WREN "})

    assert by_name.status_code == 200
    listed = zipfile.ZipFile(io.BytesIO(by_name.content)).read("README.txt").decode()
    assert wren in listed


async def test_only_managers_export_and_an_empty_search_is_refused_beside_the_form(
    browser: Any, complaints: Complaints
) -> None:
    officer = await browser("officer")
    manager = await browser("manager")

    refused = await officer.post("/manager/subject-access", {"email": WREN["email"]})
    page = await officer.get("/manager/subject-access")
    empty = await manager.post("/manager/subject-access", {"email": " "})
    nobody = await manager.post("/manager/subject-access", {"email": "nobody@example.net"})

    assert (refused.status_code, page.status_code) == (403, 403)
    assert empty.status_code == 422 and "Enter an email address, a postcode or a name" in empty.text
    assert nobody.status_code == 404 and 'id="not-found"' in nobody.text
    assert (await manager.get("/manager/subject-access")).status_code == 200


async def test_r_dp_2_the_record_holds_the_persons_mail_and_sign_in_links(
    browser: Any, complaints: Complaints
) -> None:
    reference = await acknowledged(browser, complaints, **WREN)
    now = datetime.now(UTC)
    await new_link(complaints.sessionmaker, reference, WREN["email"], now)
    async with complaints.sessionmaker() as session:
        session.add(
            MailMessage(
                key=f"<damp.{reference}@example.net>",
                mailbox="INBOX",
                uidvalidity=1,
                uid=1,
                received_at=now,
                sender_name="Winifred Wren",
                sender_email=WREN["email"],
                subject="The damp is back",
                body="It came back after the rain.",
                raw=b"Subject: The damp is back",
                thread_reference=reference,
                status="joined",
                reference=reference,
            )
        )
        await session.commit()
    manager = await browser("manager")

    response = await manager.post("/manager/subject-access", {"email": WREN["email"]})

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    record = json.loads(archive.read(f"{reference}/record.json"))
    [mail] = record["mail_messages"]
    assert (mail["subject"], mail["body"]) == ("The damp is back", "It came back after the rain.")
    assert "raw" not in mail
    [link] = record["resident_links"]
    assert link["email"] == WREN["email"] and "token_hash" not in link


async def summarised(complaints: Complaints, hazard: Any) -> None:
    """Triaged significant, found significant and the written summary sent (a letter)."""
    await act(complaints, hazard, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT))
    now = await complaints.now()
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=now,
        what_was_found="Mould from a blocked air brick",
        risk="Respiratory risk",
    )
    await act(complaints, hazard, HazardWorkflow.record_finding, finding)
    summary = SummaryInput(
        what_was_found="Mould from a blocked air brick",
        hazard_and_risk="Damp and mould: a risk to breathing.",
        no_works_reason="The works are being planned; we will write with their dates.",
        contact="Call 0300 000 0000.",
    )
    await act(complaints, hazard, HazardWorkflow.send_summary, summary)


def tenant(person: dict[str, str]) -> HazardTenant:
    return HazardTenant(
        name=person["name"], recipients=[Recipient(name=person["name"], email=person["email"])]
    )


async def test_r_dp_2_the_bundle_holds_the_persons_hazards_and_no_one_elses(
    browser: Any, complaints: Complaints
) -> None:
    complaint = await acknowledged(browser, complaints, **WREN)
    client = complaints.env.client
    intake = (await complaints.state(client.get_workflow_handle(complaint))).intake
    now = await complaints.now()
    report = form_report(intake, "damp_or_mould", "the box room", "one adult", now)
    args = (complaints.sessionmaker, client, complaints.task_queue)
    linked = await open_from_form(*args, intake, complaint, report, now)
    assert linked is not None
    complaints.started.append(linked)
    await complaints.quiet(linked)
    await summarised(complaints, client.get_workflow_handle(linked))
    own = await start_hazard(complaints, tenant=tenant(WREN))  # reported on its own
    await summarised(complaints, own)
    other = await start_hazard(complaints, tenant=tenant(OTHER))
    await summarised(complaints, other)
    manager = await browser("manager")

    response = await manager.post("/manager/subject-access", {"email": WREN["email"]})

    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    for reference in (linked, own.id):
        record = json.loads(archive.read(f"{reference}/record.json"))
        assert record["hazard"]["state"]["report"]["hazard"] == "damp_and_mould"
        assert record["hazard"]["state"]["found"] == "Mould from a blocked air brick"
        kinds = {event["kind"] for event in record["timeline"]}
        assert {"hazard_reported", "hazard_triaged", "hazard_investigated"} <= kinds
        async with complaints.sessionmaker() as session:
            letters = await queries.list_letters(session, reference)
        assert letters and record["letters"]
        for letter in letters:
            html = archive.read(f"{reference}/letters/{letter.seq:04d}-{letter.letter}.html")
            assert WREN["name"] in html.decode() and b"cannot be shown" not in html
        assert archive.read(f"{reference}/record.pdf").startswith(b"%PDF")
    kept = json.loads(archive.read(f"{linked}/record.json"))["kept_start"]
    assert kept["tenant"]["name"] == WREN["name"] and kept["complaint_reference"] == complaint
    assert f"{complaint}/record.json" in names
    everything = contents(archive)
    assert other.id not in everything and "Ormerod" not in everything
    assert linked in archive.read("README.txt").decode()
